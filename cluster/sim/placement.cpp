// Placement filters (see placement.hpp).
#include "sim/placement.hpp"

#include <algorithm>

#include "sim/store_json.hpp"

namespace pdsim {

bool can_receive_peer(const Sim& sim, const Store& s) {
  if (s.purged || s.state != 0 || s.is_tiflash() || sim.health(s) != StoreHealth::Up) return false;
  double low = sim.config.schedule.f("low-space-ratio");
  if (s.capacity && double(s.used_bytes()) / double(s.capacity) >= low) return false;
  return s.add_tokens >= 1;
}

bool can_receive_leader(const Sim& sim, const Store& s) {
  if (s.purged || s.state != 0 || s.is_tiflash() || sim.health(s) != StoreHealth::Up || !s.alive) return false;
  if (s.slow_score >= 80) return false;
  return !pause_leader_in(sim, s);
}

std::optional<uint32_t> pick_peer_target(const Sim& sim, const Region& r, uint32_t replacing) {
  const auto& stores = sim.cluster.stores();
  std::optional<uint32_t> best;
  int best_dup = 1 << 30;
  double best_score = 0;
  double low = sim.config.schedule.f("low-space-ratio");
  for (uint32_t i = 0; i < stores.size(); ++i) {
    const Store& s = stores[i];
    if (r.find_store(i) >= 0 || !can_receive_peer(sim, s)) continue;
    int dup = 0;  // peers (other than the replaced one) already in this zone
    std::string zone = s.label("zone");
    for (int k = 0; k < r.npeers; ++k)
      if (r.peers[k].store != replacing && stores[r.peers[k].store].label("zone") == zone) ++dup;
    double score = region_score(s, low);
    if (!best || dup < best_dup || (dup == best_dup && score < best_score)) {
      best = i, best_dup = dup, best_score = score;
    }
  }
  return best;
}

bool take_store_limit(Sim& sim, uint32_t to, uint32_t from) {
  auto& stores = sim.cluster.stores();
  if (to != UINT32_MAX && stores[to].add_tokens < 1) return false;
  if (from != UINT32_MAX && stores[from].remove_tokens < 1) return false;
  if (to != UINT32_MAX) stores[to].add_tokens -= 1;
  if (from != UINT32_MAX) stores[from].remove_tokens -= 1;
  return true;
}

}  // namespace pdsim
