// tests/gui/model_test.cpp: the GUI's pure logic: approval binding, the
// heat grid aggregation, the ui map file and the command queue.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "gui/approval_guard.hpp"
#include "gui/commands.hpp"
#include "gui/fixtures/fixture_snapshot.hpp"
#include "gui/heat_grid_builder.hpp"
#include "gui/ui_map.hpp"

using namespace medic::gui;

TEST_CASE("gui/approval_guard: same proposal and facts never reset", "[gui]") {
    ApprovalGuard g;
    auto p = fixtures::proposal(ProposalOutcome::NeedsApproval);
    CHECK_FALSE(g.observe(&p));
    CHECK_FALSE(g.observe(&p));
    CHECK_FALSE(g.needs_ack());
    CHECK(g.shown_binding() == p.binding);
}

TEST_CASE("gui/approval_guard: a changed fact resets and names the fact", "[gui]") {
    ApprovalGuard g;
    auto p = fixtures::proposal(ProposalOutcome::NeedsApproval);
    g.observe(&p);
    auto q = p;
    q.facts[0].value = "Up";
    CHECK(g.observe(&q));
    CHECK(g.needs_ack());
    CHECK(g.reason().find("store 4 state Down") != std::string::npos);
    CHECK(g.reason().find("Up") != std::string::npos);
    g.acknowledge();
    CHECK_FALSE(g.needs_ack());
    CHECK_FALSE(g.observe(&q));
}

TEST_CASE("gui/approval_guard: a changed plan hash or a replaced proposal resets", "[gui]") {
    ApprovalGuard g;
    auto p = fixtures::proposal(ProposalOutcome::NeedsApproval, 12);
    g.observe(&p);
    auto q = p;
    q.binding = "ffff0000";
    CHECK(g.observe(&q));
    CHECK(g.reason().find("plan changed") != std::string::npos);
    g.acknowledge();
    auto r = fixtures::proposal(ProposalOutcome::NeedsApproval, 13);
    CHECK(g.observe(&r));
    CHECK(g.needs_ack());
    CHECK(g.reason().find("#13") != std::string::npos);
    CHECK(g.observe(nullptr));
    CHECK(g.reason().find("no longer offered") != std::string::npos);
}

TEST_CASE("gui/approval_guard: describe_fact_changes lists changed, gone and new facts", "[gui]") {
    std::vector<KeyValue> a{{"x", "1"}, {"y", "2"}}, b{{"x", "3"}, {"z", "4"}};
    std::string d = describe_fact_changes(a, b);
    CHECK(d.find("x 1 -> 3") != std::string::npos);
    CHECK(d.find("y no longer known") != std::string::npos);
    CHECK(d.find("z now 4") != std::string::npos);
    CHECK(describe_fact_changes(a, a).empty());
}

TEST_CASE("gui/heat_grid: regions land in key-order buckets on their stores", "[gui]") {
    HeatGridBuilder b({1, 2, 3}, 4, 2);
    std::uint64_t p12[] = {1, 2}, p23[] = {2, 3}, p39[] = {3, 9};
    b.add(0, "00", 1, p12, 10, 1, false);
    b.add(1, "10", 2, p23, 20, 2, true);
    b.add(2, "20", 3, p39, 30, 3, false);  // store 9 is unknown: ignored
    b.add(3, "30", 9, p12, 40, 4, false);  // unknown leader: no flow row
    HeatGrid g = std::move(b).finish("ff");
    REQUIRE(g.buckets == 2);
    CHECK(g.bucket_start_keys[0] == "00");
    CHECK(g.bucket_start_keys[1] == "20");
    CHECK(g.end_key == "ff");
    CHECK(g.bucket_regions[0] == 2);
    CHECK(g.at(HeatMetric::WriteFlow, 0, 0) == 10);
    CHECK(g.at(HeatMetric::WriteFlow, 1, 0) == 20);
    CHECK(g.at(HeatMetric::WriteFlow, 2, 1) == 30);
    CHECK(g.at(HeatMetric::Regions, 1, 0) == 2);     // store 2 holds peers of both regions in bucket 0
    CHECK(g.at(HeatMetric::Unhealthy, 2, 0) == 1);
    CHECK(g.at(HeatMetric::Leaders, 0, 1) == 0);
    CHECK(g.max[static_cast<std::size_t>(HeatMetric::WriteFlow)] == 30);
}

TEST_CASE("gui/heat_grid: more buckets than regions and no regions stay valid", "[gui]") {
    HeatGrid g = std::move(HeatGridBuilder({1}, 0, 64)).finish("");
    CHECK(g.buckets == 1);
    std::uint64_t p[] = {1};
    HeatGridBuilder b({1}, 3, 64);
    for (std::size_t i = 0; i < 3; ++i) b.add(i, "k", 1, p, 1, 1, false);
    CHECK(std::move(b).finish("").buckets == 3);
}

TEST_CASE("gui/ui_map: writes screen rectangles atomically and only on change", "[gui]") {
    auto dir = std::filesystem::temp_directory_path() / ("medic_uimap_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    auto path = (dir / "map.json").string();
    UiMap m(path);
    m.begin_frame();
    m.record("approve", UiRect{10, 20, 100, 30});
    m.set_value("proposal_id", 12);
    CHECK(m.end_frame(5, 7));
    std::ifstream f(path);
    std::stringstream ss;
    ss << f.rdbuf();
    CHECK(ss.str() == "{\"approve\":[15,27,100,30],\"values\":{\"proposal_id\":12}}\n");
    m.begin_frame();
    m.record("approve", UiRect{10, 20, 100, 30});
    m.set_value("proposal_id", 12);
    CHECK_FALSE(m.end_frame(5, 7));  // unchanged: not rewritten
    m.begin_frame();
    CHECK(m.end_frame(5, 7));        // approve gone
    std::filesystem::remove_all(dir);
}

TEST_CASE("gui/commands: the queue hands commands across threads in order", "[gui]") {
    CommandQueue q;
    std::thread producer([&q] {
        for (int i = 1; i <= 1000; ++i) q.push(CancelRun{i});
    });
    std::vector<std::int64_t> seen;
    while (seen.size() < 1000)
        if (auto c = q.try_pop()) seen.push_back(std::get<CancelRun>(*c).run_id);
    producer.join();
    for (std::size_t i = 0; i < seen.size(); ++i) REQUIRE(seen[i] == static_cast<std::int64_t>(i) + 1);
    CHECK(q.size() == 0);
    CHECK(std::string(command_name(Command{ApproveProposal{}})) == "approve_proposal");
}
