// tests/engine/pd/pd_json_test.cpp: every pd_json parser against PD's example
// bodies (fixtures/), plus wrong, missing, huge, truncated and malformed input.
#include <catch2/catch.hpp>

#include <filesystem>
#include <functional>
#include <map>
#include <set>

#include "pd/pd_format.hpp"
#include "pd/pd_json.hpp"
#include "pd_test_text.hpp"

using namespace medic::pd;
using medic::test::pd_fixture;

namespace {

std::string raw(const std::string& hex) {
    std::string out;
    REQUIRE(hex_decode(hex, &out));
    return out;
}

template <class R>
std::string err_of(const R& r) {
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::Malformed);
    return r.error().to_string();
}

}  // namespace

TEST_CASE("stores.json: every store, state names, labels, byte sizes", "[pd_json]") {
    auto r = parse_stores(pd_fixture("stores.json"));
    REQUIRE(r.ok());
    const auto& s = r.value();
    REQUIRE(s.size() == 7);
    std::set<uint64_t> ids;
    for (const auto& st : s) ids.insert(st.id);
    CHECK(ids == std::set<uint64_t>{1, 4, 5, 6, 7, 8, 9});
    const Store& s1 = s[0];
    CHECK(s1.id == 1);
    CHECK(s1.address == "10.0.2.11:20160");
    CHECK(s1.status_address == "10.0.2.11:20180");
    CHECK(s1.label("zone") == "z1");
    CHECK(s1.version == "8.5.2");
    CHECK(s1.last_heartbeat_ns == 1787298346422222213LL);
    CHECK(s1.node_state == NodeState::Serving);
    CHECK(s1.state == StoreState::Up);
    CHECK(s1.state_name == StoreStateName::Up);
    CHECK(s1.capacity_bytes == uint64_t(1.718 * 1099511627776.0 + 0.5));
    CHECK(s1.leader_count == 812);
    CHECK(s1.region_count == 2401);
    CHECK(s1.leader_weight == 1);
    CHECK(s1.region_score == Approx(216735.9432011279));
    CHECK(s1.uptime_s == Approx(72 * 3600 + 52 * 60 + 26.422222213));
    auto by_id = [&](uint64_t id) {
        for (const auto& st : s)
            if (st.id == id) return st;
        FAIL("no store " << id);
        return Store{};
    };
    CHECK(by_id(5).pause_leader_transfer_in);
    CHECK(by_id(6).state == StoreState::Offline);
    CHECK(by_id(6).state_name == StoreStateName::Offline);
    CHECK(by_id(6).node_state == NodeState::Removing);
    CHECK(by_id(7).state_name == StoreStateName::Down);
    CHECK(by_id(8).state_name == StoreStateName::Disconnected);
    CHECK(by_id(9).is_tiflash());
    CHECK_FALSE(by_id(1).is_tiflash());
}

TEST_CASE("single store and tombstone listings", "[pd_json]") {
    auto one = parse_store(pd_fixture("store.json"));
    REQUIRE(one.ok());
    CHECK(one->id == 1);
    auto off = parse_store(pd_fixture("store-offline.json"));
    REQUIRE(off.ok());
    CHECK(off->state_name == StoreStateName::Offline);
    auto tomb = parse_stores(pd_fixture("stores-state-tombstone.json"));
    REQUIRE(tomb.ok());
    REQUIRE(tomb->size() >= 1);
    CHECK(tomb->at(0).state == StoreState::Tombstone);
    CHECK(tomb->at(0).state_name == StoreStateName::Tombstone);
}

TEST_CASE("region.json: keys, epoch, peers, down and pending peers", "[pd_json]") {
    auto r = parse_region(pd_fixture("region.json"));
    REQUIRE(r.ok());
    REQUIRE(r->has_value());
    const Region& g = **r;
    CHECK(g.id == 14);
    CHECK(g.start_key == raw("7480000000000000FF3F00000000000000F8"));
    CHECK(g.end_key == raw("7480000000000000FF3F5F728000000000FF0F42400000000000FA"));
    CHECK(g.conf_ver == 5);
    CHECK(g.version == 71);
    REQUIRE(g.peers.size() == 3);
    CHECK(g.peers[2] == Peer{17, 7, PeerRole::Voter, false});
    CHECK(g.leader == Peer{15, 1, PeerRole::Voter, false});
    REQUIRE(g.down_peers.size() == 1);
    CHECK(g.down_peers[0].peer.store_id == 7);
    CHECK(g.down_peers[0].down_seconds == 7277);
    REQUIRE(g.pending_peers.size() == 1);
    CHECK(g.pending_peers[0].id == 17);
    CHECK(g.written_bytes == 6819227);
    CHECK(g.approximate_size_mib == 96);
    CHECK(g.approximate_keys == 980117);
}

TEST_CASE("joint-consensus roles and learners", "[pd_json]") {
    auto r = parse_region(pd_fixture("region-joint-state.json"));
    REQUIRE(r.ok());
    const Region& g = **r;
    REQUIRE(g.peers.size() == 4);
    CHECK(g.peers[2].role == PeerRole::DemotingVoter);
    CHECK(g.peers[3].role == PeerRole::IncomingVoter);
    CHECK(g.peers[3].store_id == 8);
    auto all = parse_regions(pd_fixture("regions.json"));
    REQUIRE(all.ok());
    bool saw_learner = false;
    for (const auto& reg : *all)
        for (const auto& p : reg.peers) saw_learner |= p.role == PeerRole::Learner;
    CHECK(saw_learner);  // region 20's TiFlash learner
}

TEST_CASE("RegionsInfo endpoints: list, check, key, flow, sibling placeholders", "[pd_json]") {
    auto all = parse_regions(pd_fixture("regions.json"));
    REQUIRE(all.ok());
    std::set<uint64_t> ids;
    for (const auto& g : *all) ids.insert(g.id);
    CHECK(ids == std::set<uint64_t>{2, 8, 14, 20, 26, 32, 38});
    auto down = parse_regions(pd_fixture("regions-check-down-peer.json"));
    REQUIRE(down.ok());
    REQUIRE(down->size() == 1);
    CHECK(down->at(0).id == 14);
    auto empty = parse_regions(pd_fixture("regions-check-empty.json"));
    REQUIRE(empty.ok());
    CHECK(empty->empty());
    CHECK(parse_regions(pd_fixture("regions-key-limit3.json"))->size() == 3);
    CHECK(parse_regions(pd_fixture("regions-writeflow-limit2.json"))->size() == 2);
    // The first region's left sibling is an all-zero placeholder: skipped.
    auto first = parse_regions(pd_fixture("regions-sibling-first-region.json"));
    REQUIRE(first.ok());
    CHECK(first->size() == 1);
    auto last = parse_regions(pd_fixture("regions-sibling-last-region.json"));
    REQUIRE(last.ok());
    CHECK(last->size() == 2);  // the repeated entry is PD's; dedupe is the caller's
    auto count = parse_regions_count(pd_fixture("regions-count.json"));
    REQUIRE(count.ok());
    CHECK(count.value() == 184632);
}

TEST_CASE("missing region answers of every PD version", "[pd_json]") {
    auto null_body = parse_region("null\n");
    REQUIRE(null_body.ok());
    CHECK_FALSE(null_body->has_value());
    auto zero = parse_region(
        R"({"id":0,"start_key":"","end_key":"","leader":{"role_name":""},"cpu_usage":0,"written_bytes":0})");
    REQUIRE(zero.ok());
    CHECK_FALSE(zero->has_value());
}

TEST_CASE("old encoding/json region: indented, peer keys id-first, down_seconds first", "[pd_json]") {
    std::string body = R"({
  "id": 14,
  "start_key": "7480",
  "end_key": "",
  "epoch": {
    "conf_ver": 5
  },
  "peers": [
    {"id": 15, "store_id": 1, "role": 0, "role_name": "Voter"},
    {"id": 16, "store_id": 4, "role": 1, "role_name": "Learner", "is_learner": true}
  ],
  "leader": {"id": 15, "store_id": 1, "role_name": "Voter"},
  "down_peers": [{"down_seconds": 30, "peer": {"id": 16, "store_id": 4, "role": 1}}],
  "written_bytes": 18446744073709551615,
  "approximate_size": 1
}
)";
    auto r = parse_region(body);
    REQUIRE(r.ok());
    const Region& g = **r;
    CHECK(g.version == 0);  // omitted zero
    CHECK(g.conf_ver == 5);
    CHECK(g.end_key.empty());
    CHECK(g.peers[1].role == PeerRole::Learner);
    CHECK(g.down_peers[0].down_seconds == 30);
    CHECK(g.written_bytes == 18446744073709551615ULL);  // u64 max, not via double
    CHECK(g.approximate_keys == 0);
}

TEST_CASE("leaderless region keeps leader id 0", "[pd_json]") {
    auto r = parse_region(R"({"id":3,"start_key":"","end_key":"","peers":[{"role_name":"Voter","id":4,"store_id":1}],"leader":{"role_name":""},"cpu_usage":0})");
    REQUIRE(r.ok());
    CHECK_FALSE((*r)->has_leader());
}

TEST_CASE("hot spots: regions and stores", "[pd_json]") {
    auto w = parse_hot_regions(pd_fixture("hotspot-write.json"), HotKind::Write);
    REQUIRE(w.ok());
    REQUIRE_FALSE(w->as_peer.empty());
    CHECK(w->as_peer[0].store_id == 1);
    REQUIRE(w->as_peer[0].statistics.size() == 2);
    CHECK(w->as_peer[0].statistics[0].region_id == 32);
    CHECK(w->as_peer[0].statistics[0].hot_degree == 41);
    CHECK(w->as_peer[0].statistics[0].stores == std::vector<uint64_t>{1, 4, 5});
    CHECK_FALSE(w->as_leader.empty());
    auto rd = parse_hot_regions(pd_fixture("hotspot-read.json"), HotKind::Read);
    REQUIRE(rd.ok());
    auto hs = parse_hot_stores(pd_fixture("hotspot-stores.json"));
    REQUIRE(hs.ok());
    REQUIRE(hs->bytes_write_rate.size() == 6);
    CHECK(hs->bytes_write_rate[0] == std::pair<uint64_t, double>{1, 4829301.7});
    // store-id keys sort as numbers, not as strings ("1","10","2")
    auto sorted = parse_hot_stores(R"({"bytes-write-rate":{"1":1,"10":2,"2":3}})");
    REQUIRE(sorted.ok());
    CHECK(sorted->bytes_write_rate[2].first == 10);
    auto filtered = parse_hot_regions(R"({"as_peer":{"4":null},"as_leader":{}})", HotKind::Write);
    REQUIRE(filtered.ok());
    CHECK(filtered->as_peer.empty());
}

TEST_CASE("operators, schedulers, strings", "[pd_json]") {
    auto ops = parse_operators(pd_fixture("operators-object.json"));
    REQUIRE(ops.ok());
    REQUIRE(ops->size() == 3);
    CHECK(ops->at(1).desc == "admin-transfer-leader");
    CHECK(ops->at(1).region_id == 2);
    CHECK(ops->at(1).conf_ver == 5);
    CHECK(ops->at(1).kind == 257);
    CHECK(ops->at(1).timeout_s == 60);
    CHECK(ops->at(0).status == OpStatus::Started);
    CHECK(parse_string_list(pd_fixture("operators.json"), "/operators")->size() == 3);
    CHECK(parse_string_list(pd_fixture("operators-empty.json"), "/operators")->empty());
    CHECK(parse_string_list(pd_fixture("operators-kind-admin.json"), "/operators").ok());
    auto sch = parse_string_list(pd_fixture("schedulers.json"), "/schedulers");
    REQUIRE(sch.ok());
    CHECK_FALSE(sch->empty());
    CHECK(parse_string_list(pd_fixture("schedulers-paused.json"), "/schedulers").ok());
    CHECK(parse_string_list(pd_fixture("schedulers-disabled.json"), "/schedulers").ok());
    auto s = parse_json_string(pd_fixture("operator-region.json"), "/operators/2");
    REQUIRE(s.ok());
    CHECK(s->rfind("status: RUNNING", 0) == 0);
    CHECK(parse_json_string(pd_fixture("operator-region-finished.json"), "/operators/44").ok());
    CHECK(parse_json_string(pd_fixture("config-cluster-version.json"), "/config/cluster-version").value() == "8.5.2");
}

TEST_CASE("config: schedule and replicate", "[pd_json]") {
    auto sc = parse_schedule_config(pd_fixture("config-schedule.json"));
    REQUIRE(sc.ok());
    CHECK(sc->max_store_down_time_s == 1800);
    CHECK(sc->leader_schedule_limit == 4);
    CHECK(sc->region_schedule_limit == 2048);
    CHECK(sc->low_space_ratio == Approx(0.8));
    CHECK(sc->split_merge_interval_s == 3600);
    CHECK(sc->patrol_region_interval_s == Approx(0.01));
    CHECK(sc->enable_remove_down_replica);
    auto rc = parse_replication_config(pd_fixture("config-replicate.json"));
    REQUIRE(rc.ok());
    CHECK(rc->max_replicas == 3);
    CHECK(rc->location_labels == std::vector<std::string>{"zone", "host"});
    CHECK_FALSE(rc->strictly_match_label);
    CHECK(rc->enable_placement_rules);
    auto bad = parse_replication_config(R"({"max-replicas":3,"strictly-match-label":"maybe"})");
    CHECK_THAT(err_of(bad), Catch::Contains("strictly-match-label: expected \"true\" or \"false\", got \"maybe\""));
}

TEST_CASE("members, leader, health, cluster: ids above 2^63", "[pd_json]") {
    auto h = parse_health(pd_fixture("health.json"));
    REQUIRE(h.ok());
    REQUIRE(h->size() == 3);
    CHECK(h->at(1).member_id == 13195394291058371180ULL);
    CHECK(h->at(0).health);
    CHECK_FALSE(h->at(2).health);
    auto l = parse_leader(pd_fixture("leader.json"));
    REQUIRE(l.ok());
    CHECK(l->name == "pd-2");
    CHECK(l->client_urls == std::vector<std::string>{"http://10.0.1.2:2379"});
    auto m = parse_members(pd_fixture("members.json"));
    REQUIRE(m.ok());
    CHECK(m->members.size() == 3);
    CHECK(m->leader_name == "pd-2");
    auto c = parse_cluster(pd_fixture("cluster.json"));
    REQUIRE(c.ok());
    CHECK(c->id == 7412049283746500123ULL);
}

TEST_CASE("every PD error body shape decodes to its text", "[pd_json]") {
    CHECK(pd_error_message(pd_fixture("error-404-store-not-found.txt")) == "[PD:core:ErrStoreNotFound]store 99 not found");
    CHECK(pd_error_message(pd_fixture("error-400-invalid-json-body.txt")) ==
          "input: invalid character 'o' in literal false (expecting 'a')");
    CHECK(pd_error_message(pd_fixture("error-400-store-id-not-a-number.txt")) ==
          "input: strconv.ParseUint: parsing \"abc\": invalid syntax");
    CHECK(pd_error_message(pd_fixture("error-400-region-id-zero.txt")).empty());
    CHECK(pd_error_message("null\n").empty());
    CHECK(pd_error_message(pd_fixture("error-503-redirect-no-leader.txt")) ==
          "[PD:apiutil:ErrRedirectNoLeader]redirect finds no leader");
    CHECK(pd_error_message(pd_fixture("error-429-rate-limited.txt")) == "Too Many Requests");
    CHECK(pd_error_message(pd_fixture("error-404-unknown-route.txt")) == "404 page not found");
    CHECK(pd_error_message(pd_fixture("error-400-region-id-not-a-number.txt")) ==
          "strconv.ParseUint: parsing \"abc\": invalid syntax");
    CHECK(pd_error_message("").empty());
    CHECK(pd_error_message("\"unterminated").size() > 0);  // garbage is shown as text, never throws
    // Every error fixture gives a non-crashing, trimmed message.
    for (const auto& e : std::filesystem::directory_iterator(MEDIC_PD_FIXTURES)) {
        std::string name = e.path().filename().string();
        if (name.rfind("error-", 0) != 0) continue;
        std::string msg = pd_error_message(pd_fixture(name));
        INFO(name);
        CHECK(msg.find('\n') == std::string::npos);
        if (name != "error-400-region-id-zero.txt") CHECK_FALSE(msg.empty());
    }
    for (const auto& e : std::filesystem::directory_iterator(MEDIC_PD_FIXTURES)) {
        std::string name = e.path().filename().string();
        if (name.rfind("ok-200-", 0) != 0 || name.find(".txt") == std::string::npos) continue;
        INFO(name);
        std::string body = pd_fixture(name);
        if (body.rfind("null", 0) == 0) continue;
        CHECK(parse_json_string(body, "/x").ok());
    }
}

TEST_CASE("every example response file has a parser that accepts it", "[pd_json]") {
    // File -> how to parse it. A new example without an entry fails the test.
    std::map<std::string, std::function<bool(const std::string&)>> table;
    auto stores = [](const std::string& b) { return parse_stores(b).ok(); };
    auto regions = [](const std::string& b) { return parse_regions(b).ok(); };
    auto region = [](const std::string& b) { return parse_region(b).ok(); };
    auto strings = [](const std::string& b) { return parse_string_list(b, "/x").ok(); };
    auto jstring = [](const std::string& b) { return parse_json_string(b, "/x").ok(); };
    auto any_json = [](const std::string& b) {  // bodies medic does not model: still valid JSON
        return parse_json_string(b, "/x").ok() || parse_string_list(b, "/x").ok() || !pd_error_message(b).empty() ||
               b.find('{') != std::string::npos;
    };
    for (auto n : {"stores.json", "stores-state-tombstone.json"}) table[n] = stores;
    for (auto n : {"store.json", "store-offline.json"}) table[n] = [](const std::string& b) { return parse_store(b).ok(); };
    for (auto n : {"regions.json", "regions-check-down-peer.json", "regions-check-empty.json", "regions-key-limit3.json",
                   "regions-writeflow-limit2.json", "regions-sibling-first-region.json", "regions-sibling-last-region.json"})
        table[n] = regions;
    for (auto n : {"region.json", "region-joint-state.json"}) table[n] = region;
    table["regions-count.json"] = [](const std::string& b) { return parse_regions_count(b).ok(); };
    table["hotspot-write.json"] = [](const std::string& b) { return parse_hot_regions(b, HotKind::Write).ok(); };
    table["hotspot-read.json"] = [](const std::string& b) { return parse_hot_regions(b, HotKind::Read).ok(); };
    table["hotspot-stores.json"] = [](const std::string& b) { return parse_hot_stores(b).ok(); };
    table["operators-object.json"] = [](const std::string& b) { return parse_operators(b).ok(); };
    for (auto n : {"operators.json", "operators-kind-admin.json", "operators-empty.json", "schedulers.json",
                   "schedulers-paused.json", "schedulers-disabled.json"})
        table[n] = strings;
    for (auto n : {"operator-region.json", "operator-region-finished.json", "config-cluster-version.json"}) table[n] = jstring;
    table["config-schedule.json"] = [](const std::string& b) { return parse_schedule_config(b).ok(); };
    table["config-replicate.json"] = [](const std::string& b) { return parse_replication_config(b).ok(); };
    table["health.json"] = [](const std::string& b) { return parse_health(b).ok(); };
    table["leader.json"] = [](const std::string& b) { return parse_leader(b).ok(); };
    table["members.json"] = [](const std::string& b) { return parse_members(b).ok(); };
    table["cluster.json"] = [](const std::string& b) { return parse_cluster(b).ok(); };
    for (auto n : {"cluster-status.json", "config.json", "version.json", "status.json", "stores-limit.json",
                   "stores-progress-removing.json", "regions-hist-size.json", "regions-range-holes.json",
                   "schedulers-paused-timestamp.json", "scheduler-config-evict-leader-list.json",
                   "ok-200-operator-scatter-regions.json", "ok-200-regions-split.json"})
        table[n] = any_json;
    size_t checked = 0;
    for (const auto& e : std::filesystem::directory_iterator(MEDIC_PD_FIXTURES)) {
        std::string name = e.path().filename().string();
        if (name.size() < 5 || name.substr(name.size() - 5) != ".json" || name.find(".request.") != std::string::npos)
            continue;
        INFO(name);
        auto it = table.find(name);
        REQUIRE(it != table.end());
        CHECK(it->second(pd_fixture(name)));
        ++checked;
    }
    CHECK(checked == table.size());
}

TEST_CASE("wrong types name the field path and the place in the body", "[pd_json][errors]") {
    auto r = parse_stores(R"({"count":1,"stores":[{"store":{"id":"1","state_name":"Up"},"status":{}}]})");
    std::string e = err_of(r);
    CHECK_THAT(e, Catch::StartsWith("pd /stores: stores[0].store.id: expected unsigned integer, got string near '\"1\""));
    CHECK_THAT(e, Catch::Contains("(byte "));
    auto st = parse_stores(R"({"stores":[{"store":{"id":1,"state_name":5},"status":{}}]})");
    CHECK_THAT(err_of(st), Catch::Contains("stores[0].store.state_name: expected string, got number near '5}"));
    auto snap = parse_stores(R"({"stores":[{"store":{"id":1},"status":{"sending_snap_count":-6}}]})");
    REQUIRE(snap.ok());  // informational gauge: clamped, not fatal
    CHECK(snap->at(0).sending_snap_count == 0);
    auto lc = parse_stores(R"({"stores":[{"store":{"id":1},"status":{"leader_count":-3}}]})");
    CHECK_THAT(err_of(lc), Catch::Contains("stores[0].status.leader_count: expected unsigned integer"));
    auto peers = parse_region(R"({"id":5,"start_key":"","end_key":"","peers":{"id":1},"leader":{}})", "/region/id");
    CHECK_THAT(err_of(peers), Catch::Contains("pd /region/id: peers: expected array, got object"));
}

// The region parser names a scalar field only when its getter fails (no
// path segment pushed per scalar): the path must still be complete at every
// depth, and a container's segment must not leak onto its next sibling.
TEST_CASE("region scalar errors name the full path at every depth", "[pd_json][errors]") {
    auto region = [](const std::string& fields) {
        return parse_regions(R"({"regions":[{"id":1,"start_key":"","end_key":""},{"id":2,"start_key":"","end_key":"",)" +
                             fields + "}]}");
    };
    CHECK_THAT(err_of(region(R"("epoch":{"conf_ver":1,"version":"7"})")),
               Catch::Contains("pd /regions: regions[1].epoch.version: expected unsigned integer, got string near '\"7\"}"));
    CHECK_THAT(err_of(region(R"("leader":{"id":3,"store_id":-1})")),
               Catch::Contains("regions[1].leader.store_id: expected unsigned integer"));
    CHECK_THAT(err_of(region(R"("peers":[{"id":3,"store_id":1},{"id":4,"store_id":2,"is_learner":1}])")),
               Catch::Contains("regions[1].peers[1].is_learner: expected boolean, got number"));
    CHECK_THAT(err_of(region(R"("peers":[{"id":3,"store_id":1}],"written_bytes":true)")),
               Catch::Contains("regions[1].written_bytes: expected unsigned integer, got boolean"));
    CHECK_THAT(err_of(region(R"("down_peers":[{"peer":{"id":3,"store_id":1},"down_seconds":1.5}])")),
               Catch::Contains("regions[1].down_peers[0].down_seconds: expected unsigned integer"));
    CHECK_THAT(err_of(region(R"("approximate_size":99999999999999999999)")),
               Catch::Contains("regions[1].approximate_size: expected integer"));
}

TEST_CASE("missing required fields", "[pd_json][errors]") {
    CHECK_THAT(err_of(parse_stores(R"({"count":0})")), Catch::Contains("stores: missing required field"));
    CHECK_THAT(err_of(parse_stores(R"({"stores":[{"status":{}}]})")), Catch::Contains("stores[0].store: missing required field"));
    CHECK_THAT(err_of(parse_stores(R"({"stores":[{"store":{"address":"a"}}]})")),
               Catch::Contains("stores[0].store.id: missing required field"));
    CHECK_THAT(err_of(parse_regions(R"({"count":1,"regions":[{"id":7,"end_key":""}]})")),
               Catch::Contains("regions[0].start_key: missing required field"));
    CHECK_THAT(err_of(parse_regions(R"({"regions":[{"id":7,"start_key":"","end_key":"","peers":[{"store_id":1}]}]})")),
               Catch::Contains("regions[0].peers[0]: peer without id"));
    CHECK_THAT(err_of(parse_regions_count("{}")), Catch::Contains("count: missing required field"));
    CHECK_THAT(err_of(parse_operators(R"([{"desc":"x"}])")), Catch::Contains("[0].region_id: missing required field"));
}

TEST_CASE("huge and out-of-range values", "[pd_json][errors]") {
    auto max = parse_cluster(R"({"id":18446744073709551615})");
    REQUIRE(max.ok());
    CHECK(max->id == UINT64_MAX);
    CHECK_THAT(err_of(parse_cluster(R"({"id":18446744073709551616})")), Catch::Contains("id: expected unsigned integer"));
    CHECK_THAT(err_of(parse_cluster(R"({"id":1e30})")), Catch::Contains("id: expected unsigned integer"));
    CHECK_THAT(err_of(parse_region(R"({"id":1,"start_key":"","end_key":"","peers":[{"id":2,"store_id":1,"role":9}]})")),
               Catch::Contains("peers[0].role: unknown peer role 9"));
    CHECK_THAT(err_of(parse_stores(R"({"stores":[{"store":{"id":1,"state":7}}]})")),
               Catch::Contains("unknown store state 7"));
    CHECK_THAT(err_of(parse_stores(R"({"stores":[{"store":{"id":1,"state_name":"Bogus"}}]})")),
               Catch::Contains("unknown state_name \"Bogus\""));
    // A huge but valid body: 20k regions in one line.
    std::string big = R"({"count":20000,"regions":[)";
    for (int i = 1; i <= 20000; ++i) {
        if (i > 1) big += ',';
        big += R"({"id":)" + std::to_string(i) + R"(,"start_key":"0A","end_key":"0B","peers":[{"role_name":"Voter","id":)" +
               std::to_string(i * 10) + R"(,"store_id":1}],"leader":{"role_name":"Voter","id":)" + std::to_string(i * 10) +
               R"(,"store_id":1},"approximate_size":1})";
    }
    big += "]}";
    auto r = parse_regions(big);
    REQUIRE(r.ok());
    CHECK(r->size() == 20000);
}

TEST_CASE("PD scalar formats: ByteSize, Duration, hex keys", "[pd_json][format]") {
    CHECK(parse_byte_size("0B") == 0u);
    CHECK(parse_byte_size("512B") == 512u);
    CHECK(parse_byte_size("1.5KiB") == 1536u);
    CHECK(parse_byte_size("292.5MiB") == uint64_t(292.5 * 1048576));
    CHECK(parse_byte_size("10 GiB") == 10ull << 30);  // PD v3 go-humanize
    CHECK(parse_byte_size("1.2 kB") == 1200u);
    CHECK_FALSE(parse_byte_size("PiB"));
    CHECK_FALSE(parse_byte_size("12 parsecs"));
    CHECK_FALSE(parse_byte_size("-1GiB"));
    CHECK_FALSE(parse_byte_size("100"));
    CHECK(parse_go_duration("30m0s") == 1800.0);
    CHECK(parse_go_duration("1h0m0s") == 3600.0);
    CHECK(*parse_go_duration("72h52m31.234567891s") == Approx(262351.234567891));
    CHECK(*parse_go_duration("10ms") == Approx(0.01));
    CHECK(*parse_go_duration("1.5us") == Approx(1.5e-6));
    CHECK(parse_go_duration("0s") == 0.0);
    CHECK(parse_go_duration("-3s") == -3.0);
    CHECK_FALSE(parse_go_duration("3 days"));
    CHECK_FALSE(parse_go_duration(""));
    CHECK_FALSE(parse_go_duration("5"));
    std::string out;
    CHECK(hex_decode("7480ff", &out));
    CHECK(out == std::string("\x74\x80\xff", 3));
    CHECK(hex_encode(out) == "7480FF");
    CHECK_FALSE(hex_decode("ABC", &out));
    CHECK_FALSE(hex_decode("ZZ", &out));
    CHECK_THAT(err_of(parse_stores(R"({"stores":[{"store":{"id":1},"status":{"capacity":"lots"}}]})")),
               Catch::Contains("status.capacity: expected byte size like \"1.5GiB\", got \"lots\""));
    CHECK_THAT(err_of(parse_region(R"({"id":1,"start_key":"XYZ1","end_key":""})")),
               Catch::Contains("start_key: expected hex key, got \"XYZ1\""));
    CHECK_THAT(err_of(parse_schedule_config(R"({"max-store-down-time":"forever"})")),
               Catch::Contains("max-store-down-time: expected duration like \"30m0s\", got \"forever\""));
}

TEST_CASE("truncated bodies: every prefix fails cleanly", "[pd_json][errors]") {
    std::string body = pd_fixture("regions.json");
    size_t failures = 0;
    for (size_t n = 0; n < body.size(); n += 7) {
        auto r = parse_regions(body.substr(0, n));
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == ErrorKind::Malformed);
        CHECK(r.error().to_string().rfind("pd /regions: ", 0) == 0);
        ++failures;
    }
    CHECK(failures > 100);
    std::string stores = pd_fixture("stores.json");
    for (size_t n = 0; n < stores.size(); n += 13) REQUIRE_FALSE(parse_stores(stores.substr(0, n)).ok());
}

TEST_CASE("malformed documents", "[pd_json][errors]") {
    CHECK_THAT(err_of(parse_stores("")), Catch::Contains("empty body"));
    CHECK_THAT(err_of(parse_stores("   \n")), Catch::Contains("empty body"));
    CHECK(err_of(parse_stores("null")).find("expected object") != std::string::npos);
    CHECK_FALSE(parse_stores("[1,2]").ok());
    CHECK_FALSE(parse_stores("<html>502 Bad Gateway</html>").ok());
    CHECK_THAT(err_of(parse_stores(R"({"stores":[]} trailing)")), Catch::Contains("unexpected content after the JSON value"));
    CHECK_FALSE(parse_regions(R"({"regions":[{"id":1,"start_key":"","end_key":"",}]})").ok());
    CHECK_FALSE(parse_health(R"([{"name":"pd-1","health":"yes"}])").ok());
    CHECK_FALSE(parse_json_string("{\"a\":1}", "/x").ok());
    // Unknown fields anywhere are ignored.
    auto ok = parse_stores(R"({"future":{"x":[1,2,{}]},"stores":[{"store":{"id":3,"new_field":[1]},"status":{"new":{"a":1}}}]})");
    REQUIRE(ok.ok());
    CHECK(ok->at(0).id == 3);
    CHECK(ok->at(0).state_name == StoreStateName::Up);
    // Go escapes < > & in strings.
    auto esc = parse_stores(R"({"stores":[{"store":{"id":3,"address":"a\u003cb\u0026c"}}]})");
    REQUIRE(esc.ok());
    CHECK(esc->at(0).address == "a<b&c");
}

TEST_CASE("streaming region parse feeds a reused object", "[pd_json]") {
    std::string body = pd_fixture("regions.json");
    std::vector<uint64_t> seen;
    auto n = for_each_region(body, "/regions", [&](const Region& r) { seen.push_back(r.id); });
    REQUIRE(n.ok());
    CHECK(n.value() == 7);
    CHECK(seen.size() == 7);
    // A body with spare capacity is parsed in place (and gives the same result).
    std::string padded = body;
    padded.reserve(body.size() + 128);
    CHECK(parse_regions(padded)->size() == 7);
}
