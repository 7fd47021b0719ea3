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
}

// TiKV elects a new leader among live voters once the election timeout has
// passed; PD learns it from the next region heartbeat.
void Sim::tick_raft_leaders() {
  if (!leader_scan_needed_) return;
  bool waiting = false;
  auto& stores = cluster.stores();
  for (const Store& s : stores)
    if (!s.alive && s.died_ns && now_ns - s.died_ns < kElectionTimeoutNs) waiting = true;
  if (waiting) return;
  leader_scan_needed_ = false;
  for (uint32_t slot : cluster.order()) {
    Region& r = cluster.region(slot);
    if (r.leader < 0 || stores[r.peers[r.leader].store].alive) continue;
    int alive_voters = 0, voters = 0, pick = -1;
    for (int i = 0; i < r.npeers; ++i) {
      if (r.peers[i].role == PeerRole::Learner) continue;
      ++voters;
      if (stores[r.peers[i].store].alive) {
        ++alive_voters;
        if (pick < 0 || rng.below(2)) pick = i;
      }
    }
    if (alive_voters * 2 <= voters || pick < 0) continue;  // quorum lost: no new leader
    cluster.unaccount(r);
    r.leader = int8_t(pick);
    cluster.account(r);
  }
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
