// The named scenarios of pdsim --scenario. Each starts from the generated
// cluster and adds the condition an SRE would meet in production.
#include <functional>
#include <map>

#include "scenarios/scenario.hpp"
#include "sim/keys.hpp"

namespace pdsim {

namespace {

GenSpec spec_for(const Sim& sim, int def_stores, int64_t def_regions) {
  GenSpec g{sim.options.stores > 0 ? sim.options.stores : def_stores,
            sim.options.regions > 0 ? sim.options.regions : def_regions};
  return g;
}

void balanced(Sim& sim) { generate_cluster(sim, spec_for(sim, 5, 1000)); }

// A write hot spot on a few adjacent regions whose leaders sit on store 1.
void hot_region(Sim& sim) {
  generate_cluster(sim, spec_for(sim, 5, 1000));
  Cluster& cl = sim.cluster;
  size_t n = cl.order().size(), first = n / 2, count = std::min<size_t>(6, n);
  for (size_t p = first; p < std::min(n, first + count); ++p) {
    Region& r = cl.region(cl.order()[p]);
    int i = r.find_store(0);
    if (i >= 0 && i != r.leader) {
      cl.unaccount(r);
      r.leader = int8_t(i);
      cl.account(r);
    }
  }
  HotSpot h;
  h.start = std::string(cl.key(cl.region(cl.order()[first]).start));
  h.end = std::string(cl.key(cl.region(cl.order()[std::min(n, first + count) - 1]).end));
  h.write = true;
  h.bytes_per_s = 48.0 * (1 << 20);
  sim.hotspots.push_back(h);
}

// The last store's TiKV process is dead from the start.
void store_down(Sim& sim) {
  generate_cluster(sim, spec_for(sim, 5, 1000));
  Store& s = sim.cluster.stores().back();
  sim.kill_store(s);
}

// Most leaders on store 1.
void leader_imbalance(Sim& sim) {
  generate_cluster(sim, spec_for(sim, 5, 1000));
  Cluster& cl = sim.cluster;
  for (uint32_t slot : cl.order()) {
    Region& r = cl.region(slot);
    int i = r.find_store(0);
    if (i < 0) i = r.find_store(1);
    if (i < 0 || i == r.leader) continue;
    cl.unaccount(r);
    r.leader = int8_t(i);
    cl.account(r);
  }
}

// Store 1's disk is nearly full (above low-space-ratio).
void disk_full(Sim& sim) {
  generate_cluster(sim, spec_for(sim, 5, 1000));
  sim.cluster.stores()[0].disk_fill_ratio = 0.92;
}

// The last store is being drained, but the only other target for many of
// its regions (store 1) is out of space: the drain stalls.
void offline_stuck(Sim& sim) {
  generate_cluster(sim, spec_for(sim, 4, 600));
  auto& stores = sim.cluster.stores();
  Store& off = stores.back();
  off.state = 1;
  off.node_state = 2;
  off.removing_since_ns = sim.now_ns;
  off.removing_start_size = off.region_size;
  stores[0].disk_fill_ratio = 0.95;
}

// One region in ten lost a replica (e.g. after a manual remove-peer).
void missing_peer(Sim& sim) {
  generate_cluster(sim, spec_for(sim, 5, 1000));
  Cluster& cl = sim.cluster;
  size_t k = 0;
  for (uint32_t slot : cl.order()) {
    if (k++ % 10 != 3) continue;
    Region& r = cl.region(slot);
    if (r.npeers < 2) continue;
    int victim = r.leader == r.npeers - 1 ? 0 : r.npeers - 1;
    cl.unaccount(r);
    for (int i = victim; i + 1 < r.npeers; ++i) r.peers[i] = r.peers[i + 1];
    if (r.leader > victim) r.leader--;
    r.npeers--;
    r.conf_ver++;
    cl.account(r);
  }
}

}  // namespace

bool build_scenario(Sim& sim, std::string* err) {
  static const std::map<std::string, std::function<void(Sim&)>> cases = {
      {"balanced", balanced},       {"hot-region", hot_region},       {"store-down", store_down},
      {"leader-imbalance", leader_imbalance}, {"disk-full", disk_full}, {"offline-stuck", offline_stuck},
      {"missing-peer", missing_peer}};
  auto it = cases.find(sim.options.scenario);
  if (it == cases.end()) {
    *err = "unknown scenario " + sim.options.scenario +
           " (expected balanced, hot-region, store-down, leader-imbalance, disk-full, offline-stuck, missing-peer)";
    return false;
  }
  it->second(sim);
  return true;
}

}  // namespace pdsim
