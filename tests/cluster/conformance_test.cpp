// Conformance of pdsim's PD API against shared/pd-api/examples: status
// codes, content types, renderer framing (indented + "\n" vs compact), and
// the body shape (keys, order, types, omissions) of every example kind.
#include <catch2/catch.hpp>
#include <simdjson.h>

#include "shape.hpp"
#include "support/pdsim_process.hpp"

using medic::test::HttpResult;
using medic::test::PdsimProcess;
using pdsim_test::example;
using pdsim_test::shape_diff;

namespace {

const char* kJ = "application/json; charset=UTF-8";
const char* kD = "application/octet-stream";

void json_like(const HttpResult& r, int status, const std::string& ex) {
  INFO("example " << ex << " body: " << r.body.substr(0, 300));
  CHECK(r.status == status);
  CHECK(r.content_type == kJ);
  REQUIRE(!r.body.empty());
  CHECK(r.body.back() == '\n');
  if (r.body.size() > 3 && (r.body[0] == '{' || r.body[0] == '[') && r.body[1] != ']' && r.body[1] != '}')
    CHECK(r.body[1] == '\n');  // MarshalIndent
  CHECK(shape_diff(example(ex), r.body) == "");
}

void data_like(const HttpResult& r, const std::string& ex) {
  INFO("example " << ex << " body: " << r.body.substr(0, 300));
  CHECK(r.status == 200);
  CHECK(r.content_type == kD);
  CHECK(r.body.find('\n') == std::string::npos);
  CHECK(shape_diff(example(ex), r.body) == "");
}

void exact(const HttpResult& r, int status, const std::string& ex) {
  INFO("example " << ex);
  CHECK(r.status == status);
  CHECK(r.body == example(ex));
}

uint64_t first_region(const PdsimProcess& sim, int pos = 0) {
  simdjson::dom::parser p;
  auto r = sim.get("/pd/api/v1/regions/key?limit=0");
  simdjson::dom::array regions = p.parse(r.body)["regions"];
  size_t i = pos < 0 ? regions.size() - 1 : size_t(pos);
  return uint64_t(regions.at(i)["id"]);
}

}  // namespace

TEST_CASE("store, cluster and member endpoints match PD's shapes", "[pdsim][conformance]") {
  PdsimProcess sim({"--scenario", "balanced", "--stores", "5", "--regions", "60", "--step", "--members", "3"});
  json_like(sim.get("/pd/api/v1/stores"), 200, "stores.json");
  json_like(sim.get("/pd/api/v1/store/1"), 200, "store.json");
  json_like(sim.get("/pd/api/v1/stores/limit"), 200, "stores-limit.json");
  json_like(sim.get("/pd/api/v1/cluster"), 200, "cluster.json");
  json_like(sim.get("/pd/api/v1/cluster/status"), 200, "cluster-status.json");
  json_like(sim.get("/pd/api/v1/members"), 200, "members.json");
  json_like(sim.get("/pd/api/v1/leader"), 200, "leader.json");
  json_like(sim.get("/pd/api/v1/health"), 200, "health.json");
  json_like(sim.get("/pd/api/v1/version"), 200, "version.json");
  json_like(sim.get("/pd/api/v1/status"), 200, "status.json");
  json_like(sim.get("/pd/api/v1/config"), 200, "config.json");
  json_like(sim.get("/pd/api/v1/config/schedule"), 200, "config-schedule.json");
  json_like(sim.get("/pd/api/v1/config/replicate"), 200, "config-replicate.json");
  json_like(sim.get("/pd/api/v1/config/cluster-version"), 200, "config-cluster-version.json");
  json_like(sim.get("/pd/api/v1/regions/count"), 200, "regions-count.json");
  json_like(sim.get("/pd/api/v1/regions/check/hist-size"), 200, "regions-hist-size.json");
  exact(sim.get("/pd/api/v1/regions/range-holes"), 200, "regions-range-holes.json");
  json_like(sim.get("/pd/api/v1/schedulers"), 200, "schedulers.json");
  exact(sim.get("/pd/api/v1/schedulers?status=disabled"), 200, "schedulers-disabled.json");

  SECTION("store drain shapes") {
    exact(sim.del("/pd/api/v1/store/5"), 200, "ok-200-store-delete.txt");
    json_like(sim.get("/pd/api/v1/store/5"), 200, "store-offline.json");
    json_like(sim.get("/pd/api/v1/stores/progress?id=5"), 200, "stores-progress-removing.json");
    sim.advance(3600);
    json_like(sim.get("/pd/api/v1/stores?state=2"), 200, "stores-state-tombstone.json");
  }
  SECTION("store mutations answer PD's texts") {
    exact(sim.post("/pd/api/v1/store/1/label", "{\"zone\":\"z1\",\"rack\":\"r3\"}"), 200, "ok-200-store-label.txt");
    exact(sim.post("/pd/api/v1/store/1/weight", "{\"leader\":0.5,\"region\":1}"), 200, "ok-200-store-weight.txt");
    exact(sim.post("/pd/api/v1/store/1/limit", "{\"rate\":30,\"type\":\"add-peer\"}"), 200, "ok-200-store-limit.txt");
    exact(sim.post("/pd/api/v1/store/1/state?state=Up", ""), 200, "ok-200-store-state.txt");
    exact(sim.post("/pd/api/v1/config", "{\"schedule.leader-schedule-limit\":8}"), 200, "ok-200-config-updated.txt");
  }
}

TEST_CASE("region endpoints match PD's easyjson output", "[pdsim][conformance]") {
  PdsimProcess sim({"--scenario", "hot-region", "--stores", "5", "--regions", "80", "--step"});
  sim.advance(65);  // one full region-heartbeat pass of the workload
  data_like(sim.get("/pd/api/v1/regions"), "regions.json");
  uint64_t first = first_region(sim), last = first_region(sim, -1);
  data_like(sim.get("/pd/api/v1/region/id/" + std::to_string(first)), "region.json");
  data_like(sim.get("/pd/api/v1/regions/key?key=&limit=3"), "regions-key-limit3.json");
  data_like(sim.get("/pd/api/v1/regions/writeflow?limit=2"), "regions-writeflow-limit2.json");
  data_like(sim.get("/pd/api/v1/regions/sibling/" + std::to_string(first)), "regions-sibling-first-region.json");
  data_like(sim.get("/pd/api/v1/regions/sibling/" + std::to_string(last)), "regions-sibling-last-region.json");
  auto empty = sim.get("/pd/api/v1/regions/check/miss-peer");
  CHECK(empty.body == example("regions-check-empty.json"));
  CHECK(empty.content_type == kD);
  json_like(sim.get("/pd/api/v1/hotspot/regions/write"), 200, "hotspot-write.json");
  json_like(sim.get("/pd/api/v1/hotspot/regions/read"), 200, "hotspot-read.json");
  json_like(sim.get("/pd/api/v1/hotspot/stores"), 200, "hotspot-stores.json");

  simdjson::dom::parser p;
  simdjson::dom::element hot = p.parse(sim.get("/pd/api/v1/hotspot/regions/write").body);
  size_t hot_peers = 0;
  for (auto [k, v] : simdjson::dom::object(hot["as_peer"])) hot_peers += size_t(int64_t(v["regions_count"]));
  CHECK(hot_peers > 0);  // the scenario's hot range shows up as hot peers
}

TEST_CASE("operator and scheduler endpoints match PD's shapes", "[pdsim][conformance]") {
  PdsimProcess sim({"--scenario", "balanced", "--stores", "4", "--regions", "40", "--step"});
  sim.post("/pd/api/v1/schedulers/all", "{\"delay\":600}");  // keep the operator list to ours
  exact(sim.get("/pd/api/v1/operators"), 200, "operators-empty.json");
  simdjson::dom::parser p;
  simdjson::dom::element reg = p.parse(sim.get("/pd/api/v1/regions/key?limit=1").body)["regions"].at(0);
  uint64_t id = uint64_t(reg["id"]);
  uint64_t leader = uint64_t(reg["leader"]["store_id"]);
  uint64_t other = 0;
  for (auto peer : simdjson::dom::array(reg["peers"]))
    if (uint64_t(peer["store_id"]) != leader) other = uint64_t(peer["store_id"]);
  std::string body = "{\"name\":\"transfer-leader\",\"region_id\":" + std::to_string(id) +
                     ",\"to_store_id\":" + std::to_string(other) + "}";
  exact(sim.post("/pd/api/v1/operators", body), 200, "ok-200-operator-created.txt");
  exact(sim.post("/pd/api/v1/operators", body), 500, "error-500-operator-already-exists.txt");
  json_like(sim.get("/pd/api/v1/operators"), 200, "operators.json");
  json_like(sim.get("/pd/api/v1/operators?kind=admin"), 200, "operators-kind-admin.json");
  json_like(sim.get("/pd/api/v1/operators?object=1"), 200, "operators-object.json");
  auto one = sim.get("/pd/api/v1/operators/" + std::to_string(id));
  json_like(one, 200, "operator-region.json");
  CHECK(one.body.rfind("\"status: RUNNING, operator: admin-transfer-leader {transfer leader: store ", 0) == 0);
  exact(sim.del("/pd/api/v1/operators/" + std::to_string(id)), 200, "ok-200-operator-deleted.txt");
  exact(sim.del("/pd/api/v1/operators"), 200, "ok-200-operators-deleted.txt");

  json_like(sim.get("/pd/api/v1/schedulers?status=paused"), 200, "schedulers-paused.json");
  json_like(sim.get("/pd/api/v1/schedulers?status=paused&timestamp=1"), 200, "schedulers-paused-timestamp.json");
  exact(sim.post("/pd/api/v1/schedulers/all", "{\"delay\":0}"), 200, "ok-200-scheduler-paused.txt");
  exact(sim.post("/pd/api/v1/schedulers", "{\"name\":\"evict-leader-scheduler\",\"store_id\":4}"), 200,
        "ok-200-scheduler-created.txt");
  exact(sim.post("/pd/api/v1/schedulers", "{\"name\":\"evict-leader-scheduler\",\"store_id\":3}"), 200,
        "ok-200-scheduler-applied-to-store.txt");
  json_like(sim.get("/pd/api/v1/scheduler-config/evict-leader-scheduler/list"), 200,
            "scheduler-config-evict-leader-list.json");
  exact(sim.del("/pd/api/v1/schedulers/evict-leader-scheduler-4"), 200,
        "ok-200-scheduler-remove-store-from-evict-leader.txt");
  exact(sim.del("/pd/api/v1/schedulers/evict-leader-scheduler"), 200, "ok-200-scheduler-removed.txt");
  exact(sim.post("/pd/api/v1/schedulers", "{\"name\":\"balance-leader-scheduler\"}"), 400,
        "error-400-scheduler-existed.txt");
  exact(sim.post("/pd/api/v1/schedulers", "{\"name\":\"foo\"}"), 400, "error-400-scheduler-unknown.txt");
  exact(sim.del("/pd/api/v1/schedulers/foo"), 404, "error-404-scheduler-not-found.txt");
  exact(sim.post("/pd/api/v1/schedulers/foo", "{\"delay\":10}"), 500, "error-500-scheduler-pause-not-found.txt");
  json_like(sim.post("/pd/api/v1/operators", "{\"name\":\"scatter-regions\",\"region_ids\":[" + std::to_string(id) + "]}"),
            200, "ok-200-operator-scatter-regions.json");
  json_like(sim.post("/pd/api/v1/regions/split", "{\"split_keys\":[\"7480000000000000ff6400000000000000f801\"]}"), 200,
            "ok-200-regions-split.json");
}

TEST_CASE("error bodies match PD's texts, codes and renderers", "[pdsim][conformance]") {
  PdsimProcess sim({"--scenario", "balanced", "--stores", "3", "--regions", "20", "--step"});
  exact(sim.get("/pd/api/v1/store/99"), 404, "error-404-store-not-found.txt");
  exact(sim.del("/pd/api/v1/store/99"), 404, "error-404-store-not-found.txt");
  auto bad = sim.get("/pd/api/v1/store/abc");
  exact(bad, 400, "error-400-store-id-not-a-number.txt");
  CHECK(bad.headers["tidb-error-code"] == "input");
  exact(sim.del("/pd/api/v1/store/1"), 400, "error-400-store-delete-not-enough-stores.txt");
  exact(sim.post("/pd/api/v1/store/1/state?state=Tombstone", ""), 400, "error-400-store-invalid-state.txt");
  exact(sim.post("/pd/api/v1/store/1/weight", "{\"region\":1}"), 400, "error-400-weight-unset.txt");
  exact(sim.get("/pd/api/v1/region/id/0"), 400, "error-400-region-id-zero.txt");
  exact(sim.get("/pd/api/v1/region/id/abc"), 400, "error-400-region-id-not-a-number.txt");
  exact(sim.post("/pd/api/v1/operators", "{\"name\":\"foo\"}"), 400, "error-400-operator-unknown.txt");
  exact(sim.post("/pd/api/v1/operators", "{\"name\":\"transfer-leader\",\"region_id\":\"2\"}"), 400,
        "error-400-operator-missing-region-id.txt");
  exact(sim.post("/pd/api/v1/operators", "{\"name\":\"add-peer\",\"region_id\":42,\"store_id\":1}"), 500,
        "error-500-operator-region-not-found.txt");
  exact(sim.get("/pd/api/v1/operators/42"), 500, "error-500-operator-not-found.txt");
  exact(sim.del("/pd/api/v1/operators/42"), 500, "error-500-operator-not-found.txt");
  auto inv = sim.post("/pd/api/v1/operators", "fxlse");
  CHECK(inv.status == 400);
  CHECK(inv.body.find("\"msg\": \"invalid character 'x' in literal false (expecting 'a')\"") != std::string::npos);
  CHECK(shape_diff(example("error-400-invalid-json-body.txt"), inv.body) == "");
  exact(sim.post("/pd/api/v1/config", "{\"leader-schedule-limt\": 8}"), 400, "error-400-config-item-not-found.txt");
  exact(sim.post("/pd/api/v1/config", "{\"enable-cross-table-merge\": true}"), 400,
        "error-400-config-bool-not-string.txt");
  auto hex = sim.post("/pd/api/v1/regions/split", "{\"split_keys\":[\"zi\"]}");
  CHECK(hex.status == 400);
  CHECK(hex.body == "\"encoding/hex: invalid byte: U+007A 'z'\"\n");
  exact(sim.get("/pd/api/v1/nope"), 404, "error-404-unknown-route.txt");
  CHECK(sim.get("/pd/api/v1/nope").content_type == "text/plain; charset=utf-8");
}
