// Operator semantics in step mode: durations, epoch changes exactly when
// TiKV makes them, statuses in GET /operators/{id}, timeout, cancel.
#include <catch2/catch.hpp>

#include <algorithm>

#include "util.hpp"

using medic::test::PdsimProcess;
using namespace pdsim_test;

namespace {
std::string op(const std::string& name, uint64_t region, const std::string& extra) {
  return "{\"name\":\"" + name + "\",\"region_id\":" + std::to_string(region) + (extra.empty() ? "" : "," + extra) + "}";
}
uint64_t store_without(const RegionView& r, uint64_t nstores) {
  for (uint64_t s = 1; s <= nstores; ++s)
    if (std::find(r.stores.begin(), r.stores.end(), s) == r.stores.end()) return s;
  return 0;
}
}  // namespace

TEST_CASE("transfer-leader completes in milliseconds without an epoch change", "[pdsim][operators]") {
  PdsimProcess sim({"--stores", "4", "--regions", "30", "--step"});
  isolate(sim);
  uint64_t id = region_ids(sim)[3];
  RegionView before = region(sim, id);
  uint64_t to = before.stores[0] == before.leader_store ? before.stores[1] : before.stores[0];
  REQUIRE(sim.post("/pd/api/v1/operators", op("transfer-leader", id, "\"to_store_id\":" + std::to_string(to))).status == 200);
  CHECK(op_status(sim, id) == "RUNNING");
  sim.advance(1);
  CHECK(op_status(sim, id) == "SUCCESS");
  RegionView after = region(sim, id);
  CHECK(after.leader_store == to);
  CHECK(after.conf_ver == before.conf_ver);
  CHECK(after.version == before.version);
}

TEST_CASE("add-peer snapshots for tens of seconds then promotes, conf_ver +2", "[pdsim][operators]") {
  PdsimProcess sim({"--stores", "4", "--regions", "30", "--step"});
  isolate(sim);
  uint64_t id = region_ids(sim)[5];
  RegionView before = region(sim, id);
  uint64_t to = store_without(before, 4);
  REQUIRE(sim.post("/pd/api/v1/operators", op("add-peer", id, "\"store_id\":" + std::to_string(to))).status == 200);
  sim.advance(2);
  RegionView mid = region(sim, id);
  CHECK(op_status(sim, id) == "RUNNING");
  CHECK(mid.stores.size() == before.stores.size() + 1);  // learner added
  CHECK(mid.pending);                                     // snapshot in flight
  CHECK(mid.conf_ver == before.conf_ver + 1);
  sim.advance(60);
  CHECK(op_status(sim, id) == "SUCCESS");
  RegionView after = region(sim, id);
  CHECK(after.conf_ver == before.conf_ver + 2);
  CHECK(after.version == before.version);
  CHECK(!after.pending);
  CHECK(std::find(after.stores.begin(), after.stores.end(), to) != after.stores.end());
}

TEST_CASE("transfer-peer moves a replica through joint consensus", "[pdsim][operators]") {
  PdsimProcess sim({"--stores", "4", "--regions", "30", "--step"});
  isolate(sim);
  uint64_t id = region_ids(sim)[7];
  RegionView before = region(sim, id);
  uint64_t to = store_without(before, 4), from = before.leader_store;
  auto r = sim.post("/pd/api/v1/operators", op("transfer-peer", id, "\"from_store_id\":" + std::to_string(from) +
                                                                        ",\"to_store_id\":" + std::to_string(to)));
  REQUIRE(r.status == 200);
  auto text = sim.get("/pd/api/v1/operators/" + std::to_string(id)).body;
  CHECK(text.find("admin-move-peer {mv peer: store [" + std::to_string(from) + "] to [" + std::to_string(to) + "]}") != std::string::npos);
  CHECK(text.find("use joint consensus") != std::string::npos);
  sim.advance(120);
  CHECK(op_status(sim, id) == "SUCCESS");
  RegionView after = region(sim, id);
  CHECK(after.conf_ver == before.conf_ver + 6);  // add learner, enter (2), leave (2), remove
  CHECK(std::find(after.stores.begin(), after.stores.end(), from) == after.stores.end());
  CHECK(after.leader_store != from);
  CHECK(after.stores.size() == 3);
}

TEST_CASE("split and merge change versions like TiKV", "[pdsim][operators]") {
  PdsimProcess sim({"--stores", "3", "--regions", "20", "--step"});
  isolate(sim);
  auto ids = region_ids(sim);
  uint64_t id = ids[4];
  RegionView before = region(sim, id);
  REQUIRE(sim.post("/pd/api/v1/operators", op("split-region", id, "\"policy\":\"approximate\"")).status == 200);
  sim.advance(1);
  CHECK(op_status(sim, id) == "SUCCESS");
  CHECK(count_of(sim, "/pd/api/v1/regions/count") == 21);
  CHECK(region(sim, id).version == before.version + 1);

  auto now = region_ids(sim);
  uint64_t left = now[10], right = now[11];
  RegionView l = region(sim, left), r = region(sim, right);
  auto m = sim.post("/pd/api/v1/operators", "{\"name\":\"merge-region\",\"source_region_id\":" + std::to_string(left) +
                                                ",\"target_region_id\":" + std::to_string(right) + "}");
  REQUIRE(m.status == 200);
  CHECK(op_status(sim, right) == "RUNNING");  // the passive half
  sim.advance(5);
  CHECK(count_of(sim, "/pd/api/v1/regions/count") == 20);
  CHECK(op_status(sim, left) == "SUCCESS");
  CHECK(region(sim, right).version == std::max(l.version, r.version) + 1);
  CHECK(region(sim, left).id == 0);  // v8.5: missing region is an empty object

  auto far = sim.post("/pd/api/v1/operators", "{\"name\":\"merge-region\",\"source_region_id\":" +
                                                  std::to_string(now[1]) + ",\"target_region_id\":" +
                                                  std::to_string(now[15]) + "}");
  CHECK(far.status == 500);
  CHECK(far.body == "\"[PD:region:ErrRegionNotAdjacent]two regions are not adjacent\"\n");
  auto pol = sim.post("/pd/api/v1/operators", op("split-region", now[2], "\"policy\":\"foo\""));
  CHECK(pol.status == 500);
  CHECK(pol.body == "\"check policy foo is not supported\"\n");
}

TEST_CASE("an operator whose target store dies times out; DELETE cancels", "[pdsim][operators]") {
  PdsimProcess sim({"--stores", "4", "--regions", "30", "--step"});
  isolate(sim);
  auto ids = region_ids(sim);
  RegionView r = region(sim, ids[2]);
  uint64_t to = store_without(r, 4);
  sim.post_chaos("/chaos/store/" + std::to_string(to) + "/kill", "{}");
  REQUIRE(sim.post("/pd/api/v1/operators", op("add-peer", ids[2], "\"store_id\":" + std::to_string(to))).status == 200);
  sim.advance(600);
  CHECK(op_status(sim, ids[2]) == "RUNNING");
  sim.advance(120);  // timeout = 10m (slow step) + 1m (fast step)
  CHECK(op_status(sim, ids[2]) == "TIMEOUT");
  CHECK(sim.get("/pd/api/v1/operators/" + std::to_string(ids[2])).body.find(") timeout\"") != std::string::npos);

  RegionView r2 = region(sim, ids[3]);
  uint64_t other = r2.stores[0] == r2.leader_store ? r2.stores[1] : r2.stores[0];
  REQUIRE(sim.post("/pd/api/v1/operators", op("transfer-leader", ids[3], "\"to_store_id\":" + std::to_string(other))).status == 200);
  CHECK(sim.del("/pd/api/v1/operators/" + std::to_string(ids[3])).status == 200);
  CHECK(op_status(sim, ids[3]) == "CANCEL");
  auto nv = sim.post("/pd/api/v1/operators", op("transfer-leader", ids[3], "\"to_store_id\":" + std::to_string(store_without(r2, 4))));
  CHECK(nv.status == 500);
  CHECK(nv.body.find("region has no voter in store") != std::string::npos);
  auto dup = sim.post("/pd/api/v1/operators", op("add-peer", ids[3], "\"store_id\":" + std::to_string(other)));
  CHECK(dup.body == "\"region already has peer in store " + std::to_string(other) + "\"\n");
  auto missing = sim.post("/pd/api/v1/operators", op("add-peer", ids[3], "\"store_id\":77"));
  CHECK(missing.body == "\"[PD:core:ErrStoreNotFound]store 77 not found\"\n");
}

TEST_CASE("remove-peer of the leader transfers leadership first", "[pdsim][operators]") {
  PdsimProcess sim({"--stores", "4", "--regions", "30", "--step"});
  isolate(sim);
  uint64_t id = region_ids(sim)[9];
  RegionView before = region(sim, id);
  REQUIRE(sim.post("/pd/api/v1/operators", op("remove-peer", id, "\"store_id\":" + std::to_string(before.leader_store))).status == 200);
  auto text = sim.get("/pd/api/v1/operators/" + std::to_string(id)).body;
  CHECK(text.find("0:{transfer leader from store " + std::to_string(before.leader_store)) != std::string::npos);
  sim.advance(2);
  RegionView after = region(sim, id);
  CHECK(after.stores.size() == 2);
  CHECK(after.conf_ver == before.conf_ver + 1);
  CHECK(count_of(sim, "/pd/api/v1/regions/check/miss-peer") >= 1);
}
