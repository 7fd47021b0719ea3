// PD's schedulers in pdsim, run every tick unless paused: balance-leader,
// balance-region, balance-hot-region (write leaders), evict-slow-store,
// evict-leader and grant-leader per store, and the chaos-style
// shuffle-leader, shuffle-region and random-merge (one random operator per
// tick each, like PD's). Accepted but not simulated (no operators):
// balance-witness, evict-slow-trend, evict-stopping-store (no TiKV
// graceful-shutdown signal here), grant-hot-region, scatter-range,
// shuffle-hot-region, transfer-witness-leader, label, balance-range. Each respects its schedule limit
// (leader-/region-/hot-region-schedule-limit) and store limits, and scans a
// bounded slice of regions from a random start so a tick stays cheap at a
// million regions.
#include <algorithm>
#include <functional>

#include "sim/operator_builder.hpp"
#include "sim/operator_create.hpp"
#include "sim/placement.hpp"
#include "sim/store_json.hpp"

namespace pdsim {

namespace {
constexpr size_t kScanLimit = 8192;
constexpr int kBatch = 4;

void add_scheduler(Sim& sim, const std::string& type) {
  SchedulerState s;
  s.type = type;
  s.name = (type == "hot-region" ? "balance-hot-region" : type) + "-scheduler";
  sim.schedulers.push_back(s);
}

// First region (bounded scan from a random position) satisfying pred.
std::optional<uint32_t> find_region(Sim& sim, const std::function<bool(const Region&)>& pred) {
  const auto& order = sim.cluster.order();
  if (order.empty()) return std::nullopt;
  size_t start = sim.rng.below(order.size());
  size_t limit = std::min(order.size(), kScanLimit);
  for (size_t k = 0; k < limit; ++k) {
    uint32_t slot = order[(start + k) % order.size()];
    const Region& r = sim.cluster.region(slot);
    if (!sim.running.count(r.id) && pred(r)) return slot;
  }
  return std::nullopt;
}

bool voter_ok(const Sim& sim, const Region& r, uint32_t store_slot) {
  int i = r.find_store(store_slot);
  return i >= 0 && r.peers[i].role == PeerRole::Voter && !r.peers[i].pending &&
         sim.cluster.stores()[store_slot].alive;
}

bool transfer_leader(Sim& sim, uint32_t slot, uint32_t to, const std::string& desc, const std::string& brief,
                     uint32_t kind) {
  const Region& r = sim.cluster.region(slot);
  const auto& stores = sim.cluster.stores();
  BuiltOperator b;
  b.steps.push_back(Step{StepKind::TransferLeader, stores[r.peers[r.leader].store].id, stores[to].id});
  b.brief = brief.empty() ? "transfer leader: store " + std::to_string(stores[r.peers[r.leader].store].id) + " to " +
                                std::to_string(stores[to].id)
                          : brief;
  return sim.add_operator(make_operator(sim, r, desc, kind, std::move(b)));
}

std::vector<uint32_t> leader_targets(const Sim& sim) {
  std::vector<uint32_t> v;
  for (uint32_t i = 0; i < sim.cluster.stores().size(); ++i)
    if (can_receive_leader(sim, sim.cluster.stores()[i])) v.push_back(i);
  return v;
}

// Moves up to `batch` leaders off store `from` (evict-leader, evict-slow-store).
void evict_leaders(Sim& sim, uint32_t from, const std::string& desc, size_t& budget, int batch) {
  auto targets = leader_targets(sim);
  targets.erase(std::remove(targets.begin(), targets.end(), from), targets.end());
  if (targets.empty()) return;
  std::vector<uint64_t> ids;
  for (uint32_t t : targets) ids.push_back(sim.cluster.stores()[t].id);
  for (int n = 0; n < batch && budget > 0; ++n) {
    uint32_t pick = 0;
    auto slot = find_region(sim, [&](const Region& r) {
      if (r.leader < 0 || r.peers[r.leader].store != from) return false;
      for (uint32_t t : targets)
        if (voter_ok(sim, r, t)) return pick = t, true;
      return false;
    });
    if (!slot) return;
    std::string brief = "evict leader: from store " + std::to_string(sim.cluster.stores()[from].id) +
                        " to one in " + store_list(ids) + ", or to " + std::to_string(ids.front()) +
                        " (for compatibility)";
    if (transfer_leader(sim, *slot, pick, desc, brief, kOpLeader)) --budget;
  }
}

void balance_leader(Sim& sim, size_t& budget) {
  auto targets = leader_targets(sim);
  if (targets.size() < 2) return;
  const auto& stores = sim.cluster.stores();
  for (int n = 0; n < kBatch && budget > 0; ++n) {
    uint32_t src = targets[0], dst = targets[0];
    for (uint32_t t : targets) {
      if (leader_score(stores[t]) > leader_score(stores[src])) src = t;
      if (leader_score(stores[t]) < leader_score(stores[dst])) dst = t;
    }
    if (stores[src].leader_count - stores[dst].leader_count < 2) return;
    auto slot = find_region(sim, [&](const Region& r) {
      return r.leader >= 0 && r.peers[r.leader].store == src && voter_ok(sim, r, dst);
    });
    if (!slot || !transfer_leader(sim, *slot, dst, "balance-leader-scheduler", "", kOpLeader)) return;
    --budget;
  }
}

void balance_region(Sim& sim, size_t& budget) {
  auto& stores = sim.cluster.stores();
  double low = sim.config.schedule.f("low-space-ratio");
  std::optional<uint32_t> src, dst;
  for (uint32_t i = 0; i < stores.size(); ++i) {
    const Store& s = stores[i];
    if (s.purged || s.state != 0 || s.is_tiflash() || sim.health(s) != StoreHealth::Up) continue;
    if (!src || region_score(s, low) > region_score(stores[*src], low)) src = i;
    if (can_receive_peer(sim, s) && (!dst || region_score(s, low) < region_score(stores[*dst], low))) dst = i;
  }
  if (!src || !dst || *src == *dst) return;
  int64_t avg = stores[*src].region_size / std::max<int64_t>(1, stores[*src].region_count);
  int64_t planned = 0;  // MiB this pass already moves from src to dst
  for (int n = 0; n < kBatch && budget > 0; ++n) {
    auto slot = find_region(sim, [&](const Region& r) {
      int i = r.find_store(*src);
      return i >= 0 && i != r.leader && r.find_store(*dst) < 0 && !sim.hot_write.count(r.id) &&
             uint64_t(r.npeers) == sim.config.max_replicas() && !r.peers[i].pending;
    });
    if (!slot) return;
    // PD's shouldBalance: the source still scores higher than the target
    // after the move, with one average region of tolerance, or the two
    // stores would trade the region back and forth.
    int64_t delta = planned + int64_t(sim.cluster.region(*slot).size_mib) + avg;
    if (region_score(stores[*src], low, -delta) <= region_score(stores[*dst], low, delta)) return;
    planned += int64_t(sim.cluster.region(*slot).size_mib);
    if (!take_store_limit(sim, *dst, *src)) return;
    const Region& r = sim.cluster.region(*slot);
    PeerChange ch{{stores[*dst].id}, {}, {stores[*src].id}, 0};
    BuiltOperator b = build_change(sim, r, ch);
    if (!b.err.empty() || !sim.add_operator(make_operator(sim, r, "balance-region-scheduler", kOpRegion, std::move(b))))
      return;
    --budget;
  }
}

void balance_hot(Sim& sim, size_t& budget) {
  if (sim.hot_write.empty()) return;
  auto& stores = sim.cluster.stores();
  std::vector<int> hot_leaders(stores.size(), 0);
  for (auto& [id, deg] : sim.hot_write) {
    auto slot = sim.cluster.region_slot(id);
    if (slot && sim.cluster.region(*slot).leader >= 0) {
      const Region& r = sim.cluster.region(*slot);
      hot_leaders[r.peers[r.leader].store]++;
    }
  }
  auto targets = leader_targets(sim);
  for (auto& [id, deg] : sim.hot_write) {
    if (budget == 0) return;
    auto slot = sim.cluster.region_slot(id);
    if (!slot || sim.running.count(id)) continue;
    const Region& r = sim.cluster.region(*slot);
    if (r.leader < 0) continue;
    uint32_t from = r.peers[r.leader].store;
    std::optional<uint32_t> best;
    for (uint32_t t : targets)
      if (t != from && voter_ok(sim, r, t) && hot_leaders[t] + 1 < hot_leaders[from] &&
          (!best || hot_leaders[t] < hot_leaders[*best]))
        best = t;
    if (!best) continue;
    if (transfer_leader(sim, *slot, *best, "transfer-hot-write-leader", "", kOpHotRegion | kOpLeader)) {
      hot_leaders[from]--, hot_leaders[*best]++;
      --budget;
    }
  }
}

void grant_leaders(Sim& sim, uint32_t to, size_t& budget) {
  if (!can_receive_leader(sim, sim.cluster.stores()[to])) return;
  for (int n = 0; n < kBatch && budget > 0; ++n) {
    auto slot = find_region(sim, [&](const Region& r) {
      return r.leader >= 0 && r.peers[r.leader].store != to && voter_ok(sim, r, to);
    });
    if (!slot || !transfer_leader(sim, *slot, to, "grant-leader-scheduler", "", kOpLeader)) return;
    --budget;
  }
}

// shuffle-leader: a random region's leader to a random other voter.
void shuffle_leader(Sim& sim, size_t& budget) {
  if (budget == 0) return;
  auto targets = leader_targets(sim);
  if (targets.size() < 2) return;
  uint32_t to = targets[sim.rng.below(targets.size())];
  auto slot = find_region(sim, [&](const Region& r) {
    return r.leader >= 0 && r.peers[r.leader].store != to && voter_ok(sim, r, to);
  });
  if (slot && transfer_leader(sim, *slot, to, "shuffle-leader-scheduler", "", kOpLeader)) --budget;
}

// shuffle-region: a random region's follower to a random store without one.
void shuffle_region(Sim& sim, size_t& budget) {
  if (budget == 0) return;
  auto& stores = sim.cluster.stores();
  std::vector<uint32_t> targets;
  for (uint32_t i = 0; i < stores.size(); ++i)
    if (can_receive_peer(sim, stores[i])) targets.push_back(i);
  if (targets.empty()) return;
  uint32_t to = targets[sim.rng.below(targets.size())];
  int from = -1;
  auto slot = find_region(sim, [&](const Region& r) {
    if (r.find_store(to) >= 0 || uint64_t(r.npeers) != sim.config.max_replicas()) return false;
    for (int i = 0; i < r.npeers; ++i)
      if (i != r.leader && r.peers[i].role == PeerRole::Voter && !r.peers[i].pending) return from = i, true;
    return false;
  });
  if (!slot || !take_store_limit(sim, to, sim.cluster.region(*slot).peers[from].store)) return;
  const Region& r = sim.cluster.region(*slot);
  PeerChange ch{{stores[to].id}, {}, {stores[r.peers[from].store].id}, 0};
  BuiltOperator b = build_change(sim, r, ch);
  if (b.err.empty() && sim.add_operator(make_operator(sim, r, "shuffle-region-scheduler", kOpRegion, std::move(b))))
    --budget;
}

// random-merge: a random region with its next neighbour (same stores).
void random_merge(Sim& sim) {
  size_t limit = size_t(sim.config.schedule.i("merge-schedule-limit"));
  if (sim.running_with_kind(kOpMerge) / 2 >= limit) return;
  const Cluster& cl = sim.cluster;
  if (cl.order().size() < 2) return;
  size_t start = sim.rng.below(cl.order().size() - 1);
  for (size_t k = 0; k < std::min<size_t>(cl.order().size() - 1, kScanLimit); ++k) {
    size_t p = (start + k) % (cl.order().size() - 1);
    const Region& r = cl.region(cl.order()[p]);
    const Region& next = cl.region(cl.order()[p + 1]);
    if (sim.running.count(r.id) || sim.running.count(next.id)) continue;
    if (merge_regions(sim, r.id, next.id, "random-merge-scheduler", kOpMerge).status == 200) return;
  }
}

}  // namespace

void install_default_schedulers(Sim& sim) {
  for (const char* t : {"balance-region", "balance-leader", "hot-region", "evict-slow-store", "evict-stopping-store"})
    add_scheduler(sim, t);
}

void Sim::tick_schedulers() {
  auto limit_left = [&](const char* cfg, uint32_t kind) {
    size_t lim = size_t(config.schedule.i(cfg)), cur = running_with_kind(kind);
    return cur >= lim ? size_t(0) : lim - cur;
  };
  // Two passes: the store-targeted evict-/grant-leader schedulers an
  // operator asked for first, then the balancers. Otherwise balance-leader
  // takes every leader-schedule-limit slot each tick and an evict-leader
  // scheduler never gets one (PD gives these schedulers precedence too).
  auto targeted = [](const SchedulerState& sc) { return sc.type == "evict-leader" || sc.type == "grant-leader"; };
  for (size_t n = 0; n < 2 * schedulers.size(); ++n) {
    size_t i = n % schedulers.size();
    SchedulerState sc = schedulers[i];  // copy: operators may not touch the list
    if (targeted(sc) != (n < schedulers.size())) continue;
    if (sc.disabled || (sc.resume_at_ns && now_ns < sc.resume_at_ns)) continue;
    size_t leader_budget = limit_left("leader-schedule-limit", kOpLeader);
    if (sc.type == "balance-leader") balance_leader(*this, leader_budget);
    else if (sc.type == "balance-region") {
      size_t b = limit_left("region-schedule-limit", kOpRegion);
      balance_region(*this, b);
    } else if (sc.type == "hot-region") {
      size_t b = limit_left("hot-region-schedule-limit", kOpHotRegion);
      balance_hot(*this, b);
    } else if (sc.type == "evict-leader") {
      for (uint64_t id : sc.stores)
        if (auto s = cluster.store_slot(id)) evict_leaders(*this, *s, "evict-leader-scheduler", leader_budget, 3);
    } else if (sc.type == "grant-leader") {
      for (uint64_t id : sc.stores)
        if (auto s = cluster.store_slot(id)) grant_leaders(*this, *s, leader_budget);
    } else if (sc.type == "shuffle-leader") {
      shuffle_leader(*this, leader_budget);
    } else if (sc.type == "shuffle-region") {
      size_t b = limit_left("region-schedule-limit", kOpRegion);
      shuffle_region(*this, b);
    } else if (sc.type == "random-merge") {
      random_merge(*this);
    } else if (sc.type == "evict-slow-store") {
      for (uint32_t s = 0; s < cluster.stores().size(); ++s)
        if (cluster.stores()[s].slow_score >= 80 && cluster.stores()[s].alive) {
          evict_leaders(*this, s, "evict-slow-store-scheduler", leader_budget, kBatch);
          break;  // PD evicts one slow store at a time
        }
    }
  }
}

}  // namespace pdsim
