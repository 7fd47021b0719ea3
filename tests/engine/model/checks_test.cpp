// tests/engine/model/checks_test.cpp: the pure invariant checks with
// hand-made observations (the Monitor tests cover them over real HTTP).
#include <catch2/catch.hpp>

#include "model/checks.hpp"

using namespace medic;
using namespace medic::model;

namespace {
pd::Store mkstore(uint64_t id, uint64_t leaders, uint64_t regions) {
    pd::Store s;
    s.id = id;
    s.status_address = "127.0.0.1:1";
    s.leader_count = leaders;
    s.region_count = regions;
    s.capacity_bytes = 1000;
    s.available_bytes = 500;
    return s;
}
bool has(const std::vector<Finding>& f, const std::string& key) {
    for (const auto& x : f)
        if (x.dedup_key == key) return true;
    return false;
}
}  // namespace

TEST_CASE("store checks: probe, state, disk, balance, offline progress", "[checks]") {
    CheckOptions o;
    o.offline_stuck_s = 10;
    pd::ScheduleConfig sc;
    pd::ReplicationConfig rc;
    std::map<uint64_t, StoreTrack> track;
    std::vector<pd::Store> ss = {mkstore(1, 100, 300), mkstore(2, 100, 300), mkstore(3, 100, 300)};
    std::map<uint64_t, ProbeResult> probes;
    CHECK(check_stores(ss, probes, sc, rc, o, track, 0).empty());
    ProbeResult dead;
    dead.store_id = 2;
    dead.error = pd::ErrorKind::Refused;
    dead.consecutive_failures = 1;
    probes[2] = dead;
    CHECK(check_stores(ss, probes, sc, rc, o, track, 0).empty());  // never answered: proves nothing
    probes[2].ever_alive = true;
    auto f = check_stores(ss, probes, sc, rc, o, track, 0);
    REQUIRE(has(f, "store_down:2"));
    CHECK_THAT(f[0].evidence, Catch::Contains("\"source\":\"status_probe\""));
    probes[2].error = pd::ErrorKind::Timeout;  // one timeout is not enough
    CHECK_FALSE(has(check_stores(ss, probes, sc, rc, o, track, 0), "store_down:2"));
    probes[2].consecutive_failures = 2;
    CHECK(has(check_stores(ss, probes, sc, rc, o, track, 0), "store_down:2"));
    probes.clear();
    ss[0].state_name = pd::StoreStateName::Disconnected;
    ss[1].available_bytes = 100;  // 90% used
    ss[2].leader_count = 10;
    f = check_stores(ss, probes, sc, rc, o, track, 0);
    CHECK(has(f, "store_disconnected:1"));
    CHECK(has(f, "disk_full:2"));
    CHECK(has(f, "leader_imbalance"));  // Disconnected store 1 is left out: 100 vs 10
    ss = {mkstore(1, 100, 300), mkstore(2, 100, 300), mkstore(3, 100, 0)};
    ss[2].state = pd::StoreState::Offline;
    ss[2].state_name = pd::StoreStateName::Offline;
    ss[2].region_count = 50;
    CHECK_FALSE(has(check_stores(ss, probes, sc, rc, o, track, 1000), "store_offline_stuck:3"));
    CHECK(has(check_stores(ss, probes, sc, rc, o, track, 12000), "store_offline_stuck:3"));
    ss[2].region_count = 40;  // progress resets the clock
    CHECK_FALSE(has(check_stores(ss, probes, sc, rc, o, track, 13000), "store_offline_stuck:3"));
}

TEST_CASE("pd, reach, region and hot checks", "[checks]") {
    std::vector<pd::PdMember> health(2);
    health[0].name = "pd-1";
    health[0].health = true;
    health[1].name = "pd-2";
    health[1].health = false;
    pd::PdMember leader;
    leader.name = "pd-1";
    auto f = check_pd(health, pd::Result<pd::PdMember>(leader));
    CHECK(has(f, "pd_unhealthy:pd-2"));
    CHECK_FALSE(has(f, "pd_no_leader"));
    pd::PdError e;
    e.kind = pd::ErrorKind::HttpStatus;
    e.http_status = 503;
    CHECK(has(check_pd(health, pd::Result<pd::PdMember>(e)), "pd_no_leader"));
    e.kind = pd::ErrorKind::Refused;
    CHECK_FALSE(has(check_pd(health, pd::Result<pd::PdMember>(e)), "pd_no_leader"));
    CHECK(has(check_reach(e, {"http://x"}), "pd_unreachable"));
    CHECK(check_reach(std::nullopt, {}).empty());
    pd::Region r;
    r.id = 5;
    auto rf = check_region_kind("miss-peer", {r});
    REQUIRE(rf.size() == 1);
    CHECK(rf[0].dedup_key == "region_miss_peer");
    CHECK(check_region_kind("miss-peer", {}).empty());
    pd::HotRegions w;
    w.kind = pd::HotKind::Write;
    pd::HotStoreStat s;
    s.statistics.push_back({1, 77, true, false, 5, 0, 8e6, 1, 1, {}});
    s.statistics.push_back({1, 78, true, false, 1, 0, 8e6, 1, 1, {}});  // not hot long enough
    w.as_leader.push_back(s);
    pd::HotStores hs;
    hs.bytes_write_rate = {{1, 50e6}, {2, 1e6}, {3, 1.2e6}};
    auto hf = check_hot(w, pd::HotRegions{pd::HotKind::Read, {}, {}}, hs, CheckOptions{});
    CHECK(has(hf, "hot_region:77"));
    CHECK_FALSE(has(hf, "hot_region:78"));
    CHECK(has(hf, "hot_store:1"));
    CHECK_FALSE(has(hf, "hot_store:2"));
    CHECK(std::string(group_of_kind("store_down")) == kGroupStores);
    CHECK(std::string(group_of_kind("pd_unreachable")) == kGroupReach);
    CHECK(std::string(group_of_kind("hot_store")) == kGroupHot);
}
