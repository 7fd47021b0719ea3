// tests/gui/pipeline_test.cpp: the incident -> proposal pipeline against a
// real pdsim, the real rule advisor, ActionService and SQLite: one fault that
// opens several incidents asks the person once per runbook plan, and a
// question nobody answered is withdrawn when its incident closes.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <thread>

#include <unistd.h>

#include "gui/bridge/http_call.hpp"
#include "gui/engine_bridge.hpp"
#include "support/pdsim_process.hpp"
#include "store/database.hpp"

namespace medic::gui {
namespace {

namespace fs = std::filesystem;

struct LiveBridge {
    fs::path dir;
    test::PdsimProcess sim;
    BridgeOptions bo;
    SnapshotSource src;
    std::unique_ptr<EngineBridge> bridge;

    LiveBridge(const std::string& tag, const std::string& stores, const std::string& regions)
        : dir(fs::temp_directory_path() / ("medic_pipeline_" + tag + "_" + std::to_string(::getpid()))),
          // Clock x4 like `medic demo`: flow statistics (region heartbeats)
          // build up in seconds instead of a minute.
          sim({"--scenario", "balanced", "--stores", stores, "--regions", regions, "--seed", "5", "--speed", "4"}) {
        fs::remove_all(dir);
        fs::create_directories(dir);
        bo.pd = sim.url();
        bo.db_path = (dir / "medic.db").string();
        bo.actor = "gui:test";
        bo.pd_poll_ms = 200;
        bo.db_poll_ms = 100;
        bo.workflows_dir = MEDIC_WORKFLOWS_DIR;
        bridge = std::make_unique<EngineBridge>(bo, src);
        REQUIRE(bridge->start().empty());
        REQUIRE(wait([](const UiSnapshot& s) { return s.connection.connected; }));
        bridge->sink().push(SetAutonomy{"1 approve all", Mode::Live, "test: live"});
        REQUIRE(wait([](const UiSnapshot& s) { return s.autonomy.mode == Mode::Live; }));
    }
    ~LiveBridge() {
        bridge.reset();
        fs::remove_all(dir);
    }

    /// Waits (bounded, not a timing assertion) until `pred` holds.
    std::shared_ptr<const UiSnapshot> wait(const std::function<bool(const UiSnapshot&)>& pred) {
        for (int i = 0; i < 900; ++i) {
            auto s = src.latest();
            if (pred(*s)) return s;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return nullptr;
    }
};

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

TEST_CASE("gui/pipeline: several incidents with the same runbook plan ask the person once", "[gui][pipeline]") {
    LiveBridge b("dedup", "6", "600");  // the demo's cluster: the burst makes three stores hot
    // A write burst on one region (as the hot-spot drill does) makes the
    // three stores of its replicas hot; the rule advisor answers each hot
    // store with the same leader_rebalance.
    auto regions = bridge::http_call("GET", b.sim.url() + "/pd/api/v1/regions/key?limit=20", "", 2000);
    REQUIRE(regions.status == 200);
    std::string keys = regions.body;
    std::size_t at = 0;
    for (int i = 0; i < 13; ++i) at = keys.find("\"start_key\":\"", at + 1);
    REQUIRE(at != std::string::npos);
    std::size_t end_at = keys.find("\"end_key\":\"", at);
    auto field = [&](std::size_t pos, std::size_t skip) {
        std::size_t from = pos + skip;
        return keys.substr(from, keys.find('"', from) - from);
    };
    std::string body = R"({"start_key":")" + field(at, 13) + R"(","end_key":")" + field(end_at, 11) +
                       R"(","kind":"write","bytes_per_s":400000000})";
    auto r = bridge::http_call("POST", b.sim.url() + "/chaos/hot", body, 2000);
    REQUIRE(r.status == 200);
    auto same_plan_twice = [](const UiSnapshot& s) {
        std::map<std::string, int> n;
        for (const auto& p : s.proposals)
            if (!p.runbook.empty() && ++n[p.runbook] >= 2) return true;
        return false;
    };
    auto s = b.wait(same_plan_twice);
    if (!s) {
        auto last = b.src.latest();
        for (const auto& p : last->proposals)
            UNSCOPED_INFO("proposal #" << p.id << " incident #" << p.incident_id << " runbook '" << p.runbook
                                       << "' actions " << p.actions.size() << " note " << p.decision_note);
        for (const auto& i : last->incidents) UNSCOPED_INFO("incident #" << i.id << " " << i.kind << " " << i.subject);
    }
    REQUIRE(s);
    std::map<std::string, int> asking, superseded;
    for (const auto& p : s->proposals) {
        if (p.runbook.empty()) continue;
        if (p.outcome == ProposalOutcome::NeedsApproval) ++asking[p.runbook];
        if (starts_with(p.decision_note, "superseded: ")) {
            ++superseded[p.runbook];
            CHECK(p.decision_note.find("is already awaiting approval in proposal #") != std::string::npos);
        }
    }
    for (const auto& [runbook, n] : asking) CHECK(n == 1);
    CHECK(!superseded.empty());
    // The engine's reason is in the audit log too.
    auto db = store::Database::open(b.bo.db_path);
    auto& q = db->prepare("SELECT count(*) FROM audit WHERE event = 'proposal_superseded' AND actor = 'engine:pipeline'");
    REQUIRE(q.step());
    CHECK(q.column_int(0) >= 1);
}

TEST_CASE("gui/pipeline: a question nobody answered is withdrawn when its incident closes", "[gui][pipeline]") {
    LiveBridge b("withdraw", "5", "200");
    auto r = bridge::http_call("POST", b.sim.url() + "/chaos/store/2/disk-fill", R"({"used_ratio":0.95})", 2000);
    REQUIRE(r.status == 200);
    std::int64_t proposal = 0, incident = 0;
    auto s = b.wait([&](const UiSnapshot& s) {
        for (const auto& p : s.proposals)
            if (p.runbook == "disk_full" && p.outcome == ProposalOutcome::NeedsApproval) {
                proposal = p.id;
                incident = p.incident_id;
                return true;
            }
        return false;
    });
    REQUIRE(s);
    // The disk is grown before anyone looked: the incident closes.
    REQUIRE(bridge::http_call("DELETE", b.sim.url() + "/chaos", "", 2000).status == 200);
    s = b.wait([&](const UiSnapshot& s) {
        for (const auto& p : s.proposals)
            if (p.id == proposal) return p.outcome == ProposalOutcome::Expired;
        return false;
    });
    REQUIRE(s);
    for (const auto& p : s->proposals)
        if (p.id == proposal)
            CHECK(p.decision_note == "expired: incident #" + std::to_string(incident) +
                                         " closed before anyone decided; nothing to do");
    auto db = store::Database::open(b.bo.db_path);
    auto& q = db->prepare("SELECT a.status, p.decided_by, p.decision FROM actions a JOIN approvals p ON "
                          "p.action_id = a.id WHERE a.proposal_id = ?1");
    q.bind(1, proposal);
    REQUIRE(q.step());
    CHECK(q.column_text(0) == "rejected");
    CHECK(q.column_text(1) == "engine:pipeline");
    CHECK(q.column_text(2) == "rejected");
    // No run of the runbook was ever started.
    auto& runs = db->prepare("SELECT count(*) FROM runs WHERE workflow LIKE '%disk_full.lua'");
    REQUIRE(runs.step());
    CHECK(runs.column_int(0) == 0);
}

}  // namespace medic::gui
