// Cluster model of pdsim: TiKV stores and the regions that tile the key
// space, stored compactly for a million regions (fixed-size Region structs
// in a slot vector, keys in one append-only arena, a start-key ordered index
// of slots, per-store counters maintained incrementally). No HTTP, no
// scheduling policy and no clock here: callers pass the simulated time.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace pdsim {

enum class PeerRole : uint8_t { Voter = 0, Learner = 1, IncomingVoter = 2, DemotingVoter = 3 };
const char* role_name(PeerRole r);

struct Peer {
  uint64_t id = 0;
  uint32_t store = 0;  // store slot (index into Cluster::stores()), not the id
  PeerRole role = PeerRole::Voter;
  uint8_t pending = 0;  // 1 while the peer is catching up (snapshot in flight)
};

constexpr int kMaxPeers = 6;

struct KeyRef {
  uint32_t off = 0;
  uint32_t len = 0;
};

struct Region {
  uint64_t id = 0;  // 0 = free slot
  KeyRef start, end;
  uint32_t conf_ver = 1, version = 1;
  uint32_t size_mib = 1, keys = 0;
  // Flow of the last region heartbeat interval (60 s), as PD reports it.
  uint32_t wbytes = 0, rbytes = 0, wkeys = 0, rkeys = 0;
  uint16_t cpu = 0;
  uint8_t npeers = 0;
  int8_t leader = -1;  // index into peers, -1 = unknown
  uint32_t kv_size_mib = 0;
  Peer peers[kMaxPeers];

  const Peer* leader_peer() const { return leader >= 0 ? &peers[leader] : nullptr; }
  int find_store(uint32_t store_slot) const;
};

struct Store {
  uint64_t id = 0;
  std::string address, peer_address, status_address, version, git_hash, deploy_path;
  std::vector<std::pair<std::string, std::string>> labels;
  int state = 0;       // metapb.StoreState: 0 Up, 1 Offline, 2 Tombstone
  int node_state = 1;  // metapb.NodeState: 0 Preparing, 1 Serving, 2 Removing, 3 Removed
  bool physically_destroyed = false;
  bool purged = false;  // removed by remove-tombstone: invisible everywhere
  int64_t start_timestamp_s = 0;  // TiKV process start
  int64_t last_hb_ns = 0;         // last store heartbeat PD received (0 = never)
  int64_t next_hb_ns = 0;

  // The simulated TiKV process (chaos).
  bool alive = true;          // process running
  bool partitioned = false;   // running, but cut off the network (PD and the other stores)
  int64_t partitioned_ns = 0; // when the partition began
  double hb_delay_s = 0;      // slow store: heartbeats arrive late
  int64_t died_ns = 0;        // when the process stopped (for down peers)
  double disk_fill_ratio = -1;  // >= 0: used/capacity forced by chaos

  uint64_t capacity = 0;
  uint64_t other_used = 0;  // bytes not attributed to regions (logs, WAL)
  double leader_weight = 1, region_weight = 1;
  double add_peer_rate = 15, remove_peer_rate = 15;  // per minute
  double add_tokens = 15, remove_tokens = 15;
  uint64_t slow_score = 1;

  // Derived from regions, maintained incrementally.
  int64_t leader_count = 0, region_count = 0, leader_size = 0, region_size = 0;
  int64_t learner_count = 0, witness_count = 0;
  int64_t sending_snaps = 0, receiving_snaps = 0;

  // Load over the last store heartbeat (per second).
  double bytes_w = 0, bytes_r = 0, keys_w = 0, keys_r = 0, query_w = 0, query_r = 0;

  // Drain progress (DELETE /store/{id}).
  int64_t removing_since_ns = 0;
  int64_t removing_start_size = 0;

  uint64_t used_bytes() const;
  uint64_t available_bytes() const;
  bool is_tiflash() const;
  std::string label(std::string_view key) const;
};

/// Store liveness as PD derives state_name from the last heartbeat.
enum class StoreHealth { Up, Disconnected, Down, Offline, Tombstone };
const char* health_name(StoreHealth h);

class Cluster {
 public:
  // ---- stores
  std::vector<Store>& stores() { return stores_; }
  const std::vector<Store>& stores() const { return stores_; }
  uint32_t add_store(Store s);
  std::optional<uint32_t> store_slot(uint64_t id) const;
  StoreHealth health(const Store& s, int64_t now_ns, int64_t max_down_ns) const;

  // ---- keys
  KeyRef add_key(std::string_view raw);
  std::string_view key(KeyRef k) const { return {arena_.data() + k.off, k.len}; }

  // ---- regions
  uint32_t add_region(const Region& r);  // r.start/end already in the arena
  void finish_load();                    // sort the key index after bulk add
  Region& region(uint32_t slot) { return regions_[slot]; }
  const Region& region(uint32_t slot) const { return regions_[slot]; }
  size_t slot_count() const { return regions_.size(); }
  size_t region_count() const { return by_id_.size(); }
  std::optional<uint32_t> region_slot(uint64_t id) const;
  /// Slots in start-key order.
  const std::vector<uint32_t>& order() const { return order_; }
  /// Position in order() of the region containing raw key k.
  std::optional<size_t> locate(std::string_view k) const;
  /// Position in order() of a live slot.
  size_t position(uint32_t slot) const;

  /// Removes a region's contribution from store counters (call before a change).
  void unaccount(const Region& r);
  /// Adds a region's contribution to store counters (call after a change).
  void account(const Region& r);

  /// Splits slot at raw key (strictly inside the range). The new region takes
  /// the left half [start, key), as TiKV does; both get version+1.
  uint32_t split(uint32_t slot, std::string_view key, uint64_t new_id, uint64_t& next_peer_id);
  /// Merges source into its adjacent target; target version = max+1.
  void merge(uint32_t source, uint32_t target);

  uint64_t alloc_id() { return next_id_++; }
  void reserve_ids(uint64_t above) {
    if (next_id_ <= above) next_id_ = above + 1;
  }
  uint64_t cluster_id = 7412049283746500123ULL;
  size_t arena_bytes() const { return arena_.size(); }

 private:
  std::vector<Store> stores_;
  std::unordered_map<uint64_t, uint32_t> store_by_id_;
  std::string arena_;
  std::vector<Region> regions_;
  std::vector<uint32_t> free_slots_;
  std::unordered_map<uint64_t, uint32_t> by_id_;
  std::vector<uint32_t> order_;
  uint64_t next_id_ = 1000;
};

}  // namespace pdsim
