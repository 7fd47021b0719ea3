// Region queries shared by region routes: list rendering, per-store
// filters, top-N by a metric, PD's region checks (statistics region
// collector types) and size/key histograms. Callers hold sim.mu.
#pragma once
#include <string>
#include <vector>

#include "sim/sim.hpp"

namespace pdsim {

class Router;

/// RegionsInfo compact JSON of the given slots, in that order.
std::string regions_info(const Sim& sim, const std::vector<uint32_t>& slots);
/// Regions of a store in key order; type all|leader|follower|learner|witness|pending.
std::vector<uint32_t> store_regions(const Sim& sim, uint32_t store_slot, const std::string& type);
std::vector<uint32_t> top_n(const Sim& sim, const std::string& metric, int64_t limit);
/// kind: miss-peer, extra-peer, pending-peer, down-peer, learner-peer,
/// offline-peer, empty-region, oversized-region, undersized-region.
std::vector<uint32_t> check_regions(const Sim& sim, const std::string& kind);
bool region_has_check(const Sim& sim, const Region& r, const std::string& kind);
std::string histogram_json(const Sim& sim, bool keys, int64_t bound);
std::string range_holes_json(const Sim& sim);
void register_region_action_routes(Router& r);

}  // namespace pdsim
