// PD's checkers in pdsim: a patrol walks the regions a slice per tick (like
// PD's patrol-region) and, with placement rules on, creates the rule
// checker's operators: replace-rule-down-peer (store Down and the peer
// reported down), replace-rule-offline-peer (store Offline, i.e. draining),
// add-rule-peer (missing voter), remove-orphan-peer (extra peer); the merge
// checker merges undersized neighbours once split-merge-interval has passed
// since PD started. All under replica-/merge-schedule-limit and store limits.
#include <algorithm>

#include "sim/operator_builder.hpp"
#include "sim/operator_create.hpp"
#include "sim/placement.hpp"
#include "sim/region_json.hpp"
#include "sim/regions_util.hpp"

namespace pdsim {

namespace {
constexpr size_t kPatrolPerTick = 12800;

enum class Fix { None, Down, Offline, Missing, Extra };

Fix diagnose(const Sim& sim, const Region& r, int& victim) {
  const auto& stores = sim.cluster.stores();
  const PdConfig& cfg = sim.config;
  int voters = 0;
  victim = -1;
  for (int i = 0; i < r.npeers; ++i) {
    const Store& s = stores[r.peers[i].store];
    if (r.peers[i].role != PeerRole::Learner) ++voters;
    if (i == r.leader) continue;
    if (cfg.schedule.b("enable-remove-down-replica") && sim.health(s) == StoreHealth::Down &&
        peer_is_down(s, sim.now_ns, nullptr)) {
      victim = i;
      return Fix::Down;
    }
  }
  for (int i = 0; i < r.npeers; ++i) {
    if (cfg.schedule.b("enable-replace-offline-replica") && stores[r.peers[i].store].state == 1) {
      victim = i;
      return Fix::Offline;
    }
  }
  if (cfg.schedule.b("enable-make-up-replica") && uint64_t(voters) < cfg.max_replicas()) return Fix::Missing;
  if (cfg.schedule.b("enable-remove-extra-replica") && uint64_t(r.npeers) > cfg.max_replicas()) {
    // PD removes an unhealthy peer first (its store is not Up, or the peer
    // is down or pending), then a learner, then the fullest store's peer.
    for (int i = 0; i < r.npeers && victim < 0; ++i) {
      const Store& s = stores[r.peers[i].store];
      if (i != r.leader && (sim.health(s) != StoreHealth::Up || !s.alive || s.partitioned || r.peers[i].pending))
        victim = i;
    }
    for (int i = 0; i < r.npeers && victim < 0; ++i)
      if (r.peers[i].role == PeerRole::Learner && !stores[r.peers[i].store].is_tiflash()) victim = i;
    if (victim < 0)
      for (int i = 0; i < r.npeers; ++i)
        if (i != r.leader && (victim < 0 || stores[r.peers[i].store].region_size >
                                                stores[r.peers[victim].store].region_size))
          victim = i;
    return Fix::Extra;
  }
  return Fix::None;
}

// One region: returns true when an operator was created.
bool check_region(Sim& sim, uint32_t slot) {
  Region& r = sim.cluster.region(slot);
  if (sim.running.count(r.id)) return false;
  int victim;
  Fix fix = diagnose(sim, r, victim);
  if (fix == Fix::None) return false;
  const auto& stores = sim.cluster.stores();
  PeerChange ch;
  const char* desc = "";
  uint32_t from = victim >= 0 ? r.peers[victim].store : UINT32_MAX;
  if (fix == Fix::Extra) {
    ch.remove.push_back(stores[from].id);
    desc = "remove-orphan-peer";
    if (!take_store_limit(sim, UINT32_MAX, from)) return false;
  } else {
    auto target = pick_peer_target(sim, r, from);
    if (!target) return false;
    if (!take_store_limit(sim, *target, fix == Fix::Missing ? UINT32_MAX : from)) return false;
    ch.add.push_back(stores[*target].id);
    if (fix != Fix::Missing) ch.remove.push_back(stores[from].id);
    desc = fix == Fix::Down ? "replace-rule-down-peer" : fix == Fix::Offline ? "replace-rule-offline-peer" : "add-rule-peer";
  }
  BuiltOperator b = build_change(sim, r, ch);
  if (!b.err.empty()) return false;
  return sim.add_operator(make_operator(sim, r, desc, kOpReplica, std::move(b)));
}

void merge_check(Sim& sim, size_t from, size_t to) {
  const PdConfig& cfg = sim.config;
  if (sim.now_ns - sim.start_ns < cfg.schedule.i("split-merge-interval")) return;
  uint64_t limit = uint64_t(cfg.schedule.i("merge-schedule-limit"));
  const Cluster& cl = sim.cluster;
  size_t merges = sim.running_with_kind(kOpMerge) / 2;
  for (size_t p = from; p < to && p + 1 < cl.order().size(); ++p) {
    if (merges >= limit) return;
    const Region& r = cl.region(cl.order()[p]);
    const Region& next = cl.region(cl.order()[p + 1]);
    if (!region_has_check(sim, r, "undersized-region") || sim.running.count(r.id) || sim.running.count(next.id))
      continue;
    if (int64_t(r.size_mib + next.size_mib) > cfg.schedule.i("max-merge-region-size") * 3) continue;
    if (merge_regions(sim, r.id, next.id, "merge-region", 0).status == 200) ++merges;
  }
}

}  // namespace

void Sim::tick_checkers() {
  size_t n = cluster.order().size();
  if (n == 0) return;
  uint64_t limit = uint64_t(config.schedule.i("replica-schedule-limit"));
  size_t todo = std::min(n, kPatrolPerTick);
  if (patrol_pos_ >= n) patrol_pos_ = 0;
  size_t start = patrol_pos_;
  size_t replica_ops = running_with_kind(kOpReplica);
  for (size_t k = 0; k < todo; ++k) {
    if (replica_ops >= limit) break;
    if (check_region(*this, cluster.order()[patrol_pos_])) ++replica_ops;
    if (++patrol_pos_ >= cluster.order().size()) patrol_pos_ = 0;
  }
  if (patrol_pos_ > start) merge_check(*this, start, patrol_pos_);
}

}  // namespace pdsim
