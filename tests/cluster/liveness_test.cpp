// pdsim liveness as TiKV and PD behave: raft re-elects leaders of a killed or
// cut-off store after the election timeout (each store from its own failure),
// a new peer is pending while it catches up, a Down store's replicas are
// replaced (and an extra replica is taken from the dead store, not a healthy
// one), a TTL config (POST /config?ttlSecond=N) reverts when it ends, and
// the shuffle/random-merge schedulers act.
#include <catch2/catch.hpp>

#include "util.hpp"

using medic::test::PdsimProcess;
using namespace pdsim_test;

namespace {

int64_t leaders_on(const PdsimProcess& sim, uint64_t store) {
  return std::stoll(store_field(sim, store, "status", "leader_count"));
}

int64_t regions_on(const PdsimProcess& sim, uint64_t store) {
  return std::stoll(store_field(sim, store, "status", "region_count"));
}

std::string schedule_item(const PdsimProcess& sim, const char* item) {
  simdjson::dom::parser p;
  auto body = sim.get("/pd/api/v1/config/schedule").body;
  simdjson::dom::element v = p.parse(body)[item];
  if (v.is_string()) return std::string(std::string_view(v));
  return simdjson::minify(v);
}

/// A region with a peer on `store` whose leader is elsewhere.
uint64_t region_with_follower_on(const PdsimProcess& sim, uint64_t store) {
  for (uint64_t id : region_ids(sim)) {
    RegionView r = region(sim, id);
    for (uint64_t s : r.stores)
      if (s == store && r.leader_store != store) return id;
  }
  return 0;
}

}  // namespace

/// Regions led by `leader` without a peer on `other` (they keep a quorum
/// when both stores are dead), and those with one.
std::pair<int, int> led_by(const PdsimProcess& sim, uint64_t leader, uint64_t other) {
  std::pair<int, int> n{0, 0};
  for (uint64_t id : region_ids(sim)) {
    RegionView r = region(sim, id);
    if (r.leader_store != leader) continue;
    bool shared = std::find(r.stores.begin(), r.stores.end(), other) != r.stores.end();
    (shared ? n.second : n.first)++;
  }
  return n;
}

TEST_CASE("a killed store's leaders move after the election timeout, each store from its own failure",
          "[pdsim][liveness]") {
  PdsimProcess sim({"--stores", "5", "--regions", "60", "--step"});
  pause_schedulers(sim);
  REQUIRE(led_by(sim, 1, 2).first > 0);
  REQUIRE(led_by(sim, 2, 1).first > 0);
  REQUIRE(sim.post_chaos("/chaos/store/1/kill", "{}").status == 200);
  sim.advance(6);
  REQUIRE(sim.post_chaos("/chaos/store/2/kill", "{}").status == 200);
  CHECK(led_by(sim, 1, 2).first > 0);  // within the election timeout: no election yet
  sim.advance(5);                      // store 1 dead 11 s, store 2 dead 5 s
  CHECK(led_by(sim, 1, 2).first == 0);  // every region of store 1 with a quorum elected
  CHECK(led_by(sim, 2, 1).first > 0);
  sim.advance(6);
  CHECK(led_by(sim, 2, 1).first == 0);
  // Regions with peers on both dead stores lost their quorum: no leader
  // until one of them returns.
  auto stuck = led_by(sim, 2, 1).second;
  REQUIRE(stuck + led_by(sim, 1, 2).second > 0);
  REQUIRE(sim.post_chaos("/chaos/store/1/restart", "{}").status == 200);
  sim.advance(1);
  CHECK(led_by(sim, 2, 1).second == 0);
}

TEST_CASE("a partitioned store's leaders step down after the election timeout", "[pdsim][liveness]") {
  PdsimProcess sim({"--stores", "4", "--regions", "40", "--step"});
  pause_schedulers(sim);
  int64_t before = leaders_on(sim, 3);
  REQUIRE(before > 0);
  REQUIRE(sim.post_chaos("/chaos/store/3/partition", "{}").status == 200);
  sim.advance(5);
  CHECK(leaders_on(sim, 3) == before);
  sim.advance(6);
  CHECK(leaders_on(sim, 3) == 0);
  // A cut-off store cannot take a leader back.
  uint64_t id = region_with_follower_on(sim, 3);
  REQUIRE(id != 0);
  REQUIRE(sim.post("/pd/api/v1/operators", "{\"name\":\"transfer-leader\",\"region_id\":" + std::to_string(id) +
                                               ",\"to_store_id\":3}").status == 200);
  sim.advance(2);
  CHECK(region(sim, id).leader_store != 3);
}

TEST_CASE("a newly added peer is pending while it catches up", "[pdsim][liveness]") {
  PdsimProcess sim({"--stores", "4", "--regions", "20", "--step"});
  isolate(sim);
  uint64_t id = 0;
  for (uint64_t r : region_ids(sim)) {
    RegionView v = region(sim, r);
    if (std::find(v.stores.begin(), v.stores.end(), 4) == v.stores.end()) {
      id = r;
      break;
    }
  }
  REQUIRE(id != 0);
  CHECK_FALSE(region(sim, id).pending);
  REQUIRE(sim.post("/pd/api/v1/operators", "{\"name\":\"add-peer\",\"region_id\":" + std::to_string(id) +
                                               ",\"store_id\":4}").status == 200);
  sim.advance(0.2);
  RegionView during = region(sim, id);
  CHECK(during.stores.size() == 4);
  CHECK(during.pending);  // the new peer receives its snapshot
  sim.advance(30);
  RegionView after = region(sim, id);
  CHECK(after.stores.size() == 4);
  CHECK_FALSE(after.pending);
}

TEST_CASE("an extra replica is removed from the dead store, not a healthy one", "[pdsim][liveness]") {
  PdsimProcess sim({"--stores", "5", "--regions", "30", "--step"});
  pause_schedulers(sim);
  REQUIRE(sim.post_chaos("/chaos/store/5/kill", "{}").status == 200);
  sim.advance(30);  // Disconnected, not Down (max-store-down-time 30 min)
  uint64_t id = region_with_follower_on(sim, 5);
  REQUIRE(id != 0);
  RegionView v = region(sim, id);
  uint64_t target = 0;
  for (uint64_t s = 1; s <= 4 && !target; ++s)
    if (std::find(v.stores.begin(), v.stores.end(), s) == v.stores.end()) target = s;
  REQUIRE(target != 0);
  REQUIRE(sim.post("/pd/api/v1/operators", "{\"name\":\"add-peer\",\"region_id\":" + std::to_string(id) +
                                               ",\"store_id\":" + std::to_string(target) + "}").status == 200);
  sim.advance(60);
  RegionView after = region(sim, id);
  CHECK(after.stores.size() == 3);
  CHECK(std::find(after.stores.begin(), after.stores.end(), 5) == after.stores.end());
  CHECK(std::find(after.stores.begin(), after.stores.end(), target) != after.stores.end());
}

TEST_CASE("a store past max-store-down-time is Down and its replicas are replaced", "[pdsim][liveness]") {
  PdsimProcess sim({"--stores", "5", "--regions", "30", "--step"});
  REQUIRE(regions_on(sim, 5) > 0);
  REQUIRE(sim.post_chaos("/chaos/store/5/kill", "{}").status == 200);
  sim.advance(90);
  CHECK(store_field(sim, 5, "store", "state_name") == "Disconnected");
  REQUIRE(sim.post("/pd/api/v1/config", "{\"max-store-down-time\":\"60s\"}").status == 200);
  sim.advance(1);
  CHECK(store_field(sim, 5, "store", "state_name") == "Down");
  // PD replaces a peer once TiKV reports it down (max-peer-down-duration, 10 min).
  sim.advance(400);
  CHECK(regions_on(sim, 5) > 0);
  sim.advance(600);
  CHECK(regions_on(sim, 5) == 0);
  for (uint64_t id : region_ids(sim)) CHECK(region(sim, id).stores.size() == 3);
}

TEST_CASE("a TTL config holds until its TTL ends, then the persisted value is back", "[pdsim][liveness]") {
  PdsimProcess sim({"--stores", "3", "--regions", "10", "--step"});
  std::string persisted = schedule_item(sim, "leader-schedule-limit");
  REQUIRE(persisted != "9");
  auto r = sim.post("/pd/api/v1/config?ttlSecond=30", "{\"schedule.leader-schedule-limit\":9}");
  CHECK(r.status == 200);
  CHECK(r.body.find("The ttl config is updated.") != std::string::npos);
  CHECK(schedule_item(sim, "leader-schedule-limit") == "9");
  // A lasting change of an item under a TTL is refused, like PD.
  auto clash = sim.post("/pd/api/v1/config/schedule", "{\"leader-schedule-limit\":5}");
  CHECK(clash.status == 400);
  CHECK(clash.body.find("need to clean up TTL first for schedule.leader-schedule-limit") != std::string::npos);
  CHECK(sim.post("/pd/api/v1/config?ttlSecond=x", "{\"leader-schedule-limit\":9}").status == 400);
  sim.advance(20);
  CHECK(schedule_item(sim, "leader-schedule-limit") == "9");
  sim.advance(11);
  CHECK(schedule_item(sim, "leader-schedule-limit") == persisted);
  CHECK(sim.post("/pd/api/v1/config/schedule", "{\"leader-schedule-limit\":5}").status == 200);
  CHECK(schedule_item(sim, "leader-schedule-limit") == "5");
}

TEST_CASE("shuffle-leader, shuffle-region and random-merge create operators of their own", "[pdsim][schedulers]") {
  PdsimProcess sim({"--stores", "5", "--regions", "40", "--step"});
  pause_schedulers(sim);
  sim.post("/pd/api/v1/config/schedule", "{\"enable-make-up-replica\":\"false\",\"enable-remove-extra-replica\":\"false\"}");
  auto made_by = [&](const std::string& name) {
    return sim.get("/pd/api/v1/operators/records").body.find(name) != std::string::npos;
  };
  size_t regions = region_ids(sim).size();
  for (const char* name : {"shuffle-leader-scheduler", "shuffle-region-scheduler", "random-merge-scheduler"}) {
    INFO(name);
    REQUIRE(sim.post("/pd/api/v1/schedulers", std::string("{\"name\":\"") + name + "\"}").status == 200);
    sim.advance(30);
    CHECK(made_by(name));
    REQUIRE(sim.del(std::string("/pd/api/v1/schedulers/") + name).status == 200);
  }
  CHECK(region_ids(sim).size() < regions);  // random-merge merged neighbours
}
