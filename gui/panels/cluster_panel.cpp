// gui/panels/cluster_panel.cpp: cluster trends, the stores table (sorted,
// filtered, clipped) and the region heat map.
#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cctype>
#include <cstring>

#include "../theme.hpp"
#include "../widgets/widgets.hpp"
#include "panels.hpp"

namespace medic::gui {
namespace {

enum Column { kColId, kColAddress, kColState, kColLeaders, kColRegions, kColCapacity, kColHeartbeat, kColLabels, kColCount };

double used_ratio(const StoreRow& s) {
    if (s.capacity_bytes == 0) return 0;
    return 1.0 - static_cast<double>(s.available_bytes) / static_cast<double>(s.capacity_bytes);
}

bool contains_ci(const std::string& hay, const std::string& needle) {
    if (needle.empty()) return true;
    auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end(),
                          [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) ==
                                                      std::tolower(static_cast<unsigned char>(b)); });
    return it != hay.end();
}

bool less_by(const StoreRow& a, const StoreRow& b, int column) {
    switch (column) {
        case kColAddress: return a.address < b.address;
        case kColState: return a.state < b.state;
        case kColLeaders: return a.leaders < b.leaders;
        case kColRegions: return a.regions < b.regions;
        case kColCapacity: return used_ratio(a) < used_ratio(b);
        case kColHeartbeat: return a.heartbeat_age_s < b.heartbeat_age_s;
        case kColLabels: return a.labels < b.labels;
        default: return a.id < b.id;
    }
}

}  // namespace

ClusterPanel::ClusterPanel() : Panel("Cluster", "cluster") {}

void ClusterPanel::draw_content(const UiSnapshot& snap, CommandSink&) {
    draw_trends(snap);
    draw_toolbar(snap);
    float avail = ImGui::GetContentRegionAvail().y;
    float rows_h = ImGui::GetFrameHeight() * (static_cast<float>(snap.stores.size()) + 1.0f) + 4;
    float table_h = std::clamp(rows_h, 80.0f, std::max(80.0f, avail * 0.52f));
    draw_stores(snap, table_h);
    ImGui::Spacing();
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled("REGIONS  key range x store");
    ImGui::SameLine();
    for (int m = 0; m < static_cast<int>(HeatMetric::Count); ++m) {
        ImGui::SameLine();
        if (ImGui::RadioButton(theme::label(static_cast<HeatMetric>(m)), heat_metric_ == m)) heat_metric_ = m;
    }
    heat_.draw(snap.heat, snap.stores, static_cast<HeatMetric>(heat_metric_), ImVec2(0, 0));
}

void ClusterPanel::draw_trends(const UiSnapshot& snap) {
    const auto& t = snap.trends;
    float w = 110, h = ImGui::GetTextLineHeight() * 1.4f;
    ImGui::TextDisabled("WRITE");
    ImGui::SameLine();
    widgets::sparkline("write", t.write_bytes_s, ImVec2(w, h), theme::kOrange);
    ImGui::SameLine();
    ImGui::Text("%s", t.write_bytes_s.empty() ? "-" : widgets::format_rate(t.write_bytes_s.back()).c_str());
    ImGui::SameLine(0, 24);
    ImGui::TextDisabled("READ");
    ImGui::SameLine();
    widgets::sparkline("read", t.read_bytes_s, ImVec2(w, h), theme::kAccent);
    ImGui::SameLine();
    ImGui::Text("%s", t.read_bytes_s.empty() ? "-" : widgets::format_rate(t.read_bytes_s.back()).c_str());
    ImGui::SameLine(0, 24);
    const auto& hl = snap.health;
    std::uint64_t bad = hl.miss_peer + hl.down_peer + hl.pending_peer + hl.offline_peer + hl.no_leader;
    ImGui::TextDisabled("REGIONS");
    ImGui::SameLine();
    ImGui::Text("%s", widgets::format_count(hl.total).c_str());
    ImGui::SameLine();
    ImGui::TextColored(bad ? theme::kWarn : theme::kGood, bad ? "%s unhealthy" : "all healthy",
                       widgets::format_count(bad).c_str());
    widgets::hover_tip("missing peer " + widgets::format_count(hl.miss_peer) + "\ndown peer " +
                       widgets::format_count(hl.down_peer) + "\npending peer " +
                       widgets::format_count(hl.pending_peer) + "\noffline peer " +
                       widgets::format_count(hl.offline_peer) + "\nextra peer " +
                       widgets::format_count(hl.extra_peer) + "\nno leader " + widgets::format_count(hl.no_leader));
}

void ClusterPanel::draw_toolbar(const UiSnapshot& snap) {
    ImGui::SetNextItemWidth(220);
    ImGui::InputTextWithHint("##filter", "filter: id, address, label, state", &filter_);
    ImGui::SameLine();
    ImGui::Checkbox("only problems", &only_problems_);
    ImGui::SameLine();
    std::size_t up = 0;
    for (const auto& s : snap.stores) up += s.state == StoreState::Up;
    ImGui::TextDisabled("%zu stores, %zu up, showing %zu", snap.stores.size(), up, view_.size());
}

void ClusterPanel::rebuild_view(const UiSnapshot& snap) {
    view_.clear();
    for (std::size_t i = 0; i < snap.stores.size(); ++i) {
        const StoreRow& s = snap.stores[i];
        if (only_problems_ && s.state == StoreState::Up && used_ratio(s) < 0.8) continue;
        if (!filter_.empty() && !contains_ci(std::to_string(s.id), filter_) && !contains_ci(s.address, filter_) &&
            !contains_ci(s.labels, filter_) && !contains_ci(s.state_name, filter_))
            continue;
        view_.push_back(i);
    }
    int col = sort_column_;
    bool asc = sort_ascending_;
    std::stable_sort(view_.begin(), view_.end(), [&](std::size_t a, std::size_t b) {
        const StoreRow& x = snap.stores[a];
        const StoreRow& y = snap.stores[b];
        return asc ? less_by(x, y, col) : less_by(y, x, col);
    });
    view_version_ = snap.version;
    view_filter_ = filter_;
    view_only_problems_ = only_problems_;
    sort_dirty_ = false;
}

void ClusterPanel::draw_stores(const UiSnapshot& snap, float height) {
    if (snap.stores.empty()) {
        widgets::empty_state(snap.connection.connected ? "PD reports no stores." : "Waiting for PD...");
        return;
    }
    ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                            ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("stores", kColCount, flags, ImVec2(0, height))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("ID", ImGuiTableColumnFlags_DefaultSort, 34);
    ImGui::TableSetupColumn("Address", 0, 118);
    ImGui::TableSetupColumn("State", 0, 104);
    ImGui::TableSetupColumn("Leaders", 0, 100);
    ImGui::TableSetupColumn("Regions", 0, 54);
    ImGui::TableSetupColumn("Capacity", 0, 118);
    ImGui::TableSetupColumn("Heartbeat", 0, 66);
    ImGui::TableSetupColumn("Labels", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsDirty) {
        if (specs->SpecsCount > 0) {
            sort_column_ = specs->Specs[0].ColumnIndex;
            sort_ascending_ = specs->Specs[0].SortDirection == ImGuiSortDirection_Ascending;
        }
        specs->SpecsDirty = false;
        sort_dirty_ = true;
    }
    // Re-filter and re-sort only when something changed, not every frame.
    if (sort_dirty_ || view_version_ != snap.version || view_filter_ != filter_ || view_only_problems_ != only_problems_)
        rebuild_view(snap);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(view_.size()));
    while (clipper.Step())
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r)
            draw_store_row(snap.stores[view_[static_cast<std::size_t>(r)]], snap);
    clipper.End();
    ImGui::EndTable();
    if (view_.empty()) widgets::empty_state("No store matches the filter.");
}

void ClusterPanel::draw_store_row(const StoreRow& s, const UiSnapshot&) {
    ImGui::TableNextRow();
    ImGui::PushID(static_cast<int>(s.id));
    ImGui::TableNextColumn();
    ImGui::Text("%llu", static_cast<unsigned long long>(s.id));
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(s.address.c_str());
    ImGui::TableNextColumn();
    widgets::dot_text(theme::colour(s.state), s.state_name.empty() ? theme::label(s.state) : s.state_name.c_str());
    ImGui::TableNextColumn();
    ImGui::Text("%5u", s.leaders);
    ImGui::SameLine();
    widgets::sparkline("lh", s.leader_history, ImVec2(-1, ImGui::GetTextLineHeight()), theme::kAccent);
    ImGui::TableNextColumn();
    ImGui::Text("%u", s.regions);
    ImGui::TableNextColumn();
    char overlay[64];
    std::snprintf(overlay, sizeof overlay, "%.0f%% of %s", used_ratio(s) * 100,
                  widgets::format_bytes(static_cast<double>(s.capacity_bytes)).c_str());
    widgets::capacity_bar(static_cast<float>(used_ratio(s)), -1, overlay);
    ImGui::TableNextColumn();
    bool stale = s.heartbeat_age_s < 0 || s.heartbeat_age_s > 20;
    ImGui::TextColored(stale ? theme::kWarn : theme::kText, "%s", widgets::format_age(s.heartbeat_age_s).c_str());
    ImGui::TableNextColumn();
    ImGui::TextDisabled("%s", s.labels.c_str());
    ImGui::PopID();
}

}  // namespace medic::gui
