// gui/bridge/cluster_view.hpp: turns engine cluster state (model::
// ClusterSnapshot) into the cluster part of a UiSnapshot: store rows with
// leader history, the region heat grid (rebuilt only when a new region scan
// arrives), region health and flow trends. Runs on the bridge's PD thread;
// keeps the short history the sparklines need. Not thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <vector>

#include "gui/ui_snapshot.hpp"
#include "model/cluster_snapshot.hpp"

namespace medic::gui::bridge {

struct ClusterPart {
    std::vector<StoreRow> stores;
    HeatGrid heat;
    RegionHealth health;
    ClusterTrends trends;
    std::string taken_at;  // "HH:MM:SS" UTC
};

class ClusterView {
public:
    /// @param history samples kept for sparklines (one per update)
    explicit ClusterView(std::size_t history = 120, int heat_buckets = 64);

    /// Folds in a new snapshot and returns the cluster part to publish.
    ClusterPart update(const model::ClusterSnapshot& snap, double sample_interval_s);

private:
    void update_heat(const model::ClusterSnapshot& snap);
    StoreRow store_row(const pd::Store& s, std::int64_t now_ms);

    std::size_t history_;
    int buckets_;
    std::map<std::uint64_t, std::deque<float>> leader_history_;
    std::deque<float> write_hist_, read_hist_;
    const model::RegionTable* heat_table_ = nullptr;  // table the heat grid was built from
    std::shared_ptr<const model::RegionTable> heat_table_hold_;
    HeatGrid heat_;
    RegionHealth health_;
    float write_now_ = 0, read_now_ = 0;
};

/// "HH:MM:SS" UTC of a Unix-ms time.
std::string clock_utc(std::int64_t ms);
/// Lower-case hex of raw key bytes, cut to `max_bytes` bytes.
std::string hex_key(std::string_view raw, std::size_t max_bytes = 16);

}  // namespace medic::gui::bridge
