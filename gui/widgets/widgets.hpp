// gui/widgets/widgets.hpp: small drawing helpers shared by the panels
// (badges, bars, sparklines, section headers) and text formatting for
// bytes, ages and counts. Stateless: they draw the item and return.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <string>
#include <vector>

namespace medic::gui::widgets {

/// A filled rounded label, e.g. a state or risk. Advances like one text item.
void badge(const char* text, ImVec4 colour);
/// Coloured dot followed by text.
void dot_text(ImVec4 colour, const char* text);
/// A horizontal bar filled to `ratio` (0..1), coloured by fullness.
void capacity_bar(float ratio, float width, const char* overlay);
/// A tiny line chart of `values`; no label, no interaction.
void sparkline(const char* id, const std::vector<float>& values, ImVec2 size, ImVec4 colour);
/// An upper-case muted heading with a separator.
void section(const char* title);
/// Wrapped plain text: model output goes through here, never through a format string.
void plain_text(const std::string& text);
/// A muted centred line used as every list's empty state.
void empty_state(const char* text);
/// Tooltip with wrapped text when the last item is hovered.
void hover_tip(const std::string& text);
/// A coloured full-width frame with wrapped text (errors, warnings).
void callout(ImVec4 colour, const std::string& text);

std::string format_bytes(double bytes);
std::string format_rate(double bytes_per_s);
std::string format_age(double seconds);
std::string format_count(std::uint64_t n);

}  // namespace medic::gui::widgets
