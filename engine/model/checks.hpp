// engine/model/checks.hpp: the invariant checks, as pure functions from
// observations to Findings (no I/O, no clock: the Monitor passes now_ms).
// Each check belongs to a group; after a group has run, the Monitor closes
// every open incident of that group that the group no longer reports. A group
// whose inputs could not be fetched does not run, so an outage of PD never
// "resolves" incidents by accident.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "pd/result.hpp"
#include "pd/types.hpp"
#include "store/incident_store.hpp"

namespace medic::model {

using store::Finding;

struct CheckOptions {
    double leader_imbalance_ratio = 0.5;  ///< (max-min)/mean of leaders over Up stores
    uint64_t leader_imbalance_min = 10;   ///< ... and at least this many leaders apart
    double region_imbalance_ratio = 0.3;
    uint64_t region_imbalance_min = 20;
    double disk_critical_used_ratio = 0.95;  ///< warning from schedule low-space-ratio
    double offline_stuck_s = 600;            ///< Offline with no region moved for this long
    uint64_t hot_min_degree = 3;
    double hot_region_min_bytes = 1 << 20;  ///< flow bytes/s for a hot_region incident
    size_t hot_region_max = 5;              ///< top N hot regions per kind get incidents
    double hot_store_ratio = 2.0;           ///< store rate vs the median of the others
    double hot_store_min_bytes = 4 << 20;
    int probe_timeouts_to_down = 2;  ///< consecutive probe timeouts that count as dead
};

/// One GET http://<status_address>/status.
struct ProbeResult {
    uint64_t store_id = 0;
    std::string url;
    bool alive = false;
    pd::ErrorKind error = pd::ErrorKind::Transport;  ///< when !alive and no HTTP answer
    int http_status = 0;
    std::string detail;
    int consecutive_failures = 0;  ///< filled by the Monitor
    /// The status server answered at least once since the Monitor started.
    /// A probe that never worked (firewalled port, wrong address) proves
    /// nothing, so only a server that went silent counts as a dead store.
    bool ever_alive = false;
};

/// Per-store memory the Monitor keeps between ticks (offline progress).
struct StoreTrack {
    uint64_t region_count = 0;
    int64_t last_progress_ms = 0;
};

// Group names (also the prefix a group's kinds are registered under).
inline constexpr const char* kGroupStores = "stores";
inline constexpr const char* kGroupPd = "pd";
inline constexpr const char* kGroupReach = "reach";
inline constexpr const char* kGroupHot = "hot";
inline constexpr const char* kGroupRegions = "regions";

/// The group that owns an incident kind ("store_down" -> "stores").
const char* group_of_kind(std::string_view kind);

/// store_down, store_disconnected, store_offline_stuck, disk_full,
/// leader_imbalance, region_imbalance. Region balance is judged within each
/// group of stores sharing the first location label (a zone with one store
/// must hold a replica of every region; that is placement, not imbalance).
std::vector<Finding> check_stores(const std::vector<pd::Store>& stores,
                                  const std::map<uint64_t, ProbeResult>& probes,
                                  const pd::ScheduleConfig& schedule, const pd::ReplicationConfig& replication,
                                  const CheckOptions& o,
                                  std::map<uint64_t, StoreTrack>& track, int64_t now_ms);

/// store_down findings (same key and evidence as check_stores) for the
/// stores whose status probe says dead and failed at least `min_failures`
/// times in a row. The Monitor's probe thread uses it to open store_down
/// between ticks; closing stays with check_stores on the tick.
std::vector<Finding> check_probe_dead(const std::vector<pd::Store>& stores,
                                      const std::map<uint64_t, ProbeResult>& probes, const CheckOptions& o,
                                      int min_failures, int64_t now_ms);

/// pd_unhealthy:<member>, pd_no_leader.
std::vector<Finding> check_pd(const std::optional<std::vector<pd::PdMember>>& health,
                              const pd::Result<pd::PdMember>& leader);

/// pd_unreachable when no PD endpoint answered this tick.
std::vector<Finding> check_reach(const std::optional<pd::PdError>& all_failed,
                                 const std::vector<std::string>& endpoints);

/// region_<kind> (down_peer, pending_peer, miss_peer, extra_peer) from
/// /regions/check/<kind>; one cluster-level incident per kind.
std::vector<Finding> check_region_kind(std::string_view check_kind, const std::vector<pd::Region>& regions);

/// What the grace period (region_grace.hpp) did before a region check:
/// goes into the incident's evidence ("grace", "held_ms") and summary.
struct RegionGraceEvidence {
    int min_checks = 0;
    int64_t min_ms = 0;
    std::vector<int64_t> held_ms;  ///< parallel to the regions passed: how long each has been listed
    size_t in_grace = 0;           ///< listed, not counted yet
    size_t with_operator = 0;      ///< listed, skipped while a PD operator runs on them
};
/// check_region_kind for regions that went through the grace period.
std::vector<Finding> check_region_kind(std::string_view check_kind, const std::vector<pd::Region>& regions,
                                       const RegionGraceEvidence* grace);

/// hot_region:<id>, hot_store:<id>.
std::vector<Finding> check_hot(const pd::HotRegions& write, const pd::HotRegions& read,
                               const pd::HotStores& stores, const CheckOptions& o);

}  // namespace medic::model
