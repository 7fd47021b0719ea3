// StoreInfo JSON (pkg/response/store.go) and PD's store scores.
#pragma once
#include "sim/json_writer.hpp"
#include "sim/sim.hpp"

namespace pdsim {

double leader_score(const Store& s);
/// PD's region score, formula version v2 (core.StoreInfo.regionScoreV2).
double region_score(const Store& s, double low_space_ratio);
bool pause_leader_in(const Sim& sim, const Store& s);
void write_store_info(JsonWriter& w, const Sim& sim, const Store& s);
/// "{count, stores}" with the given stores.
std::string stores_info_json(const Sim& sim, const std::vector<const Store*>& stores);

}  // namespace pdsim
