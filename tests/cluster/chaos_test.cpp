// Chaos API effects: PD members (proxying, PD-Redirector, leader moves,
// stopped members), PD-API faults, stats, log, slow/disk-fill/hot.
#include <catch2/catch.hpp>

#include "util.hpp"

using medic::test::PdsimProcess;
using medic::test::http_request;
using namespace pdsim_test;

TEST_CASE("followers proxy to the PD leader and honour PD-Redirector", "[pdsim][chaos]") {
  PdsimProcess sim({"--members", "3", "--stores", "3", "--regions", "10", "--step"});
  REQUIRE(sim.urls().size() == 3);
  std::string follower = sim.urls()[1];
  auto via = http_request("GET", follower + "/pd/api/v1/stores");
  CHECK(via.status == 200);
  CHECK(via.body == sim.get("/pd/api/v1/stores").body);
  auto loop = http_request("GET", follower + "/pd/api/v1/stores", "", {{"PD-Redirector", "pd-1"}});
  CHECK(loop.status == 500);
  CHECK(loop.body == "[PD:apiutil:ErrRedirectToNotLeader]redirect to not leader\n");
  CHECK(loop.content_type == "text/plain; charset=utf-8");

  REQUIRE(sim.post_chaos("/chaos/pd/leader", "{\"name\":\"pd-2\"}").status == 200);
  CHECK(sim.get("/pd/api/v1/leader").body.find("\"name\": \"pd-2\"") != std::string::npos);
  CHECK(http_request("GET", sim.url() + "/pd/api/v1/stores", "", {{"PD-Redirector", "pd-3"}}).status == 500);

  REQUIRE(sim.post_chaos("/chaos/pd/member/pd-2/stop", "{}").status == 200);
  CHECK(http_request("GET", follower + "/pd/api/v1/stores", "", {}, 2).status == 0);
  CHECK(sim.get("/pd/api/v1/health").body.find("\"health\": false") != std::string::npos);
  CHECK(sim.get("/pd/api/v1/stores").status == 200);  // a new leader was elected
  REQUIRE(sim.post_chaos("/chaos/pd/member/pd-2/start", "{}").status == 200);
  CHECK(http_request("GET", follower + "/pd/api/v1/ping").status == 200);

  // A member can be stopped through its own chaos endpoint.
  REQUIRE(sim.post_chaos("/chaos/pd/member/pd-1/stop", "{}").status == 200);
  bool refused = false;
  for (int i = 0; i < 100 && !refused; ++i) refused = http_request("GET", sim.url() + "/pd/api/v1/ping", "", {}, 1).status == 0;
  CHECK(refused);
  CHECK(http_request("GET", follower + "/pd/api/v1/stores").status == 200);
  CHECK(http_request("POST", follower + "/chaos/pd/member/pd-1/start", "{}").status == 200);
  CHECK(sim.get("/pd/api/v1/stores").status == 200);
}

TEST_CASE("PD API faults: errors, truncation, clearing; stats count writes", "[pdsim][chaos]") {
  PdsimProcess sim({"--stores", "3", "--regions", "10", "--step"});
  auto stats = [&] { return sim.get("/chaos/stats").body; };
  std::string s0 = stats();
  sim.get("/pd/api/v1/stores");
  CHECK(stats().find("\"pd_writes\":0") != std::string::npos);
  sim.post("/pd/api/v1/config", "{\"leader-schedule-limit\":5}");
  CHECK(stats().find("\"pd_writes\":1") != std::string::npos);

  REQUIRE(sim.post_chaos("/chaos/pd", "{\"error_rate\":1}").status == 200);
  CHECK(sim.get("/pd/api/v1/stores").status == 500);
  REQUIRE(sim.post_chaos("/chaos/pd", "{\"error_rate\":0,\"truncate_rate\":1}").status == 200);
  auto cut = sim.get("/pd/api/v1/stores");
  CHECK(cut.status == 200);
  simdjson::dom::parser p;
  simdjson::dom::element e;
  CHECK(p.parse(cut.body).get(e) != simdjson::SUCCESS);
  CHECK(sim.post_chaos("/chaos/pd", "{\"error_rate\":2}").status == 400);
  CHECK(sim.get("/chaos").body.find("\"truncate_rate\":1") != std::string::npos);
  REQUIRE(sim.del("/chaos").status == 200);
  CHECK(p.parse(sim.get("/pd/api/v1/stores").body).get(e) == simdjson::SUCCESS);
  auto log = sim.get("/chaos/log").body;
  CHECK(log.find("\"action\":\"pd-faults\"") != std::string::npos);
  CHECK(log.find("\"action\":\"clear\"") != std::string::npos);
}

TEST_CASE("slow store loses leaders to evict-slow-store; disk-fill shows in /store", "[pdsim][chaos]") {
  PdsimProcess sim({"--stores", "4", "--regions", "40", "--step"});
  REQUIRE(sim.post_chaos("/chaos/store/2/slow", "{\"heartbeat_delay_s\":25}").status == 200);
  sim.advance(120);
  CHECK(std::stoll(store_field(sim, 2, "status", "slow_score")) >= 80);
  CHECK(std::stoll(store_field(sim, 2, "status", "leader_count")) == 0);
  REQUIRE(sim.post_chaos("/chaos/store/3/disk-fill", "{\"used_ratio\":0.95}").status == 200);
  CHECK(store_field(sim, 3, "status", "available") != store_field(sim, 3, "status", "capacity"));
  CHECK(sim.post_chaos("/chaos/store/99/kill", "{}").status == 404);
  CHECK(sim.post_chaos("/chaos/store/3/disk-fill", "{\"used_ratio\":\"x\"}").status == 400);
}

TEST_CASE("a chaos hot range makes its regions hot", "[pdsim][chaos]") {
  PdsimProcess sim({"--stores", "3", "--regions", "30", "--step"});
  simdjson::dom::parser p;
  auto body = sim.get("/pd/api/v1/regions/key?limit=0").body;
  simdjson::dom::element r = p.parse(body)["regions"].at(12);
  std::string start{std::string_view(r["start_key"])};
  std::string end{std::string_view(r["end_key"])};
  uint64_t id = uint64_t(r["id"]);
  REQUIRE(sim.post_chaos("/chaos/hot", "{\"start_key\":\"" + start + "\",\"end_key\":\"" + end +
                                           "\",\"kind\":\"write\",\"bytes_per_s\":10000000}").status == 200);
  sim.advance(61);
  auto top = sim.get("/pd/api/v1/regions/writeflow?limit=1").body;
  CHECK(top.find("\"id\":" + std::to_string(id) + ",") != std::string::npos);
  CHECK(sim.get("/pd/api/v1/hotspot/regions/write").body.find("\"region_id\": " + std::to_string(id)) != std::string::npos);
}
