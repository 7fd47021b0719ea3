// gui/widgets/heat_map.cpp: the region heat map.
#include "heat_map.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "../theme.hpp"
#include "widgets.hpp"

namespace medic::gui {
namespace {

bool is_flow(HeatMetric m) { return m == HeatMetric::WriteFlow || m == HeatMetric::ReadFlow; }

float normalise(float v, float max, HeatMetric m) {
    if (v <= 0 || max <= 0) return 0;
    // Square root, not log: a hot range stays clearly hotter than the
    // background while quiet ranges still show as faintly lit.
    if (is_flow(m)) return std::clamp(std::sqrt(v / max), 0.0f, 1.0f);
    return std::clamp(v / max, 0.0f, 1.0f);
}

ImVec4 lerp(ImVec4 a, ImVec4 b, float t) {
    return ImVec4(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t, a.z + (b.z - a.z) * t, 1);
}

std::string short_key(const std::string& k) {
    if (k.empty()) return "(start)";
    return k.size() > 14 ? k.substr(0, 12) + "\xE2\x80\xA6" : k;
}

}  // namespace

ImU32 HeatMap::ramp(float t, HeatMetric metric) {
    const ImVec4 cold(0.12f, 0.14f, 0.18f, 1);
    if (t <= 0) return ImGui::GetColorU32(cold);
    if (metric == HeatMetric::Unhealthy)
        return ImGui::GetColorU32(lerp(ImVec4(0.45f, 0.16f, 0.14f, 1), theme::kBad, t));
    // dark blue -> teal -> amber -> red: reads as "cool to hot" without a legend.
    const ImVec4 stops[] = {ImVec4(0.13f, 0.23f, 0.42f, 1), ImVec4(0.10f, 0.55f, 0.60f, 1),
                            ImVec4(0.90f, 0.70f, 0.15f, 1), ImVec4(0.95f, 0.30f, 0.22f, 1)};
    float x = t * 3.0f;
    int i = std::min(2, static_cast<int>(x));
    return ImGui::GetColorU32(lerp(stops[i], stops[i + 1], x - static_cast<float>(i)));
}

void HeatMap::draw(const HeatGrid& grid, const std::vector<StoreRow>& stores, HeatMetric metric, ImVec2 size) {
    if (grid.buckets <= 0 || grid.store_ids.empty()) {
        widgets::empty_state("No regions to show yet.");
        return;
    }
    if (!ImGui::BeginChild("heatmap", size, false)) {
        ImGui::EndChild();
        return;
    }
    float label_w = ImGui::CalcTextSize("store 00000").x;
    float avail = ImGui::GetContentRegionAvail().x - label_w - 4;
    float cell_w = std::max(2.0f, avail / static_cast<float>(grid.buckets));
    float axis_h = ImGui::GetTextLineHeightWithSpacing();
    float fit = (ImGui::GetContentRegionAvail().y - axis_h) / static_cast<float>(grid.store_ids.size());
    float row_h = std::clamp(fit, ImGui::GetTextLineHeight() + 1, ImGui::GetTextLineHeight() * 2.2f);

    ImGui::BeginChild("rows", ImVec2(0, -axis_h), false);
    // Rows abut exactly so the clipper's fixed height and the hover maths hold.
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(0, 0));
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(grid.store_ids.size()), row_h);
    while (clipper.Step())
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r)
            draw_row(grid, static_cast<std::size_t>(r), metric, label_w, cell_w, row_h);
    clipper.End();
    ImGui::PopStyleVar();
    // Hover: find the cell under the mouse from geometry, not per-cell items.
    if (ImGui::IsWindowHovered()) {
        ImVec2 m = ImGui::GetMousePos();
        ImVec2 origin = ImGui::GetWindowPos();
        float y = m.y - origin.y + ImGui::GetScrollY();
        float x = m.x - origin.x - label_w - 4;
        auto row = static_cast<long>(std::floor(y / row_h));
        auto bucket = static_cast<int>(std::floor(x / cell_w));
        if (row >= 0 && static_cast<std::size_t>(row) < grid.store_ids.size() && bucket >= 0 && bucket < grid.buckets)
            draw_tooltip(grid, stores, static_cast<std::size_t>(row), bucket);
    }
    ImGui::EndChild();
    draw_key_axis(grid, label_w, cell_w);
    ImGui::EndChild();
}

void HeatMap::draw_row(const HeatGrid& grid, std::size_t row, HeatMetric metric, float label_w, float cell_w,
                       float row_h) {
    ImVec2 p = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    char label[32];
    std::snprintf(label, sizeof label, "store %llu", static_cast<unsigned long long>(grid.store_ids[row]));
    dl->AddText(ImVec2(p.x, p.y + (row_h - ImGui::GetTextLineHeight()) * 0.5f),
                ImGui::GetColorU32(ImGuiCol_TextDisabled), label);
    float x0 = p.x + label_w + 4;
    float max = grid.max[static_cast<std::size_t>(metric)];
    float gap = cell_w >= 5 ? 1.0f : 0.0f;
    for (int b = 0; b < grid.buckets; ++b) {
        float t = normalise(grid.at(metric, row, b), max, metric);
        float x = x0 + static_cast<float>(b) * cell_w;
        dl->AddRectFilled(ImVec2(x, p.y), ImVec2(x + cell_w - gap, p.y + row_h - 1), ramp(t, metric));
    }
    ImGui::Dummy(ImVec2(label_w + 4 + cell_w * static_cast<float>(grid.buckets), row_h));
}

void HeatMap::draw_tooltip(const HeatGrid& grid, const std::vector<StoreRow>& stores, std::size_t row, int bucket) {
    std::uint64_t id = grid.store_ids[row];
    ImGui::BeginTooltip();
    ImGui::Text("store %llu", static_cast<unsigned long long>(id));
    for (const auto& s : stores)
        if (s.id == id) {
            ImGui::SameLine();
            ImGui::TextColored(theme::colour(s.state), "%s", s.state_name.c_str());
            break;
        }
    const std::string& start = grid.bucket_start_keys[static_cast<std::size_t>(bucket)];
    const std::string& end = bucket + 1 < grid.buckets ? grid.bucket_start_keys[static_cast<std::size_t>(bucket) + 1]
                                                       : grid.end_key;
    ImGui::TextDisabled("keys [%s, %s)", short_key(start).c_str(), end.empty() ? "(end)" : short_key(end).c_str());
    ImGui::Text("regions in range: %s", widgets::format_count(grid.bucket_regions[static_cast<std::size_t>(bucket)]).c_str());
    ImGui::Separator();
    ImGui::Text("write   %s", widgets::format_rate(grid.at(HeatMetric::WriteFlow, row, bucket)).c_str());
    ImGui::Text("read    %s", widgets::format_rate(grid.at(HeatMetric::ReadFlow, row, bucket)).c_str());
    ImGui::Text("peers   %.0f   leaders %.0f", static_cast<double>(grid.at(HeatMetric::Regions, row, bucket)),
                static_cast<double>(grid.at(HeatMetric::Leaders, row, bucket)));
    float bad = grid.at(HeatMetric::Unhealthy, row, bucket);
    ImGui::TextColored(bad > 0 ? theme::kBad : theme::kGood, "unhealthy %.0f", static_cast<double>(bad));
    ImGui::EndTooltip();
}

void HeatMap::draw_key_axis(const HeatGrid& grid, float label_w, float cell_w) {
    ImVec2 p = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImU32 col = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    float x0 = p.x + label_w + 4, width = cell_w * static_cast<float>(grid.buckets);
    dl->AddText(ImVec2(p.x, p.y), col, "key range");
    std::string first = short_key(grid.bucket_start_keys.front());
    dl->AddText(ImVec2(x0, p.y), col, first.c_str());
    std::string last = grid.end_key.empty() ? "(end)" : short_key(grid.end_key);
    float lw = ImGui::CalcTextSize(last.c_str()).x;
    dl->AddText(ImVec2(x0 + width - lw, p.y), col, last.c_str());
    ImGui::Dummy(ImVec2(label_w + width, ImGui::GetTextLineHeight()));
}

}  // namespace medic::gui
