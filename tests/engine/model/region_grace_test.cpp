// tests/engine/model/region_grace_test.cpp: the grace period in front of the
// per-region checks, with hand-made check rounds (the Monitor test drives it
// against pdsim).
#include <catch2/catch.hpp>

#include "model/checks.hpp"
#include "model/region_grace.hpp"

using namespace medic;
using namespace medic::model;

namespace {
std::vector<pd::Region> regions(std::initializer_list<uint64_t> ids) {
    std::vector<pd::Region> out;
    for (uint64_t id : ids) {
        pd::Region r;
        r.id = id;
        out.push_back(r);
    }
    return out;
}
std::vector<uint64_t> ids(const GraceResult& g) {
    std::vector<uint64_t> out;
    for (const auto& r : g.counted) out.push_back(r.id);
    return out;
}
}  // namespace

TEST_CASE("region grace: a region counts after N consecutive rounds and T ms", "[checks][grace]") {
    RegionGraceOptions o;
    o.checks = 3;
    o.ms = 10000;
    RegionGrace g(o);
    const std::set<uint64_t> none;
    CHECK(g.applies("pending-peer"));
    CHECK(g.applies("extra-peer"));
    CHECK_FALSE(g.applies("down-peer"));
    CHECK_FALSE(g.applies("miss-peer"));

    auto r1 = g.observe("pending-peer", regions({7, 8}), none, 0);
    CHECK(r1.counted.empty());
    CHECK(r1.in_grace == 2);
    auto r2 = g.observe("pending-peer", regions({7, 8}), none, 5000);
    CHECK(r2.counted.empty());  // 2 rounds, 5 s
    auto r3 = g.observe("pending-peer", regions({7}), none, 9000);
    CHECK(r3.counted.empty());  // 3 rounds but 9 s; region 8 cleared
    auto r4 = g.observe("pending-peer", regions({7, 8}), none, 10000);
    CHECK(ids(r4) == std::vector<uint64_t>{7});  // 4 rounds, 10 s; 8 started over at round 1
    REQUIRE(r4.held_ms.size() == 1);
    CHECK(r4.held_ms[0] == 10000);
    CHECK(r4.in_grace == 1);
    // Kinds are tracked apart: the same region in extra-peer starts from zero.
    CHECK(g.observe("extra-peer", regions({7}), none, 10000).counted.empty());
    // Clearing once resets it.
    CHECK(g.observe("pending-peer", regions({8}), none, 11000).counted.empty());
    CHECK(g.observe("pending-peer", regions({7, 8}), none, 30000).counted.size() == 1);  // 8 only: 7 restarted
}

TEST_CASE("region grace: a running PD operator holds the clock, a counted region stays counted", "[checks][grace]") {
    RegionGraceOptions o;
    o.checks = 2;
    o.ms = 1000;
    RegionGrace g(o);
    std::set<uint64_t> ops = {5};
    for (int64_t t = 0; t < 60000; t += 5000) {  // an operator moving region 5 for a minute: never counts
        auto r = g.observe("extra-peer", regions({5}), ops, t);
        CHECK(r.counted.empty());
        CHECK(r.with_operator == 1);
    }
    // Operator gone, region still listed: its time starts now.
    CHECK(g.observe("extra-peer", regions({5}), {}, 60000).counted.empty());
    auto r = g.observe("extra-peer", regions({5}), {}, 61000);
    CHECK(ids(r) == std::vector<uint64_t>{5});
    CHECK(r.held_ms[0] == 1000);
    // Once counted, an operator PD starts on it does not hide it.
    CHECK(g.observe("extra-peer", regions({5}), ops, 62000).counted.size() == 1);

    RegionGraceOptions no_ops = o;
    no_ops.skip_operators = false;
    RegionGrace g2(no_ops);
    g2.observe("extra-peer", regions({5}), ops, 0);
    CHECK(g2.observe("extra-peer", regions({5}), ops, 1000).counted.size() == 1);
}

TEST_CASE("region grace evidence: held time in the summary and the evidence", "[checks][grace]") {
    RegionGraceEvidence ev{2, 30000, {31000, 45000}, 3, 4};
    auto f = check_region_kind("pending-peer", regions({11, 12}), &ev);
    REQUIRE(f.size() == 1);
    CHECK(f[0].dedup_key == "region_pending_peer");
    CHECK(f[0].summary == "2 region(s) with pending peers for at least 30 s (longest 45 s)");
    CHECK_THAT(f[0].evidence, Catch::Contains("\"region_ids\":[11,12]"));
    CHECK_THAT(f[0].evidence, Catch::Contains("\"held_ms\":[31000,45000]"));
    CHECK_THAT(f[0].evidence, Catch::Contains(
                                  "\"grace\":{\"min_checks\":2,\"min_ms\":30000,\"longest_held_ms\":45000,"
                                  "\"in_grace\":3,\"with_operator\":4}"));
    CHECK(check_region_kind("pending-peer", {}, &ev).empty());
}
