// StoreInfo JSON (pkg/response/store.go) and PD's store scores.
#pragma once
#include "sim/json_writer.hpp"
#include "sim/sim.hpp"

namespace pdsim {

double leader_score(const Store& s);
/// PD's region score, formula version v2 (core.StoreInfo.regionScoreV2).
/// PD's region score; `delta_size` (MiB) scores the store as if it held that
/// much more (or, negative, less) region data, as PD's shouldBalance does.
double region_score(const Store& s, double low_space_ratio, int64_t delta_size = 0);
bool pause_leader_in(const Sim& sim, const Store& s);
void write_store_info(JsonWriter& w, const Sim& sim, const Store& s);
/// "{count, stores}" with the given stores.
std::string stores_info_json(const Sim& sim, const std::vector<const Store*>& stores);

}  // namespace pdsim
