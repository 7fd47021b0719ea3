// gui/heat_grid_builder.cpp: one pass, dense store-id lookup.
#include "heat_grid_builder.hpp"

#include <algorithm>

namespace medic::gui {
namespace {
constexpr std::uint64_t kMaxDenseId = 1u << 20;  // larger ids fall back to a search
}

HeatGridBuilder::HeatGridBuilder(std::vector<std::uint64_t> store_ids, std::size_t region_count, int buckets)
    : region_count_(region_count) {
    grid_.store_ids = std::move(store_ids);
    long max_buckets = static_cast<long>(std::max<std::size_t>(region_count, 1));
    grid_.buckets = static_cast<int>(std::clamp<long>(buckets, 1, max_buckets));
    auto cells = grid_.store_ids.size() * static_cast<std::size_t>(grid_.buckets);
    for (auto& v : grid_.values) v.assign(cells, 0.0f);
    grid_.bucket_start_keys.resize(static_cast<std::size_t>(grid_.buckets));
    grid_.bucket_regions.assign(static_cast<std::size_t>(grid_.buckets), 0);
    std::uint64_t max_id = 0;
    for (auto id : grid_.store_ids) max_id = std::max(max_id, id);
    if (max_id < kMaxDenseId) {
        dense_rows_.assign(max_id + 1, -1);
        for (std::size_t r = 0; r < grid_.store_ids.size(); ++r) dense_rows_[grid_.store_ids[r]] = static_cast<int>(r);
    }
}

long HeatGridBuilder::row_of(std::uint64_t id) const {
    if (!dense_rows_.empty()) return id < dense_rows_.size() ? dense_rows_[id] : -1;
    auto it = std::find(grid_.store_ids.begin(), grid_.store_ids.end(), id);
    return it == grid_.store_ids.end() ? -1 : static_cast<long>(it - grid_.store_ids.begin());
}

void HeatGridBuilder::bump(HeatMetric m, long row, int bucket, float v) {
    if (row < 0) return;
    grid_.values[static_cast<std::size_t>(m)][static_cast<std::size_t>(row) * static_cast<std::size_t>(grid_.buckets) +
                                              static_cast<std::size_t>(bucket)] += v;
}

void HeatGridBuilder::add(std::size_t key_rank, std::string_view start_key_hex, std::uint64_t leader_store,
                          std::span<const std::uint64_t> peer_stores, float write_bytes_s, float read_bytes_s,
                          bool unhealthy) {
    std::size_t n = std::max<std::size_t>(region_count_, 1);
    auto bucket = static_cast<int>(std::min<std::size_t>(key_rank, n - 1) * static_cast<std::size_t>(grid_.buckets) / n);
    auto b = static_cast<std::size_t>(bucket);
    if (grid_.bucket_regions[b]++ == 0) grid_.bucket_start_keys[b] = std::string(start_key_hex);
    long leader_row = row_of(leader_store);
    bump(HeatMetric::WriteFlow, leader_row, bucket, write_bytes_s);
    bump(HeatMetric::ReadFlow, leader_row, bucket, read_bytes_s);
    bump(HeatMetric::Leaders, leader_row, bucket, 1);
    for (auto s : peer_stores) {
        long row = row_of(s);
        bump(HeatMetric::Regions, row, bucket, 1);
        if (unhealthy) bump(HeatMetric::Unhealthy, row, bucket, 1);
    }
}

HeatGrid HeatGridBuilder::finish(std::string end_key_hex) && {
    grid_.end_key = std::move(end_key_hex);
    for (std::size_t m = 0; m < kHeatMetricCount; ++m) {
        const auto& v = grid_.values[m];
        grid_.max[m] = v.empty() ? 0.0f : *std::max_element(v.begin(), v.end());
    }
    return std::move(grid_);
}

}  // namespace medic::gui
