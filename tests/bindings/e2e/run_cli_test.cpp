// tests/bindings/e2e/run_cli_test.cpp: `medic run` end to end, the real binary
// as a child process: without --pd it starts an embedded pdsim and says so on
// stderr; a live safety.approve parks the run until a person decides from
// another process (`medic actions approve|reject ID` on the same database),
// which releases it with success or E_APPROVAL_REJECTED.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "cli/child.hpp"
#include "support/pdsim_process.hpp"

namespace fs = std::filesystem;
using medic::test::Child;
using medic::test::run;
using medic::test::TempDir;

namespace {

const std::string kMedic = MEDIC_BIN;

std::vector<std::string> env_for(const TempDir& t) {
    return {"MEDIC_DB=" + t / "medic.db", "PDSIM_BIN=" + medic::test::pdsim_binary()};
}

/// The id of the approval action awaiting a decision, as another terminal
/// finds it (`medic actions list`); 0 when none appeared within timeout_s.
long long awaiting_approval(const TempDir& t, double timeout_s, const std::string& want_kind = "approval") {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
    while (std::chrono::steady_clock::now() < deadline) {
        auto r = run({kMedic, "actions", "list", "--status", "awaiting_approval", "--db", t / "medic.db"}, env_for(t));
        std::istringstream lines(r.out);
        std::string line;
        while (std::getline(lines, line)) {
            std::istringstream f(line);
            long long id = 0;
            std::string kind;
            if (f >> id >> kind && kind == want_kind) return id;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return 0;
}

const char* kApprovalRunbook =
    "return runbook.define{ name = 'gate', run = function(p)\n"
    "  log.info('before')\n"
    "  safety.approve{ summary = 'drain store 4 now' }\n"
    "  log.info('after approval')\n"
    "end }\n";

}  // namespace

TEST_CASE("medic run without --pd starts an embedded pdsim and says so", "[e2e][pdsim]") {
    TempDir t;
    std::string file = t.write("stores.lua", "return runbook.define{ name = 's', run = function(p)\n"
                                             "  log.info('stores ' .. #cluster.stores())\nend }\n");
    auto r = run({kMedic, "run", file, "--db", t / "medic.db"}, env_for(t), 120);
    INFO("stdout:\n" << r.out << "\nstderr:\n" << r.err);
    CHECK(r.code == 0);
    CHECK_THAT(r.err, Catch::Contains("no --pd given; started an embedded pdsim"));
    CHECK_THAT(r.out, Catch::Contains("stores 5"));
}

TEST_CASE("a live safety.approve parks the run until a person approves from another process", "[e2e][pdsim]") {
    TempDir t;
    std::string file = t.write("gate.lua", kApprovalRunbook);
    Child runner({kMedic, "run", file, "--execute", "--db", t / "medic.db"}, env_for(t));
    long long id = awaiting_approval(t, 60);
    REQUIRE(id > 0);
    auto ok = run({kMedic, "actions", "approve", std::to_string(id), "--as", "alice", "--db", t / "medic.db"}, env_for(t));
    INFO("approve: " << ok.out << ok.err);
    CHECK(ok.code == 0);
    int code = runner.wait(60);
    INFO("stdout:\n" << runner.out() << "\nstderr:\n" << runner.err());
    CHECK(code == 0);
    CHECK_THAT(runner.out(), Catch::Contains("after approval"));
    CHECK_THAT(runner.err(), Catch::Contains("waiting for approval: action " + std::to_string(id)));
}

TEST_CASE("a rejected approval ends the live run with E_APPROVAL_REJECTED", "[e2e][pdsim]") {
    TempDir t;
    std::string file = t.write("gate.lua", kApprovalRunbook);
    Child runner({kMedic, "run", file, "--execute", "--json", "--db", t / "medic.db"}, env_for(t));
    long long id = awaiting_approval(t, 60);
    REQUIRE(id > 0);
    auto no = run({kMedic, "actions", "reject", std::to_string(id), "--as", "bob", "--reason", "not during peak",
                   "--db", t / "medic.db"},
                  env_for(t));
    CHECK(no.code == 0);
    int code = runner.wait(60);
    INFO("stdout:\n" << runner.out() << "\nstderr:\n" << runner.err());
    CHECK(code == 1);
    CHECK_THAT(runner.out(), Catch::Contains("\"code\":\"E_APPROVAL_REJECTED\""));
    CHECK_THAT(runner.out(), Catch::Contains("not during peak"));
    CHECK_THAT(runner.out(), Catch::Contains("gate.lua:3: safety.approve"));
    CHECK_FALSE(Catch::Contains("after approval").match(runner.out()));
}

TEST_CASE("an approval nobody answers within timeout_s ends the run with E_APPROVAL_TIMEOUT and is withdrawn",
          "[e2e][pdsim]") {
    TempDir t;
    std::string file = t.write("gate.lua", "return runbook.define{ name = 'gate', run = function(p)\n"
                                           "  safety.approve{ summary = 'nobody is there', timeout_s = 1 }\n"
                                           "end }\n");
    auto r = run({kMedic, "run", file, "--execute", "--json", "--db", t / "medic.db"}, env_for(t), 120);
    INFO("stdout:\n" << r.out << "\nstderr:\n" << r.err);
    CHECK(r.code == 1);
    CHECK_THAT(r.out, Catch::Contains("\"code\":\"E_APPROVAL_TIMEOUT\""));
    // the request left behind is cancelled, so nobody can approve a step that will never run
    auto list = run({kMedic, "actions", "list", "--db", t / "medic.db"}, env_for(t));
    INFO("actions:\n" << list.out);
    CHECK_THAT(list.out, Catch::Contains("approval") && Catch::Contains("cancelled"));
    CHECK_FALSE(Catch::Contains("awaiting_approval").match(list.out));
}

TEST_CASE("a live run says which action waits for a person, and its waits see the cluster move", "[e2e][pdsim]") {
    // evict_leader is medium risk: at the default autonomy level a person
    // approves it. The run then waits on observed state, which only ends if
    // the snapshot it reads keeps being refreshed while it runs.
    TempDir t;
    // 5 stores: one store's leaders (a fifth) stay inside the default
    // blast radius (25% of the leaders per action).
    medic::test::PdsimProcess sim({"--scenario", "balanced", "--stores", "5", "--regions", "100", "--seed", "5", "--speed", "5"});
    std::string file = t.write(
        "evac.lua",
        "return runbook.define{ name = 'evac', run = function(p)\n"
        "  actions.evict_leader{ store = 2 }\n"
        "  runbook.wait_until(function() return cluster.store(2).leader_count == 0 end,\n"
        "                     { timeout_s = 120, interval_s = 1 })\n"
        "  log.info('store 2 has no leaders')\n"
        "end }\n");
    Child runner({kMedic, "run", file, "--execute", "--pd", sim.url(), "--db", t / "medic.db"}, env_for(t));
    long long id = awaiting_approval(t, 60, "evict_leader");
    if (id == 0) runner.wait(5);
    INFO("stdout:\n" << runner.out() << "\nstderr:\n" << runner.err());
    REQUIRE(id > 0);
    auto ok = run({kMedic, "actions", "approve", std::to_string(id), "--as", "alice", "--db", t / "medic.db"}, env_for(t));
    CHECK(ok.code == 0);
    int code = runner.wait(150);
    INFO("stdout:\n" << runner.out() << "\nstderr:\n" << runner.err());
    CHECK(code == 0);
    CHECK_THAT(runner.err(), Catch::Contains("action " + std::to_string(id) + " evict_leader {\"store\":2} waits for a person"));
    CHECK_THAT(runner.out(), Catch::Contains("store 2 has no leaders"));
    // The journal holds the verified outcome, not only "submitted".
    auto shown = run({kMedic, "runs", "show", "1", "--db", t / "medic.db"}, env_for(t));
    CHECK_THAT(shown.out, Catch::Contains("\"outcome\":\"succeeded\",\"audit_id\":\"" + std::to_string(id) + "\""));
}

TEST_CASE("cluster.operators() and has_operator() ask PD under medic run", "[e2e][pdsim]") {
    // The runbooks that skip regions PD is already changing (disk_full,
    // store_down, leader_rebalance, hot_region) need these outside the test
    // Session too; without a PD connection they raise E_MODE instead.
    TempDir t;
    std::string file = t.write("ops.lua", "return runbook.define{ name = 'ops', run = function(p)\n"
                                          "  local ops = cluster.operators()\n"
                                          "  log.info('operators ' .. type(ops) .. ' ' .. #ops)\n"
                                          "  log.info('has_operator ' .. tostring(cluster.has_operator(1)))\n"
                                          "end }\n");
    auto r = run({kMedic, "run", file, "--db", t / "medic.db"}, env_for(t), 120);
    INFO("stdout:\n" << r.out << "\nstderr:\n" << r.err);
    CHECK(r.code == 0);
    CHECK_THAT(r.out, Catch::Contains("operators table"));
    CHECK_THAT(r.out, Catch::Contains("has_operator "));
}

TEST_CASE("an engine refusal reaches the runbook with its stable reason under medic run", "[e2e][pdsim]") {
    // Runbooks skip a move whose plan went stale by err.details.reason; it
    // must be there outside the test Session too.
    TempDir t;
    std::string file = t.write(
        "stale.lua",
        "return runbook.define{ name = 'stale', run = function(p)\n"
        "  local r = cluster.regions{ limit = 1 }[1]\n"
        "  local has = {}\n"
        "  for _, peer in ipairs(r.peers) do has[peer.store] = true end\n"
        "  local to\n"
        "  for _, s in ipairs(cluster.stores()) do if not has[s.id] then to = s.id end end\n"
        "  local ok, err = pcall(actions.transfer_leader, { region = r.id, to_store = to })\n"
        "  log.info('ok=' .. tostring(ok) .. ' reason=' .. tostring(err.details and err.details.reason))\n"
        "end }\n");
    auto r = run({kMedic, "run", file, "--db", t / "medic.db"}, env_for(t), 120);
    INFO("stdout:\n" << r.out << "\nstderr:\n" << r.err);
    CHECK(r.code == 0);
    CHECK_THAT(r.out, Catch::Contains("ok=false reason=no_voter_on_store"));
}
