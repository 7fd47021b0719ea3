// Small helpers for pdsim tests: parse bodies, read a region or a store.
#pragma once
#include <simdjson.h>

#include <set>
#include <string>
#include <vector>

#include "support/pdsim_process.hpp"

namespace pdsim_test {

struct RegionView {
  uint64_t id = 0, conf_ver = 0, version = 0, leader_store = 0;
  std::vector<uint64_t> stores;
  bool pending = false;
};

inline RegionView region(const medic::test::PdsimProcess& sim, uint64_t id) {
  simdjson::dom::parser p;
  auto body = sim.get("/pd/api/v1/region/id/" + std::to_string(id)).body;
  simdjson::dom::element e = p.parse(body);
  RegionView v;
  v.id = uint64_t(e["id"]);
  simdjson::dom::element ep;
  uint64_t x;
  if (e["epoch"].get(ep) == simdjson::SUCCESS) {
    if (ep["conf_ver"].get(x) == simdjson::SUCCESS) v.conf_ver = x;
    if (ep["version"].get(x) == simdjson::SUCCESS) v.version = x;
  }
  if (e["leader"]["store_id"].get(x) == simdjson::SUCCESS) v.leader_store = x;
  simdjson::dom::array peers;
  if (e["peers"].get(peers) == simdjson::SUCCESS)
    for (auto peer : peers) v.stores.push_back(uint64_t(peer["store_id"]));
  simdjson::dom::element pend;
  v.pending = e["pending_peers"].get(pend) == simdjson::SUCCESS;
  return v;
}

/// Region ids in key order.
inline std::vector<uint64_t> region_ids(const medic::test::PdsimProcess& sim) {
  simdjson::dom::parser p;
  auto body = sim.get("/pd/api/v1/regions/key?limit=0").body;
  std::vector<uint64_t> ids;
  for (auto r : simdjson::dom::array(p.parse(body)["regions"])) ids.push_back(uint64_t(r["id"]));
  return ids;
}

inline std::string store_field(const medic::test::PdsimProcess& sim, uint64_t id, const char* section,
                               const char* field) {
  simdjson::dom::parser p;
  auto body = sim.get("/pd/api/v1/store/" + std::to_string(id)).body;
  simdjson::dom::element v = p.parse(body)[section][field];
  if (v.is_string()) return std::string(std::string_view(v));
  return simdjson::minify(v);
}

inline size_t count_of(const medic::test::PdsimProcess& sim, const std::string& path) {
  simdjson::dom::parser p;
  auto body = sim.get(path).body;
  return size_t(int64_t(p.parse(body)["count"]));
}

inline std::string op_status(const medic::test::PdsimProcess& sim, uint64_t region) {
  auto r = sim.get("/pd/api/v1/operators/" + std::to_string(region));
  if (r.status != 200) return "none";
  auto comma = r.body.find(',');
  return r.body.substr(9, comma - 9);  // "status: X, ..."
}

inline void pause_schedulers(const medic::test::PdsimProcess& sim) {
  sim.post("/pd/api/v1/schedulers/all", "{\"delay\":86400}");
}

/// Schedulers paused and the replica checker's make-up/remove-extra off, so
/// only the test's own operators touch the regions.
inline void isolate(const medic::test::PdsimProcess& sim) {
  pause_schedulers(sim);
  sim.post("/pd/api/v1/config/schedule",
           "{\"enable-make-up-replica\":\"false\",\"enable-remove-extra-replica\":\"false\"}");
}

}  // namespace pdsim_test
