// TEMPORARY (first commit only): parts of pdsim not written yet. Replaced
// by sim_operators.cpp, sim_schedulers.cpp, http_operators.cpp, ... 
#include "scenarios/scenario.hpp"
#include "sim/http.hpp"
#include "sim/regions_util.hpp"

namespace pdsim {
void register_operator_routes(Router&) {}
void register_scheduler_routes(Router&) {}
void register_config_routes(Router&) {}
void register_region_action_routes(Router&) {}
void install_default_schedulers(Sim&) {}
bool load_cluster(Sim&, std::string* err) {
  *err = "--load is not implemented yet";
  return false;
}
void Sim::tick_operators() {}
void Sim::tick_checkers() {}
void Sim::tick_schedulers() {}
void Sim::tick_workload(int64_t) {}
bool Sim::add_operator(Operator) { return false; }
bool Sim::cancel_operator(uint64_t, int) { return false; }
size_t Sim::running_with_kind(uint32_t) const { return 0; }
}  // namespace pdsim
