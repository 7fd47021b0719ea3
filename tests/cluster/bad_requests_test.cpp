// Bad requests get PD's errors and never crash pdsim.
#include <catch2/catch.hpp>

#include "util.hpp"

using medic::test::PdsimProcess;
using medic::test::http_request;

TEST_CASE("malformed, mistyped, huge and out-of-range requests are refused cleanly", "[pdsim][bad]") {
  PdsimProcess sim({"--stores", "3", "--regions", "10", "--step"});
  const std::vector<std::string> bodies = {"", "{", "[1,2", "{\"name\":}", "nul", "\"str\"", "{\"a\":1}}", "\x01\x02",
                                           "{\"name\":\"transfer-leader\",\"region_id\":-1,\"to_store_id\":1e400}"};
  for (const char* path : {"/pd/api/v1/operators", "/pd/api/v1/config", "/pd/api/v1/config/schedule",
                                  "/pd/api/v1/schedulers", "/pd/api/v1/store/1/label", "/pd/api/v1/store/1/limit",
                                  "/pd/api/v1/regions/split", "/chaos/hot", "/chaos/pd", "/chaos/clock/advance"}) {
    for (const std::string& b : bodies) {
      if (b.empty() && std::string(path).rfind("/chaos", 0) == 0 && std::string(path) != "/chaos/clock/advance")
        continue;  // chaos bodies are all-optional objects; "" means {}
      auto r = sim.post(std::string(path), b);
      INFO(path << " <- " << b << " : " << r.status << " " << r.body);
      CHECK(r.status >= 400);
      CHECK(r.status < 600);
    }
  }
  auto empty = sim.post("/pd/api/v1/operators", "");
  CHECK(empty.body.find("unexpected end of JSON input") != std::string::npos);
  auto big = sim.post("/pd/api/v1/operators", std::string(9 << 20, ' '));
  CHECK(big.status == 413);
  auto range = sim.get("/pd/api/v1/region/id/99999999999999999999");
  CHECK(range.status == 400);
  CHECK(range.body == "\"strconv.ParseUint: parsing \\\"99999999999999999999\\\": value out of range\"\n");
  CHECK(sim.get("/pd/api/v1/store/-1").status == 400);
  CHECK(sim.get("/pd/api/v1/regions/key?limit=abc").status == 400);
  CHECK(sim.get("/pd/api/v1/region/key/zz?format=hex").status == 400);
  CHECK(sim.get("/pd/api/v1/stores?state=9").status == 500);
  CHECK(sim.get("/pd/api/v1/stores/check?state=nope").status == 400);
  CHECK(sim.post("/pd/api/v1/config/schedule", "{\"leader-schedule-limit\":-1}").status == 400);
  CHECK(sim.post("/pd/api/v1/config/schedule", "{\"low-space-ratio\":5}").status == 500);
  CHECK(sim.post("/pd/api/v1/config/schedule", "{\"no-such-key\":1}").status == 200);  // ignored, like PD
  CHECK(sim.post("/pd/api/v1/operators", "{\"name\":\"split-region\",\"region_id\":1000,\"policy\":\"usekey\",\"keys\":[1]}").body ==
        "\"bad format keys\"\n");
  CHECK(http_request("PUT", sim.url() + "/pd/api/v1/stores").status == 405);
  CHECK(http_request("GET", sim.url() + "/pd/api/v1/stores/../../etc/passwd").status == 404);
  CHECK(sim.get("/pd/api/v1/stores").status == 200);  // still serving
}
