// gui/theme.hpp: the dark theme, the colour and label tables for every enum
// the GUI shows (each static_assert'ed against the enum's Count, STYLE 3.9),
// and the fonts. Colours are chosen to be told apart at a glance on a dark
// background: green is fine, amber needs attention, red is broken.
#pragma once

#include <imgui.h>

#include "ui_snapshot.hpp"

namespace medic::gui::theme {

// Palette (RGBA, 0..1).
inline const ImVec4 kGood{0.25f, 0.73f, 0.31f, 1.0f};
inline const ImVec4 kWarn{0.86f, 0.65f, 0.16f, 1.0f};
inline const ImVec4 kBad{0.97f, 0.32f, 0.29f, 1.0f};
inline const ImVec4 kOrange{0.94f, 0.50f, 0.20f, 1.0f};
inline const ImVec4 kMuted{0.55f, 0.58f, 0.63f, 1.0f};
inline const ImVec4 kAccent{0.30f, 0.56f, 0.99f, 1.0f};
inline const ImVec4 kText{0.90f, 0.92f, 0.95f, 1.0f};
inline const ImVec4 kPurple{0.70f, 0.52f, 0.95f, 1.0f};

const char* label(StoreState s);
const char* label(Severity s);
const char* label(Risk r);
const char* label(ProposalOutcome o);
const char* label(Mode m);
const char* label(RunState s);
const char* label(ParamType t);
const char* label(HeatMetric m);

ImVec4 colour(StoreState s);
ImVec4 colour(Severity s);
ImVec4 colour(Risk r);
ImVec4 colour(ProposalOutcome o);
ImVec4 colour(Mode m);
ImVec4 colour(RunState s);

/// True when approving is impossible whatever a person does.
bool is_refused(ProposalOutcome o);
/// True while a decision can still be made.
bool is_open(ProposalOutcome o);

/// Applies the dark style to the current ImGui context.
void apply_style();

/// Loads DejaVu Sans (+ a large bold face and a mono face) when installed,
/// falling back to ImGui's built-in font, which has no arrows or check marks.
/// Must run before the font atlas is built.
void load_fonts(float base_size);

/// Fonts after load_fonts(); all fall back to the default font.
ImFont* font_large();
ImFont* font_mono();

/// "→", "✓", "✗", "●" when the loaded font has them, else ASCII.
const char* sym_arrow();
const char* sym_ok();
const char* sym_fail();
const char* sym_dot();

}  // namespace medic::gui::theme
