// Sim core: construction, the tick loop, store heartbeats, raft leader
// re-election after a store dies, the Offline -> Tombstone transition and
// the chaos log. Operators, checkers, schedulers and the workload have their
// own files.
#include "sim/sim.hpp"

#include <algorithm>

#include "sim/format.hpp"

namespace pdsim {

namespace {
constexpr int64_t kSec = 1000000000LL;
constexpr int64_t kStoreHeartbeatNs = 10 * kSec;
constexpr int64_t kElectionTimeoutNs = 10 * kSec;
}  // namespace

Sim::Sim(const SimOptions& opt) : options(opt), rng(opt.seed) {}

const Store* Sim::store_by_id(uint64_t id) const {
  auto slot = cluster.store_slot(id);
  return slot ? &cluster.stores()[*slot] : nullptr;
}

Store* Sim::store_by_id(uint64_t id) {
  auto slot = cluster.store_slot(id);
  return slot ? &cluster.stores()[*slot] : nullptr;
}

void Sim::advance(double seconds) {
  int64_t left = int64_t(seconds * 1e9);
  while (left > 0) {
    int64_t dt = std::min<int64_t>(left, kSec);
    tick(dt);
    left -= dt;
  }
}

void Sim::tick(int64_t dt_ns) {
  now_ns += dt_ns;
  tick_heartbeats(double(dt_ns) / 1e9);
  tick_raft_leaders();
  tick_workload(dt_ns);
  tick_operators();
  tick_stores_lifecycle();
  tick_config_ttl();
  tick_checkers();
  tick_schedulers();
}

void Sim::tick_heartbeats(double dt_s) {
  for (Store& s : cluster.stores()) {
    if (s.state == 2) continue;
    // Store limit tokens are PD-side: they refill whether or not TiKV runs.
    double add_cap = std::max(1.0, s.add_peer_rate), rm_cap = std::max(1.0, s.remove_peer_rate);
    s.add_tokens = std::min(add_cap, s.add_tokens + s.add_peer_rate / 60.0 * dt_s);
    s.remove_tokens = std::min(rm_cap, s.remove_tokens + s.remove_peer_rate / 60.0 * dt_s);
    if (!s.alive) continue;
    s.slow_score = s.hb_delay_s > 0 ? std::min<uint64_t>(100, 1 + uint64_t(s.hb_delay_s * 4)) : 1;
    if (s.partitioned || now_ns < s.next_hb_ns) continue;
    s.last_hb_ns = now_ns;
    s.next_hb_ns = now_ns + kStoreHeartbeatNs + int64_t(s.hb_delay_s * 1e9);
  }
}

void Sim::kill_store(Store& s) {
  if (!s.alive) return;
  s.alive = false;
  s.died_ns = now_ns;
  leader_scan_needed_ = true;
}

void Sim::restart_store(Store& s) {
  if (s.alive) return;
  s.alive = true;
  s.died_ns = 0;
  s.start_timestamp_s = now_ns / kSec;
  s.next_hb_ns = now_ns;  // heartbeats at once on start
  leader_scan_needed_ = true;  // regions that lost quorum can elect again
}

void Sim::partition_store(Store& s, bool on) {
  if (s.partitioned == on) return;
  s.partitioned = on;
  s.partitioned_ns = on ? now_ns : 0;
  if (!on) s.next_hb_ns = now_ns;
  leader_scan_needed_ = true;
}

namespace {

/// Since when the store's peers cannot take part in raft (0: they can).
int64_t unreachable_since(const Store& s) {
  if (!s.alive) return s.died_ns ? s.died_ns : 1;
  return s.partitioned ? s.partitioned_ns : 0;
}

}  // namespace

// TiKV elects a new leader among reachable voters once the election timeout
// has passed since the leader's store died or was cut off (a cut-off leader
// steps down by check-quorum at the same time); PD learns it from the next
// region heartbeat. Each store counts from its own failure, so a second
// failure does not delay the first one's elections.
void Sim::tick_raft_leaders() {
  if (!leader_scan_needed_ || now_ns < next_leader_scan_ns_) return;
  auto& stores = cluster.stores();
  int64_t next_due = 0;  // the earliest failure whose timeout is still ahead
  for (const Store& s : stores) {
    int64_t since = unreachable_since(s);
    if (since && now_ns - since < kElectionTimeoutNs && (!next_due || since + kElectionTimeoutNs < next_due))
      next_due = since + kElectionTimeoutNs;
  }
  for (uint32_t slot : cluster.order()) {
    Region& r = cluster.region(slot);
    if (r.leader < 0) continue;
    int64_t since = unreachable_since(stores[r.peers[r.leader].store]);
    if (!since || now_ns - since < kElectionTimeoutNs) continue;
    int reachable = 0, voters = 0, pick = -1;
    for (int i = 0; i < r.npeers; ++i) {
      if (r.peers[i].role == PeerRole::Learner) continue;
      ++voters;
      if (!unreachable_since(stores[r.peers[i].store])) {
        ++reachable;
        if (pick < 0 || rng.below(2)) pick = i;
      }
    }
    if (reachable * 2 <= voters || pick < 0) continue;  // quorum lost: no leader until a store returns
    cluster.unaccount(r);
    r.leader = int8_t(pick);
    cluster.account(r);
  }
  // Scan again when the next failure's timeout has passed; a region without
  // quorum waits for a restart or a healed partition (they set the flag).
  leader_scan_needed_ = next_due != 0;
  next_leader_scan_ns_ = next_due;
}

void Sim::tick_stores_lifecycle() {
  for (Store& s : cluster.stores()) {
    if (s.state == 1 && s.region_count == 0) {
      s.state = 2;
      s.node_state = 3;
      log_chaos("pd:store-tombstone", "{\"store_id\":" + std::to_string(s.id) + "}");
    }
  }
}

const TtlConfig* Sim::ttl_of(const std::string& section, const std::string& item) const {
  for (const auto& t : ttl_config)
    if (t.section == section && t.item == item) return &t;
  return nullptr;
}

// A TTL config ends: PD serves the persisted value again.
void Sim::tick_config_ttl() {
  for (size_t i = 0; i < ttl_config.size();) {
    TtlConfig& t = ttl_config[i];
    if (now_ns < t.expire_ns) {
      ++i;
      continue;
    }
    if (ConfigSection* sec = config.section(t.section))
      if (ConfigField* f = sec->find(t.item)) *f = t.persisted;
    log_chaos("pd:config-ttl-expired", "{\"item\":\"" + t.section + "." + t.item + "\"}");
    ttl_config.erase(ttl_config.begin() + long(i));
  }
}

void Sim::log_chaos(const std::string& action, const std::string& detail_json) {
  std::string line = "{\"time\":\"" + rfc3339(now_ns) + "\",\"action\":";
  append_json_string(line, action);
  line += ",\"detail\":" + (detail_json.empty() ? std::string("{}") : detail_json) + "}";
  chaos_log.push_back(std::move(line));
  if (chaos_log.size() > 10000) chaos_log.erase(chaos_log.begin(), chaos_log.begin() + 1000);
}

SchedulerState* Sim::find_scheduler(const std::string& name) {
  for (auto& s : schedulers)
    if (s.name == name) return &s;
  return nullptr;
}

}  // namespace pdsim
