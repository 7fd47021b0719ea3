// engine/pd/types.hpp: the engine's C++ view of PD's HTTP API objects
// (stores, regions, peers, operators, schedule/replication config, hot-region
// statistics, members). pd_json fills these from PD's exact JSON formats
// (shared/pd-api/README.md); everything else in the engine reads them.
//
// Conventions: every id is uint64_t (PD ids routinely exceed 2^53). Region keys
// are RAW key bytes (hex-decoded from PD's upper-case hex) in std::string; ""
// means unbounded. Sizes PD reports in MiB keep the _mib suffix; byte counts
// are plain uint64_t bytes. Enums that reach the audit log, the GUI or Lua have
// a parallel lower-case string table (STYLE 3.2). No parsing or I/O here.
#pragma once

#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace medic::pd {

// ---------------------------------------------------------------- stores

/// metapb.StoreState: the integer `state` PD stores (absent in JSON = Up).
enum class StoreState : uint8_t { Up = 0, Offline = 1, Tombstone = 2, Count };
inline constexpr const char* kStoreStateNames[] = {"up", "offline", "tombstone"};
static_assert(std::size(kStoreStateNames) == size_t(StoreState::Count));

/// PD's `state_name`: the meta state, except an Up store whose heartbeat is
/// older than 20 s is Disconnected and older than max-store-down-time is Down.
enum class StoreStateName : uint8_t { Up, Disconnected, Down, Offline, Tombstone, Count };
inline constexpr const char* kStoreStateNameNames[] = {"up", "disconnected", "down", "offline",
                                                       "tombstone"};
static_assert(std::size(kStoreStateNameNames) == size_t(StoreStateName::Count));
/// PD's own spelling ("Up", "Disconnected", ...), as it appears on the wire.
inline constexpr const char* kStoreStateNameWire[] = {"Up", "Disconnected", "Down", "Offline",
                                                      "Tombstone"};
static_assert(std::size(kStoreStateNameWire) == size_t(StoreStateName::Count));

/// metapb.NodeState: the integer `node_state` (absent = Preparing).
enum class NodeState : uint8_t { Preparing = 0, Serving = 1, Removing = 2, Removed = 3, Count };
inline constexpr const char* kNodeStateNames[] = {"preparing", "serving", "removing", "removed"};
static_assert(std::size(kNodeStateNames) == size_t(NodeState::Count));

inline const char* state_name(StoreState s) { return kStoreStateNames[size_t(s)]; }
inline const char* state_name(StoreStateName s) { return kStoreStateNameNames[size_t(s)]; }
inline const char* state_name(NodeState s) { return kNodeStateNames[size_t(s)]; }
inline const char* wire_name(StoreStateName s) { return kStoreStateNameWire[size_t(s)]; }

struct StoreLabel {
    std::string key;
    std::string value;
    bool operator==(const StoreLabel&) const = default;
};

/// One entry of GET /stores (StoreInfo = {store: MetaStore, status: StoreStatus}).
struct Store {
    // -- store (metapb.Store + state_name)
    uint64_t id = 0;
    std::string address;
    std::string peer_address;
    std::string status_address;  ///< TiKV status server host:port (GET /status, /metrics)
    std::vector<StoreLabel> labels;
    std::string version;  ///< TiKV version without "v", e.g. "8.5.2"
    std::string git_hash;
    std::string deploy_path;
    int64_t start_timestamp = 0;     ///< Unix seconds
    int64_t last_heartbeat_ns = 0;   ///< Unix nanoseconds
    bool physically_destroyed = false;
    StoreState state = StoreState::Up;
    NodeState node_state = NodeState::Preparing;
    StoreStateName state_name = StoreStateName::Up;
    // -- status (StoreStatus)
    uint64_t capacity_bytes = 0;
    uint64_t available_bytes = 0;
    uint64_t used_bytes = 0;
    uint64_t leader_count = 0;
    double leader_weight = 1;
    double leader_score = 0;
    int64_t leader_size_mib = 0;
    uint64_t region_count = 0;
    double region_weight = 1;
    double region_score = 0;
    int64_t region_size_mib = 0;
    uint64_t learner_count = 0;
    uint64_t witness_count = 0;
    uint64_t pending_peer_count = 0;
    uint64_t slow_score = 0;
    uint64_t sending_snap_count = 0;
    uint64_t receiving_snap_count = 0;
    bool is_busy = false;
    bool pause_leader_transfer_in = false;
    bool pause_leader_transfer_out = false;
    std::string start_ts;           ///< RFC 3339 as PD printed it ("" if absent)
    std::string last_heartbeat_ts;  ///< RFC 3339 as PD printed it ("" if absent)
    double uptime_s = 0;            ///< parsed Go duration

    /// Label value for `key`, or "" when the store has no such label.
    std::string_view label(std::string_view key) const {
        for (const auto& l : labels)
            if (l.key == key) return l.value;
        return {};
    }
    /// TiFlash stores carry the label engine=tiflash; they hold learners only.
    bool is_tiflash() const { return label("engine") == "tiflash"; }
    /// Share of capacity still free, 0..1 (1 when capacity is unknown).
    double available_ratio() const {
        return capacity_bytes ? double(available_bytes) / double(capacity_bytes) : 1.0;
    }
};

// ---------------------------------------------------------------- regions

/// metapb.PeerRole (`role`, absent = Voter).
enum class PeerRole : uint8_t { Voter = 0, Learner = 1, IncomingVoter = 2, DemotingVoter = 3, Count };
inline constexpr const char* kPeerRoleNames[] = {"voter", "learner", "incoming_voter",
                                                 "demoting_voter"};
static_assert(std::size(kPeerRoleNames) == size_t(PeerRole::Count));
inline const char* role_name(PeerRole r) { return kPeerRoleNames[size_t(r)]; }

struct Peer {
    uint64_t id = 0;  ///< 0 = no peer (e.g. a region without a known leader)
    uint64_t store_id = 0;
    PeerRole role = PeerRole::Voter;
    bool is_witness = false;
    bool operator==(const Peer&) const = default;
};

struct DownPeer {
    Peer peer;
    uint64_t down_seconds = 0;
};

/// One RegionInfo (GET /region/id/{id}, elements of /regions and friends).
struct Region {
    uint64_t id = 0;
    std::string start_key;  ///< raw bytes; "" = unbounded
    std::string end_key;    ///< raw bytes; "" = unbounded
    uint64_t conf_ver = 0;
    uint64_t version = 0;
    std::vector<Peer> peers;
    Peer leader;  ///< leader.id == 0: no known leader
    std::vector<DownPeer> down_peers;
    std::vector<Peer> pending_peers;
    uint64_t cpu_usage = 0;
    uint64_t written_bytes = 0;
    uint64_t read_bytes = 0;
    uint64_t written_keys = 0;
    uint64_t read_keys = 0;
    int64_t approximate_size_mib = 0;
    int64_t approximate_keys = 0;
    int64_t approximate_kv_size_mib = 0;

    /// Reset to an empty region but keep vector capacity (the bulk parser reuses one).
    void clear() {
        id = conf_ver = version = cpu_usage = 0;
        written_bytes = read_bytes = written_keys = read_keys = 0;
        approximate_size_mib = approximate_keys = approximate_kv_size_mib = 0;
        start_key.clear();
        end_key.clear();
        peers.clear();
        down_peers.clear();
        pending_peers.clear();
        leader = Peer{};
    }
    bool has_leader() const { return leader.id != 0; }
};

// ---------------------------------------------------------------- operators

/// OpObject `status` (pkg/schedule/operator OpStatus).
enum class OpStatus : uint8_t { Created, Started, Success, Canceled, Replaced, Expired, Timeout, Count };
inline constexpr const char* kOpStatusNames[] = {"created", "started", "success", "canceled",
                                                 "replaced", "expired", "timeout"};
static_assert(std::size(kOpStatusNames) == size_t(OpStatus::Count));
inline const char* op_status_name(OpStatus s) { return kOpStatusNames[size_t(s)]; }

/// One element of GET /operators?object. `kind` is a bit mask whose bit values
/// changed between PD versions: keep it, never decode it.
struct OperatorInfo {
    std::string desc;   ///< "admin-transfer-leader"
    std::string brief;  ///< "transfer leader: store 1 to 4"
    uint64_t region_id = 0;
    uint64_t conf_ver = 0;
    uint64_t version = 0;
    uint64_t kind = 0;
    std::string timeout;  ///< Go duration as printed
    double timeout_s = 0;
    OpStatus status = OpStatus::Created;
};

// ---------------------------------------------------------------- config

/// The schedule config fields medic reasons about (GET /config/schedule).
struct ScheduleConfig {
    uint64_t max_snapshot_count = 64;
    uint64_t max_pending_peer_count = 64;
    uint64_t max_merge_region_size = 54;
    uint64_t max_merge_region_keys = 540000;
    uint64_t leader_schedule_limit = 4;
    uint64_t region_schedule_limit = 2048;
    uint64_t replica_schedule_limit = 64;
    uint64_t merge_schedule_limit = 8;
    uint64_t hot_region_schedule_limit = 4;
    double max_store_down_time_s = 1800;
    double split_merge_interval_s = 3600;
    double patrol_region_interval_s = 0.01;
    std::string leader_schedule_policy = "count";
    double tolerant_size_ratio = 0;
    double low_space_ratio = 0.8;
    double high_space_ratio = 0.7;
    bool enable_remove_down_replica = true;
    bool enable_replace_offline_replica = true;
    bool enable_make_up_replica = true;
    bool enable_remove_extra_replica = true;
};

/// GET /config/replicate.
struct ReplicationConfig {
    uint64_t max_replicas = 3;
    std::vector<std::string> location_labels;  ///< PD sends one comma-joined string
    bool strictly_match_label = false;
    bool enable_placement_rules = true;
    std::string isolation_level;
};

// ---------------------------------------------------------------- hot regions

/// One `statistics` element of /hotspot/regions/{write,read}.
struct HotPeerStat {
    uint64_t store_id = 0;
    uint64_t region_id = 0;
    bool is_leader = false;
    bool is_learner = false;
    uint64_t hot_degree = 0;
    uint64_t anti_count = 0;
    double flow_bytes = 0;
    double flow_keys = 0;
    double flow_query = 0;
    std::vector<uint64_t> stores;
};

/// One store's HotPeersStat (a value of `as_peer` / `as_leader`).
struct HotStoreStat {
    uint64_t store_id = 0;
    double store_bytes = 0;
    double store_keys = 0;
    double store_query = 0;
    double total_flow_bytes = 0;
    double total_flow_keys = 0;
    double total_flow_query = 0;
    uint64_t regions_count = 0;
    std::vector<HotPeerStat> statistics;
};

enum class HotKind : uint8_t { Write, Read, Count };
inline constexpr const char* kHotKindNames[] = {"write", "read"};
static_assert(std::size(kHotKindNames) == size_t(HotKind::Count));

/// GET /hotspot/regions/write or /read (StoreHotPeersInfos), sorted by store id.
struct HotRegions {
    HotKind kind = HotKind::Write;
    std::vector<HotStoreStat> as_peer;
    std::vector<HotStoreStat> as_leader;
};

using StoreRates = std::vector<std::pair<uint64_t, double>>;  ///< (store id, rate/s), by id

/// GET /hotspot/stores.
struct HotStores {
    StoreRates bytes_write_rate, bytes_read_rate, keys_write_rate, keys_read_rate,
        query_write_rate, query_read_rate;
};

// ---------------------------------------------------------------- members

/// A PD member (GET /leader, /members, /health).
struct PdMember {
    std::string name;
    uint64_t member_id = 0;
    std::vector<std::string> client_urls;
    std::vector<std::string> peer_urls;
    bool health = true;  ///< only meaningful for /health
};

/// GET /cluster.
struct ClusterInfo {
    uint64_t id = 0;
    uint64_t max_peer_count = 0;
};

}  // namespace medic::pd
