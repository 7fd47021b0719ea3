// Region JSON in PD's easyjson byte format (pkg/response/region_easyjson.go):
// compact, exact key order, omitempty rules, upper-case hex keys. Written
// straight into a std::string for throughput (GET /regions at 1M regions).
#pragma once
#include <cstdint>
#include <string>

#include "sim/model.hpp"

namespace pdsim {

struct RegionJsonContext {
  const Cluster* cluster;
  int64_t now_ns;
};

/// Appends one RegionInfo object.
void append_region_json(std::string& out, const RegionJsonContext& ctx, const Region& r);
/// Appends the all-zero RegionInfo PD emits for a missing region (v8.5).
void append_empty_region_json(std::string& out);
/// Peer down/pending as the region leader would report it.
bool peer_is_down(const Store& s, int64_t now_ns, uint64_t* down_seconds);
bool peer_is_pending(const Store& s, const Peer& p);

}  // namespace pdsim
