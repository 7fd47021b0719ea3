// Store state transitions: Up -> Disconnected -> Down with down/pending
// peers and replicas re-created elsewhere; drain Offline -> Tombstone;
// cancel with state=Up; the status server follows the TiKV process.
#include <catch2/catch.hpp>

#include "util.hpp"

using medic::test::PdsimProcess;
using medic::test::http_request;
using namespace pdsim_test;

TEST_CASE("a killed store goes Disconnected, then Down, and its replicas are re-created", "[pdsim][stores]") {
  PdsimProcess sim({"--stores", "5", "--regions", "50", "--step"});
  pause_schedulers(sim);
  std::string status_addr = store_field(sim, 5, "store", "status_address");
  CHECK(http_request("GET", "http://" + status_addr + "/status").status == 200);
  CHECK(http_request("GET", "http://" + status_addr + "/metrics").body.find("tikv_store_size_bytes") != std::string::npos);
  int64_t regions_on_5 = std::stoll(store_field(sim, 5, "status", "region_count"));
  REQUIRE(regions_on_5 > 0);

  REQUIRE(sim.post_chaos("/chaos/store/5/kill", "{}").status == 200);
  CHECK(http_request("GET", "http://" + status_addr + "/status", "", {}, 2).status == 0);  // refused
  sim.advance(5);
  CHECK(store_field(sim, 5, "store", "state_name") == "Up");
  sim.advance(25);
  CHECK(store_field(sim, 5, "store", "state_name") == "Disconnected");
  CHECK(count_of(sim, "/pd/api/v1/regions/check/pending-peer") > 0);
  CHECK(count_of(sim, "/pd/api/v1/stores/check?state=disconnected") == 1);
  CHECK(std::stoll(store_field(sim, 5, "status", "leader_count")) == 0);  // raft re-elected leaders
  sim.advance(600);
  CHECK(count_of(sim, "/pd/api/v1/regions/check/down-peer") > 0);  // after max-peer-down-duration
  sim.advance(1200);
  CHECK(store_field(sim, 5, "store", "state_name") == "Down");
  sim.advance(900);  // the rule checker replaces down peers on the remaining 4 stores
  CHECK(std::stoll(store_field(sim, 5, "status", "region_count")) == 0);
  CHECK(count_of(sim, "/pd/api/v1/regions/check/miss-peer") == 0);
  CHECK(count_of(sim, "/pd/api/v1/regions/check/down-peer") == 0);

  REQUIRE(sim.post_chaos("/chaos/store/5/restart", "{}").status == 200);
  sim.advance(1);
  CHECK(store_field(sim, 5, "store", "state_name") == "Up");
  CHECK(http_request("GET", "http://" + status_addr + "/status").status == 200);
}

TEST_CASE("max-store-down-time from /config decides when a store is Down", "[pdsim][stores]") {
  PdsimProcess sim({"--stores", "4", "--regions", "20", "--step"});
  REQUIRE(sim.post("/pd/api/v1/config/schedule", "{\"max-store-down-time\":\"2m\"}").status == 200);
  sim.post_chaos("/chaos/store/2/kill", "{}");
  sim.advance(100);
  CHECK(store_field(sim, 2, "store", "state_name") == "Disconnected");
  sim.advance(30);
  CHECK(store_field(sim, 2, "store", "state_name") == "Down");
}

TEST_CASE("a drained store goes Offline then Tombstone; state=Up cancels", "[pdsim][stores]") {
  PdsimProcess sim({"--stores", "5", "--regions", "40", "--step"});
  REQUIRE(sim.del("/pd/api/v1/store/5").status == 200);
  CHECK(store_field(sim, 5, "store", "state_name") == "Offline");
  CHECK(store_field(sim, 5, "store", "node_state") == "2");
  REQUIRE(sim.del("/pd/api/v1/store/4").status == 200);
  REQUIRE(sim.post("/pd/api/v1/store/4/state?state=up", "").status == 200);
  CHECK(store_field(sim, 4, "store", "state_name") == "Up");
  sim.advance(60);
  int64_t left = std::stoll(store_field(sim, 5, "status", "region_count"));
  CHECK(left < 24);
  sim.advance(3600);
  CHECK(count_of(sim, "/pd/api/v1/stores") == 4);  // Tombstone hidden by default
  CHECK(count_of(sim, "/pd/api/v1/stores?state=2") == 1);
  CHECK(store_field(sim, 5, "store", "state_name") == "Tombstone");
  auto gone = sim.del("/pd/api/v1/store/5");
  CHECK(gone.status == 410);
  CHECK(gone.body == "\"[PD:core:ErrStoreRemoved]store 5 has been removed\"\n");
  CHECK(sim.del("/pd/api/v1/stores/remove-tombstone").status == 200);
  CHECK(sim.get("/pd/api/v1/store/5").status == 404);
}

TEST_CASE("offline-stuck scenario stalls the drain", "[pdsim][stores]") {
  PdsimProcess sim({"--scenario", "offline-stuck", "--regions", "60", "--step"});
  CHECK(store_field(sim, 4, "store", "state_name") == "Offline");
  sim.advance(1800);
  CHECK(store_field(sim, 4, "store", "state_name") == "Offline");
  CHECK(std::stoll(store_field(sim, 4, "status", "region_count")) > 0);
  CHECK(count_of(sim, "/pd/api/v1/regions/check/offline-peer") > 0);
}
