// engine/model/cluster_snapshot.hpp: ClusterSnapshot, an immutable view of the
// cluster at one moment — stores, regions (RegionTable), hot-region stats,
// schedule/replication config, PD health — shared between threads as
// std::shared_ptr<const ClusterSnapshot>.
//
// Stores are refreshed every Monitor tick; regions come from the slower full
// /regions scan, so a snapshot holds its RegionTable through a shared_ptr and
// consecutive snapshots share one table until the next scan
// (regions_taken_at_ms says how old it is). Build with ClusterSnapshot::Builder
// (the Monitor and tests both do). No I/O here.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/region_table.hpp"
#include "pd/types.hpp"

namespace medic::model {

/// One region in a hot-region ranking (from /hotspot/regions/*, leader side).
struct HotRegion {
    uint64_t region_id = 0;
    uint64_t store_id = 0;  ///< the leader's store
    pd::HotKind kind = pd::HotKind::Write;
    uint64_t hot_degree = 0;
    double flow_bytes = 0;
    double flow_keys = 0;
    double flow_query = 0;
};

/// What the last poll learned about PD itself.
struct PdHealth {
    std::string leader_name;  ///< "" when PD reports no leader
    std::string endpoint;     ///< the member URL that answered
    std::vector<pd::PdMember> members;  ///< from /health, with .health set
};

class ClusterSnapshot {
public:
    class Builder;

    int64_t taken_at_ms() const { return taken_at_ms_; }  ///< Unix ms of the store poll
    int64_t regions_taken_at_ms() const { return regions_taken_at_ms_; }  ///< 0: never scanned

    // -- stores (sorted by id)
    const std::vector<pd::Store>& stores() const { return stores_; }
    const pd::Store* store(uint64_t id) const;

    // -- regions
    bool has_regions() const { return regions_ != nullptr; }
    size_t region_count() const { return regions_ ? regions_->size() : 0; }
    /// The shared table (never null: an empty table before the first scan).
    const RegionTable& regions() const { return *regions_or_empty(); }
    std::shared_ptr<const RegionTable> region_table() const { return regions_; }
    std::optional<RegionRef> region(uint64_t id) const { return regions().find(id); }
    std::optional<RegionRef> region_by_key(std::string_view raw_key) const {
        return regions().find_by_key(raw_key);
    }
    /// Leaders / peers per store derived from the regions (sorted by store id).
    const std::vector<StoreRegionStats>& store_region_stats() const { return regions().store_stats(); }
    /// Rows (of regions()) with down/pending/missing/extra peers or no leader.
    const std::vector<uint32_t>& unhealthy_regions() const { return regions().unhealthy_rows(); }

    // -- hot spots
    /// Hot regions by descending flow_bytes (write then read lists).
    const std::vector<HotRegion>& hot_regions(pd::HotKind kind) const {
        return hot_[size_t(kind)];
    }
    const pd::HotStores& hot_stores() const { return hot_stores_; }

    // -- config and PD
    const pd::ScheduleConfig& schedule() const { return schedule_; }
    const pd::ReplicationConfig& replication() const { return replication_; }
    const PdHealth& pd_health() const { return pd_health_; }

private:
    const RegionTable* regions_or_empty() const;
    int64_t taken_at_ms_ = 0;
    int64_t regions_taken_at_ms_ = 0;
    std::vector<pd::Store> stores_;
    std::shared_ptr<const RegionTable> regions_;
    std::vector<HotRegion> hot_[2];
    pd::HotStores hot_stores_;
    pd::ScheduleConfig schedule_;
    pd::ReplicationConfig replication_;
    PdHealth pd_health_;
};

using SnapshotPtr = std::shared_ptr<const ClusterSnapshot>;

/// Assembles a snapshot. Every setter may be called in any order; build()
/// sorts stores by id and ranks hot regions.
class ClusterSnapshot::Builder {
public:
    Builder& taken_at_ms(int64_t ms);
    Builder& stores(std::vector<pd::Store> s);
    Builder& add_store(pd::Store s);
    Builder& regions(std::shared_ptr<const RegionTable> t, int64_t taken_at_ms);
    Builder& hot(const pd::HotRegions& h);  ///< ranks its as_leader statistics
    Builder& hot_stores(pd::HotStores h);
    Builder& schedule(pd::ScheduleConfig c);
    Builder& replication(pd::ReplicationConfig c);
    Builder& pd_health(PdHealth h);
    std::shared_ptr<const ClusterSnapshot> build();

private:
    std::unique_ptr<ClusterSnapshot> s_ = std::make_unique<ClusterSnapshot>();
};

}  // namespace medic::model
