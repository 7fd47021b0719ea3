// Prometheus text exposition of one simulated TiKV store (GET /metrics on
// its status address): the series SRE dashboards read first.
#pragma once
#include <string>

#include "sim/sim.hpp"

namespace pdsim {

std::string store_metrics_text(const Sim& sim, const Store& s);

}  // namespace pdsim
