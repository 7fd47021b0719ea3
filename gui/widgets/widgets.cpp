// gui/widgets/widgets.cpp: badge, bars, sparklines and text formatting.
#include "widgets.hpp"

#include <algorithm>
#include <cstdio>

#include "../theme.hpp"

namespace medic::gui::widgets {

void badge(const char* text, ImVec4 colour) {
    ImVec2 ts = ImGui::CalcTextSize(text);
    ImVec2 pad(6, 1);
    ImVec2 p = ImGui::GetCursorScreenPos();
    ImVec2 size(ts.x + pad.x * 2, ImGui::GetTextLineHeight() + pad.y * 2);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec4 bg = colour;
    bg.w = 0.22f;
    dl->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), ImGui::GetColorU32(bg), 3.0f);
    dl->AddRect(p, ImVec2(p.x + size.x, p.y + size.y), ImGui::GetColorU32(colour), 3.0f);
    dl->AddText(ImVec2(p.x + pad.x, p.y + pad.y), ImGui::GetColorU32(colour), text);
    ImGui::Dummy(size);
}

void dot_text(ImVec4 colour, const char* text) {
    ImGui::TextColored(colour, "%s", theme::sym_dot());
    ImGui::SameLine(0, 4);
    ImGui::TextUnformatted(text);
}

void capacity_bar(float ratio, float width, const char* overlay) {
    ratio = std::clamp(ratio, 0.0f, 1.0f);
    ImVec4 c = ratio >= 0.9f ? theme::kBad : ratio >= 0.75f ? theme::kWarn : theme::kGood;
    ImGui::PushStyleColor(ImGuiCol_PlotHistogram, c);
    ImGui::ProgressBar(ratio, ImVec2(width, ImGui::GetTextLineHeight()), overlay);
    ImGui::PopStyleColor();
}

void sparkline(const char* id, const std::vector<float>& values, ImVec2 size, ImVec4 colour) {
    if (size.x < 0) size.x = std::max(1.0f, ImGui::GetContentRegionAvail().x + size.x + 1);
    ImGui::PushID(id);
    if (values.size() < 2) {
        ImGui::Dummy(size);
    } else {
        ImGui::PushStyleColor(ImGuiCol_PlotLines, colour);
        ImGui::PushStyleColor(ImGuiCol_FrameBg, ImVec4(0, 0, 0, 0));
        ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(0, 1));
        float lo = *std::min_element(values.begin(), values.end());
        float hi = *std::max_element(values.begin(), values.end());
        if (hi - lo < 1e-6f) { lo -= 1; hi += 1; }
        ImGui::PlotLines("##spark", values.data(), static_cast<int>(values.size()), 0, nullptr, lo, hi, size);
        ImGui::PopStyleVar();
        ImGui::PopStyleColor(2);
    }
    ImGui::PopID();
}

void section(const char* title) {
    ImGui::Spacing();
    ImGui::PushStyleColor(ImGuiCol_Text, theme::kMuted);
    ImGui::TextUnformatted(title);
    ImGui::PopStyleColor();
    ImGui::Separator();
}

void plain_text(const std::string& text) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(text.data(), text.data() + text.size());
    ImGui::PopTextWrapPos();
}

void empty_state(const char* text) {
    float w = ImGui::GetContentRegionAvail().x;
    float tw = ImGui::CalcTextSize(text).x;
    ImGui::Spacing();
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.0f, (w - tw) * 0.5f));
    ImGui::TextDisabled("%s", text);
    ImGui::Spacing();
}

void hover_tip(const std::string& text) {
    if (text.empty() || !ImGui::IsItemHovered()) return;
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0f);
    ImGui::TextUnformatted(text.data(), text.data() + text.size());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

void callout(ImVec4 colour, const std::string& text) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->ChannelsSplit(2);
    dl->ChannelsSetCurrent(1);
    ImVec2 start = ImGui::GetCursorScreenPos();
    ImGui::Indent(8);
    ImGui::Dummy(ImVec2(0, 2));
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    plain_text(text);
    ImGui::PopStyleColor();
    ImGui::Dummy(ImVec2(0, 2));
    ImGui::Unindent(8);
    ImVec2 end(start.x + ImGui::GetContentRegionAvail().x, ImGui::GetItemRectMax().y);
    dl->ChannelsSetCurrent(0);
    ImVec4 bg = colour;
    bg.w = 0.12f;
    dl->AddRectFilled(start, end, ImGui::GetColorU32(bg), 3.0f);
    dl->AddRectFilled(start, ImVec2(start.x + 3, end.y), ImGui::GetColorU32(colour));
    dl->ChannelsMerge();
}

std::string format_bytes(double bytes) {
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    int u = 0;
    while (bytes >= 1024.0 && u < 5) { bytes /= 1024.0; ++u; }
    char buf[32];
    std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", bytes, units[u]);
    return buf;
}

std::string format_rate(double bytes_per_s) { return format_bytes(bytes_per_s) + "/s"; }

std::string format_age(double s) {
    char buf[32];
    if (s < 0) return "never";
    if (s < 60) std::snprintf(buf, sizeof buf, "%.0fs", s);
    else if (s < 3600) std::snprintf(buf, sizeof buf, "%dm %02ds", static_cast<int>(s) / 60, static_cast<int>(s) % 60);
    else if (s < 86400) std::snprintf(buf, sizeof buf, "%.1fh", s / 3600);
    else std::snprintf(buf, sizeof buf, "%.1fd", s / 86400);
    return buf;
}

std::string format_count(std::uint64_t n) {
    std::string digits = std::to_string(n), out;
    int k = 0;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it, ++k) {
        if (k && k % 3 == 0) out.insert(out.begin(), ',');
        out.insert(out.begin(), *it);
    }
    return out;
}

}  // namespace medic::gui::widgets
