// tests/gui/runbook_test.cpp: the Runbooks panel over the real Lua host:
// the form generated from a real runbook header (workflows/drain_store.lua),
// and a run started through EngineBridge against a real pdsim that appears
// in the real SQLite journal, then a cancel that stops a waiting run.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <thread>

#include <unistd.h>

#include "gui/bridge/db_view.hpp"
#include "gui/bridge/http_call.hpp"
#include "gui/bridge/runbook_catalog.hpp"
#include "gui/commands.hpp"
#include "gui/engine_bridge.hpp"
#include "headless.hpp"
#include "support/pdsim_process.hpp"
#include "store/database.hpp"
#include "store/run_journal.hpp"

namespace medic::gui {
namespace {

namespace fs = std::filesystem;

const ParamView* find_param(const RunbookView& rb, const std::string& name) {
    for (const auto& p : rb.params)
        if (p.name == name) return &p;
    return nullptr;
}

std::vector<Command> frames(test::HeadlessGui& h, App& app, const UiSnapshot& s, CommandQueue& q, int n) {
    for (int i = 0; i < n; ++i) REQUIRE(h.frame(app, s, q).empty());
    return q.drain();
}

fs::path temp_dir(const std::string& tag) {
    fs::path d = fs::temp_directory_path() / ("medic_gui_" + tag + "_" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d / "workflows");
    return d;
}

/// Waits (bounded, not a timing assertion) until `pred` holds on the latest snapshot.
std::shared_ptr<const UiSnapshot> wait_for(const SnapshotSource& src,
                                           const std::function<bool(const UiSnapshot&)>& pred) {
    for (int i = 0; i < 600; ++i) {
        auto s = src.latest();
        if (pred(*s)) return s;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return nullptr;
}

const RunView* find_run(const UiSnapshot& s, const std::string& runbook, const std::string& state) {
    for (const auto& r : s.runs)
        if (r.runbook == runbook && (state.empty() || r.state_name == state)) return &r;
    return nullptr;
}

constexpr const char* kProbeRunbook = R"LUA(
return runbook.define{
  name = "gui_probe",
  description = "test runbook for the GUI bridge",
  risk = "low",
  params = {
    count = { type = "integer", default = 2, doc = "a number to log" },
    hold_s = { type = "number", default = 0, doc = "wait this long at the end" },
  },
  run = function(p)
    runbook.step("count stores", function()
      log.info("stores seen", { n = #cluster.stores() })
    end)
    if p.hold_s > 0 then runbook.wait(p.hold_s) end
    log.info("probe done " .. p.count)
  end,
}
)LUA";

}  // namespace

TEST_CASE("gui/runbooks: the header of drain_store.lua is read without running it", "[gui][runbooks]") {
    RunbookView rb;
    std::string err;
    REQUIRE(bridge::read_runbook_header(MEDIC_WORKFLOWS_DIR "/drain_store.lua", rb, err));
    CHECK(err.empty());
    CHECK(rb.name == "drain_store");
    CHECK(rb.risk == "critical");
    CHECK_FALSE(rb.summary.empty());
    const ParamView* store = find_param(rb, "store");
    REQUIRE(store);
    CHECK(store->type == ParamType::Integer);
    CHECK(store->required);
    CHECK(store->default_value.empty());
    const ParamView* timeout = find_param(rb, "timeout_s");
    REQUIRE(timeout);
    CHECK(timeout->type == ParamType::Number);
    CHECK_FALSE(timeout->required);
    CHECK(timeout->default_value == "3600");
    REQUIRE(find_param(rb, "headroom"));
    CHECK(find_param(rb, "headroom")->default_value == "0.2");
}

TEST_CASE("gui/runbooks: a file without a header is reported, test files are not listed", "[gui][runbooks]") {
    fs::path d = temp_dir("catalog");
    std::ofstream(d / "workflows" / "broken.lua") << "local x = 1\nreturn x\n";
    std::ofstream(d / "workflows" / "probe.lua") << kProbeRunbook;
    std::ofstream(d / "workflows" / "probe_test.lua") << "return {}\n";
    auto res = bridge::scan_workflows((d / "workflows").string());
    REQUIRE(res.runbooks.size() == 1);
    CHECK(res.runbooks[0].name == "gui_probe");
    REQUIRE(res.errors.size() == 1);
    CHECK(res.errors[0].find("broken.lua") != std::string::npos);
    fs::remove_all(d);
}

TEST_CASE("gui/runbooks: the form from drain_store's header validates and starts a dry run", "[gui][runbooks]") {
    RunbookView rb;
    std::string err;
    REQUIRE(bridge::read_runbook_header(MEDIC_WORKFLOWS_DIR "/drain_store.lua", rb, err));
    test::HeadlessGui h;
    CommandQueue q;
    App app(AppOptions{});
    app.show_dock(App::Dock::Runbooks);
    UiSnapshot snap;
    snap.runbooks = {rb};
    frames(h, app, snap, q, 2);
    REQUIRE(h.click(app, snap, q, "runbook_drain_store"));
    frames(h, app, snap, q, 2);
    for (const auto& p : rb.params) CHECK(app.ui_map().items().count("param_" + p.name) == 1);
    CHECK(app.ui_map().items().count("runbook_start") == 0);  // store is required and empty
    REQUIRE(h.click(app, snap, q, "param_store"));
    h.type("4");
    frames(h, app, snap, q, 2);
    REQUIRE(h.click(app, snap, q, "runbook_start"));
    auto cmds = q.drain();
    REQUIRE(cmds.size() == 1);
    auto* start = std::get_if<StartRunbook>(&cmds[0]);
    REQUIRE(start);
    CHECK(start->runbook == "drain_store");
    CHECK(start->dry_run);  // the snapshot's execution mode is dry-run
    auto has = [&](const std::string& k, const std::string& v) {
        for (const auto& kv : start->params)
            if (kv.key == k) return kv.value == v;
        return false;
    };
    CHECK(has("store", "4"));
    CHECK(has("timeout_s", "3600"));
    CHECK(has("headroom", "0.2"));
}

TEST_CASE("gui/runbooks: a run started in the GUI is journaled, and cancel stops a waiting run", "[gui][runbooks]") {
    fs::path d = temp_dir("bridge");
    std::ofstream(d / "workflows" / "gui_probe.lua") << kProbeRunbook;
    test::PdsimProcess sim({"--scenario", "balanced", "--stores", "4", "--regions", "100", "--seed", "3"});
    BridgeOptions bo;
    bo.pd = sim.url();
    bo.db_path = (d / "medic.db").string();
    bo.actor = "gui:test";
    bo.pd_poll_ms = 200;
    bo.db_poll_ms = 100;
    bo.workflows_dir = (d / "workflows").string();
    SnapshotSource src;
    {
        EngineBridge bridge(bo, src);
        REQUIRE(bridge.start().empty());
        REQUIRE(wait_for(src, [](const UiSnapshot& s) { return s.runbooks.size() == 1 && s.connection.connected; }));

        bridge.sink().push(StartRunbook{"gui_probe", {{"count", "7"}}, true});
        auto s = wait_for(src, [](const UiSnapshot& s) { return find_run(s, "gui_probe", "succeeded") != nullptr; });
        REQUIRE(s);
        const RunView* run = find_run(*s, "gui_probe", "succeeded");
        bool logged = false;
        for (const auto& line : run->log_tail) logged = logged || line.find("probe done 7") != std::string::npos;
        CHECK(logged);
        CHECK(run->current_step.find("count stores") != std::string::npos);

        // A dry-run does not wait (it logs what it would wait for), so the
        // run that must be waiting when cancelled is a live one. The probe
        // only reads the cluster and sleeps: nothing is sent to PD.
        bridge.sink().push(SetAutonomy{"1 approve all", Mode::Live, "test: a run that really waits"});
        REQUIRE(wait_for(src, [](const UiSnapshot& s) { return s.autonomy.mode == Mode::Live; }));
        bridge.sink().push(StartRunbook{"gui_probe", {{"hold_s", "300"}}, false});
        // The host reports the wait through the journal: the table says on what.
        s = wait_for(src, [](const UiSnapshot& s) {
            const RunView* r = find_run(s, "gui_probe", "running");
            return r && r->state == RunState::Waiting;
        });
        REQUIRE(s);
        const RunView* waiting = find_run(*s, "gui_probe", "running");
        CHECK(waiting->waiting_for.rfind("sleep 300 s (", 0) == 0);
        std::int64_t waiting_id = waiting->id;
        bridge.sink().push(CancelRun{waiting_id});
        REQUIRE(wait_for(src, [](const UiSnapshot& s) { return find_run(s, "gui_probe", "cancelled") != nullptr; }));
    }
    // The same rows, read straight from the SQLite journal.
    auto db = store::Database::open(bo.db_path);
    store::RunJournal journal(*db);
    auto rows = journal.list(10);
    REQUIRE(rows.size() == 2);
    CHECK(rows[1].status == "succeeded");
    CHECK(rows[1].mode == "dry_run");
    CHECK(rows[1].params.find("\"count\":\"7\"") != std::string::npos);
    CHECK(rows[0].status == "cancelled");
    CHECK(rows[0].mode == "live");
    fs::remove_all(d);
}

}  // namespace medic::gui

namespace medic::gui {

TEST_CASE("gui/runbooks: approving a proposal whose plan is a runbook starts it live", "[gui][runbooks]") {
    // A disk nearly full: the rule advisor's plan is the disk_full runbook.
    // In live mode the pipeline asks for a person's approval of "start
    // runbook disk_full"; Approve in the Proposal panel starts the run.
    fs::path d = temp_dir("proposal_runbook");
    test::PdsimProcess sim({"--scenario", "balanced", "--stores", "5", "--regions", "200", "--seed", "4"});
    BridgeOptions bo;
    bo.pd = sim.url();
    bo.db_path = (d / "medic.db").string();
    bo.actor = "gui:test";
    bo.pd_poll_ms = 200;
    bo.db_poll_ms = 100;
    bo.workflows_dir = MEDIC_WORKFLOWS_DIR;
    SnapshotSource src;
    std::int64_t approval_id = 0;
    {
        EngineBridge bridge(bo, src);
        REQUIRE(bridge.start().empty());
        REQUIRE(wait_for(src, [](const UiSnapshot& s) { return !s.runbooks.empty() && s.connection.connected; }));
        bridge.sink().push(SetAutonomy{"1 approve all", Mode::Live, "test: live"});
        REQUIRE(wait_for(src, [](const UiSnapshot& s) { return s.autonomy.mode == Mode::Live; }));
        auto r = bridge::http_call("POST", sim.url() + "/chaos/store/2/disk-fill", R"({"used_ratio":0.95})", 2000);
        REQUIRE(r.status == 200);
        auto waiting = [](const UiSnapshot& s) -> const ProposalView* {
            for (const auto& p : s.proposals)
                if (p.runbook == "disk_full" && p.outcome == ProposalOutcome::NeedsApproval) return &p;
            return nullptr;
        };
        auto s = wait_for(src, [&](const UiSnapshot& s) { return waiting(s) != nullptr; });
        REQUIRE(s);
        const ProposalView* p = waiting(*s);
        bridge.sink().push(ApproveProposal{p->id, p->binding, std::to_string(p->id)});
        s = wait_for(src, [](const UiSnapshot& s) { return find_run(s, "disk_full", "") != nullptr; });
        REQUIRE(s);
        auto db = store::Database::open(bo.db_path);
        auto& q = db->prepare("SELECT a.id, p.decided_by FROM actions a JOIN approvals p ON p.action_id = a.id "
                              "WHERE a.kind = 'approval' AND a.status = 'succeeded' AND p.decision = 'approved'");
        REQUIRE(q.step());
        approval_id = q.column_int(0);
        CHECK(q.column_text(1) == "gui:test");
    }
    CHECK(approval_id > 0);
    // The run the approval started is journaled as live.
    auto db = store::Database::open(bo.db_path);
    store::RunJournal journal(*db);
    int disk_full_runs = 0;
    for (const auto& row : journal.list(50))
        if (row.workflow.find("disk_full.lua") != std::string::npos) {
            ++disk_full_runs;
            CHECK(row.mode == "live");
        }
    CHECK(disk_full_runs == 1);
    fs::remove_all(d);
}

}  // namespace medic::gui

namespace medic::gui {

TEST_CASE("gui/runbooks: a run the journal says is waiting shows what on and since when", "[gui][runbooks]") {
    fs::path d = temp_dir("waiting");
    const std::string path = (d / "medic.db").string();
    bridge::DbView view(path);  // creates and migrates the schema, like the GUI does
    auto db = store::Database::open(path);
    store::RunJournal journal(*db);
    std::int64_t id = journal.start_run("workflows/drain_store.lua", "{}", "execute");
    journal.step(id, 1, "evict leaders", "running", "{}");
    journal.set_waiting(id, "approval of evict_leader (action 3)");

    bridge::DbPart p = view.read({}, false);
    REQUIRE(p.runs.size() == 1);
    const RunView& r = p.runs[0];
    CHECK(r.runbook == "drain_store");
    CHECK(r.state == RunState::Waiting);
    CHECK(r.state_name == "running");
    CHECK(r.waiting_for.rfind("approval of evict_leader (action 3) (", 0) == 0);
    CHECK(r.current_step == "step 1: evict leaders (running)");

    journal.set_waiting(id, "");
    p = view.read({}, false);
    CHECK(p.runs[0].state == RunState::Running);
    CHECK(p.runs[0].waiting_for.empty());
    fs::remove_all(d);
}

}  // namespace medic::gui
