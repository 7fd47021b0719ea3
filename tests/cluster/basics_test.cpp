// pdsim basics: it starts, serves /stores and /regions, and the step-mode
// clock moves store heartbeats.
#include <catch2/catch.hpp>
#include <simdjson.h>

#include "support/pdsim_process.hpp"

using medic::test::PdsimProcess;

TEST_CASE("pdsim serves stores and regions of the balanced scenario", "[pdsim]") {
  PdsimProcess sim({"--scenario", "balanced", "--stores", "4", "--regions", "50", "--step"});
  auto stores = sim.get("/pd/api/v1/stores");
  REQUIRE(stores.status == 200);
  CHECK(stores.content_type == "application/json; charset=UTF-8");
  CHECK(stores.body.back() == '\n');
  simdjson::dom::parser p;
  simdjson::dom::element doc = p.parse(stores.body);
  CHECK(int64_t(doc["count"]) == 4);

  auto regions = sim.get("/pd/api/v1/regions");
  REQUIRE(regions.status == 200);
  CHECK(regions.content_type == "application/octet-stream");
  CHECK(regions.body.back() == '}');
  simdjson::dom::element rd = p.parse(regions.body);
  CHECK(int64_t(rd["count"]) == 50);
  CHECK(simdjson::dom::array(rd["regions"]).size() == 50);
}

TEST_CASE("unknown routes are 404 text and wrong methods 405", "[pdsim]") {
  PdsimProcess sim({"--step", "--regions", "10"});
  auto r = sim.get("/pd/api/v1/nope");
  CHECK(r.status == 404);
  CHECK(r.body == "404 page not found\n");
  CHECK(r.content_type == "text/plain; charset=utf-8");
  auto m = sim.post("/pd/api/v1/stores", "{}");
  CHECK(m.status == 405);
  CHECK(m.body.empty());
}
