// gui/heat_grid_builder.hpp: aggregates regions (any number, in key order)
// into a HeatGrid of key-range buckets x stores. Runs on the bridge thread,
// one pass over the regions, so the GUI thread never touches a region list.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ui_snapshot.hpp"

namespace medic::gui {

class HeatGridBuilder {
public:
    /// @param store_ids    the grid's rows, in display order
    /// @param region_count how many regions add() will be called with
    /// @param buckets      key-range columns (clamped to 1..region_count)
    HeatGridBuilder(std::vector<std::uint64_t> store_ids, std::size_t region_count, int buckets);

    /// Adds the region at `key_rank` (its index in key order). Flows count on
    /// the leader's row; peers and health on every peer's row. Unknown store
    /// ids are ignored (a region may name a store PD no longer lists).
    void add(std::size_t key_rank, std::string_view start_key_hex, std::uint64_t leader_store,
             std::span<const std::uint64_t> peer_stores, float write_bytes_s, float read_bytes_s, bool unhealthy);

    /// @param end_key_hex the end key of the last region ("" = end of keyspace)
    HeatGrid finish(std::string end_key_hex) &&;

private:
    long row_of(std::uint64_t store_id) const;
    void bump(HeatMetric m, long row, int bucket, float v);
    HeatGrid grid_;
    std::size_t region_count_;
    std::vector<int> dense_rows_;  // store id -> row (ids are small in PD), -1 = none
};

}  // namespace medic::gui
