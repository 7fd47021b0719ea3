// Scenarios: deterministic starting clusters for pdsim (PD simulator's
// CaseMap style). Each scenario generates stores and regions from the seed,
// then applies its twist (a dead store, a hot range, a full disk, ...).
#pragma once
#include <string>

#include "sim/sim.hpp"

namespace pdsim {

struct GenSpec {
  int stores;
  int64_t regions;
  int replicas = 3;
};

/// Stores 1..N and regions tiling the key space with TiDB-style keys.
void generate_cluster(Sim& sim, const GenSpec& spec);
/// Builds sim.options.scenario; false (with err) for an unknown name.
bool build_scenario(Sim& sim, std::string* err);
/// Loads stores.json, regions.json, config.json from sim.options.load_dir.
bool load_cluster(Sim& sim, std::string* err);

}  // namespace pdsim
