// Sim: the whole simulated PD + TiKV cluster behind one lock. It owns the
// cluster model, the config, the simulated clock, operators, schedulers,
// the workload and the chaos state, and advances them in ticks. HTTP
// handlers take `mu` shared for reads and exclusive for writes; the ticker
// takes it exclusively. Nothing in here knows about HTTP.
#pragma once
#include <atomic>
#include <functional>
#include <cstdint>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "sim/config.hpp"
#include "sim/model.hpp"
#include "sim/operator.hpp"

namespace pdsim {

struct SimOptions {
  std::string addr = "127.0.0.1:2379";
  int members = 1;
  std::string ready_file;
  std::string scenario = "balanced";
  int stores = 0;       // 0 = scenario default
  int64_t regions = 0;  // 0 = scenario default
  uint64_t seed = 1;
  bool step = false;
  double speed = 1.0;
  std::string load_dir;
  // TCP_NODELAY on the listeners (server.cpp), like real PD (Go net/http
  // sets it); --no-tcp-nodelay turns it off (each request on a kept-alive
  // connection then waits ~40 ms for the client's delayed ACK: a way to
  // check that a client does not depend on how fast PD answers).
  bool tcp_nodelay = true;
};

/// Deterministic PRNG (splitmix64): identical sequences on every platform.
struct Rng {
  uint64_t s;
  explicit Rng(uint64_t seed) : s(seed * 0x9E3779B97F4A7C15ULL + 1) {}
  uint64_t next() {
    uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  double uniform() { return double(next() >> 11) / double(1ULL << 53); }
  uint64_t below(uint64_t n) { return n ? next() % n : 0; }
};

struct HotSpot {
  std::string start, end;  // raw keys; empty end = unbounded
  bool write = true;
  double bytes_per_s = 0;
};

struct SchedulerState {
  std::string name;        // e.g. "balance-leader-scheduler"
  std::string type;        // schedulers-v2 type, e.g. "balance-leader"
  int64_t paused_at_ns = 0, resume_at_ns = 0;
  bool disabled = false;
  std::vector<uint64_t> stores;  // evict-/grant-leader stores
};

/// A config item set with POST /config?ttlSecond=N: PD serves the new value
/// until the TTL ends, then the persisted one again.
struct TtlConfig {
  std::string section;   // "schedule", "replication" or "pd-server"
  std::string item;
  ConfigField persisted; // the value before the TTL change
  int64_t expire_ns = 0;
};

struct MemberInfo {
  std::string name;         // pd-1, pd-2, ...
  uint64_t member_id = 0;
  std::string client_url;   // http://127.0.0.1:PORT
  std::string peer_url;
  bool stopped = false;
  int64_t leader_priority = 0;
};

struct ChaosFaults {
  double latency_ms = 0, error_rate = 0, truncate_rate = 0, malformed_rate = 0;
};

class Sim {
 public:
  explicit Sim(const SimOptions& opt);

  mutable std::shared_mutex mu;
  Cluster cluster;
  PdConfig config;
  SimOptions options;
  Rng rng;

  // ---- clock (simulated time in Unix ns)
  int64_t now_ns = 0;
  int64_t start_ns = 0;       // sim time at process start
  int64_t bootstrap_ns = 0;   // cluster bootstrap time
  /// Runs ticks until `seconds` of simulated time have passed (exclusive lock held by caller).
  void advance(double seconds);

  // ---- operators (sim_operators.cpp)
  std::unordered_map<uint64_t, Operator> running;
  std::unordered_map<uint64_t, Operator> finished;  // kept 10 minutes
  std::vector<Operator> records;
  /// Adds an operator; false when the region already has one.
  bool add_operator(Operator op);
  /// Cancels the region's running operator; false when none.
  bool cancel_operator(uint64_t region_id, int status);
  size_t running_with_kind(uint32_t kind_bit) const;

  // ---- temporary config (POST /config?ttlSecond=N), reverted by the ticker
  std::vector<TtlConfig> ttl_config;
  /// The active TTL entry of section.item, or nullptr.
  const TtlConfig* ttl_of(const std::string& section, const std::string& item) const;

  // ---- schedulers (sim_schedulers.cpp)
  std::vector<SchedulerState> schedulers;
  SchedulerState* find_scheduler(const std::string& name);

  // ---- workload and chaos
  std::vector<HotSpot> hotspots;
  // Hot regions of the last full workload pass (id -> hot degree).
  std::map<uint64_t, int> hot_write, hot_read;
  int64_t hot_updated_ns = 0;
  ChaosFaults faults;
  std::vector<std::string> chaos_log;  // JSON lines
  void log_chaos(const std::string& action, const std::string& detail_json);
  std::atomic<uint64_t> pd_requests{0}, pd_writes{0};

  // ---- PD members (leader < 0: no leader)
  std::vector<MemberInfo> members;
  int leader = 0;
  /// Stops (true) or starts (false) a member's HTTP listener; set by main.
  std::function<bool(int, bool)> member_hook;
  /// Brings store status servers in line with store liveness; set by main.
  /// Must be called without holding mu.
  std::function<void()> status_sync_hook;

  // ---- helpers used by handlers and scenarios
  const Store* store_by_id(uint64_t id) const;
  Store* store_by_id(uint64_t id);
  StoreHealth health(const Store& s) const { return cluster.health(s, now_ns, config.max_store_down_ns()); }
  uint64_t next_peer_id() { return cluster.alloc_id(); }
  double mono_s(int64_t ns) const { return double(ns - start_ns) / 1e9 + 0.5; }

  // ---- store lifecycle (sim_stores.cpp)
  void kill_store(Store& s);
  void restart_store(Store& s);
  /// Cuts a running store off the network (true) or heals it (false).
  void partition_store(Store& s, bool on);

 private:
  void tick(int64_t dt_ns);
  void tick_heartbeats(double dt_s);
  void tick_raft_leaders();
  void tick_operators();
  void tick_checkers();
  void tick_schedulers();
  void tick_workload(int64_t dt_ns);
  void tick_stores_lifecycle();
  void tick_config_ttl();
  bool step_operator(Operator& op, uint32_t slot);
  void finish_operator(uint64_t region_id, int status);

  size_t patrol_pos_ = 0;
  size_t workload_pos_ = 0;
  double workload_carry_ = 0;
  std::vector<double> load_acc_;  // per store: bytes_w, bytes_r, keys_w, keys_r
  std::map<uint64_t, int> hot_write_acc_, hot_read_acc_;
  int64_t next_leader_scan_ns_ = 0;
  bool leader_scan_needed_ = false;
};

}  // namespace pdsim
