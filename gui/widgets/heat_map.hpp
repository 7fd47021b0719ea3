// gui/widgets/heat_map.hpp: draws a HeatGrid (stores x key-range buckets).
// Only the visible store rows are drawn (ImGuiListClipper), and the grid was
// aggregated off the GUI thread, so a frame costs the same at a million
// regions as at a thousand.
#pragma once

#include <imgui.h>

#include "../ui_snapshot.hpp"

namespace medic::gui {

class HeatMap {
public:
    /// Draws the grid coloured by `metric` into a child of `size` (0: fill).
    void draw(const HeatGrid& grid, const std::vector<StoreRow>& stores, HeatMetric metric, ImVec2 size);

    /// Colour of a value normalised to 0..1 (log-scaled by the caller for flows).
    static ImU32 ramp(float t, HeatMetric metric);

private:
    void draw_row(const HeatGrid& grid, std::size_t row, HeatMetric metric, float label_w, float cell_w,
                  float row_h);
    void draw_tooltip(const HeatGrid& grid, const std::vector<StoreRow>& stores, std::size_t row, int bucket);
    void draw_key_axis(const HeatGrid& grid, float label_w, float cell_w);
};

}  // namespace medic::gui
