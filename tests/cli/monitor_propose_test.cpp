// tests/cli/monitor_propose_test.cpp: `medic monitor --propose`, the engine's
// incident -> proposal pipeline without a window, end to end: the real
// `medic` binary against a pdsim process. A killed store's proposal waits
// for a person; `medic actions approve` from another process lets it run
// and PD gets the scheduler. Without --execute the plan is only a dry-run
// and PD gets nothing. Flag misuse is a one-line error with exit code 2.
#include <signal.h>

#include <catch2/catch.hpp>
#include <regex>
#include <string>

#include "child.hpp"
#include "support/pdsim_process.hpp"

using medic::test::Child;
using medic::test::PdsimProcess;
using medic::test::run;
using medic::test::TempDir;
using medic::test::medic_env;

namespace {

const std::string kMedic = MEDIC_BIN;

void wait_until_watching(Child& mon) {
    for (int i = 0; i < 100 && mon.err().find("proposing fixes") == std::string::npos; ++i) mon.wait_line("\x01", 0.1);
    INFO("stderr:\n" << mon.err());
    REQUIRE_THAT(mon.err(), Catch::Contains("medic monitor: proposing fixes for incidents"));
}

bool pd_has_evict_leader(const PdsimProcess& sim) {
    return sim.get("/pd/api/v1/schedulers").body.find("evict-leader-scheduler") != std::string::npos;
}

}  // namespace

TEST_CASE("medic monitor --propose --execute: a killed store's fix waits for `medic actions approve`, then runs",
          "[cli][pdsim][propose]") {
    PdsimProcess sim({"--scenario", "balanced", "--seed", "3"});
    TempDir t;
    std::string db = t / "propose.db";
    Child mon({kMedic, "monitor", "--pd", sim.url(), "--db", db, "--json", "--interval", "0.2", "--propose", "--execute",
               "--readvise", "3"},
              medic_env(t));
    wait_until_watching(mon);
    CHECK_THAT(mon.err(), Catch::Contains("plans live (gated"));
    REQUIRE(sim.post_chaos("/chaos/store/4/kill", "{}").status == 200);

    std::string parked = mon.wait_line("evict_leader (action ", 40);
    INFO("stdout:\n" << mon.out() << "\nstderr:\n" << mon.err());
    REQUIRE_THAT(parked, Catch::StartsWith("{\"event\":\"proposer\",\"level\":\"info\""));
    REQUIRE_THAT(parked, Catch::Contains("awaiting_approval, waiting for a person"));
    std::smatch m;
    REQUIRE(std::regex_search(parked, m, std::regex("evict_leader \\(action ([0-9]+)\\)")));
    std::string id = m[1];
    CHECK_FALSE(pd_has_evict_leader(sim));  // nothing before a person decides

    // The approval is bound to the facts it was shown with; while PD itself
    // reacts to the dead store they can move and the action asks again.
    std::string outcome;
    for (int round = 0; round < 4 && outcome.empty(); ++round) {
        auto ap = run({kMedic, "actions", "approve", id, "--as", "alice", "--db", db}, medic_env(t));
        INFO("approve: " << ap.out << ap.err);
        REQUIRE(ap.code == 0);
        std::string line = mon.wait_line("action " + id + ": ", 30);
        if (line.find("succeeded") != std::string::npos) outcome = line;
        else REQUIRE_THAT(line, Catch::Contains("asks a person again"));
    }
    REQUIRE_FALSE(outcome.empty());
    CHECK(pd_has_evict_leader(sim));
    auto show = run({kMedic, "actions", "show", id, "--db", db}, medic_env(t));
    CHECK_THAT(show.out, Catch::Contains("evict_leader  succeeded") && Catch::Contains("user:alice"));
    auto proposals = run({kMedic, "proposals", "list", "--db", db}, medic_env(t));
    INFO("proposals:\n" << proposals.out << proposals.err);
    CHECK(proposals.code == 0);
    CHECK_THAT(proposals.out, Catch::Contains("Evict leaders from store 4"));

    // The store comes back, but medic's scheduler still keeps its leaders
    // away: the advisor knows it added that scheduler and says so (the
    // leader-imbalance incident open since the start is advised again).
    REQUIRE(sim.post_chaos("/chaos/store/4/restart", "{}").status == 200);
    std::string restore = mon.wait_line("Run restore_leaders for store 4", 60);
    CHECK_THAT(restore, Catch::Contains("(action " + id + ")"));

    mon.signal(SIGTERM);
    CHECK(mon.wait(20) == 0);
}

TEST_CASE("medic monitor --propose without --execute only dry-runs the plan", "[cli][pdsim][propose]") {
    PdsimProcess sim({"--scenario", "balanced", "--seed", "3"});
    TempDir t;
    std::string db = t / "dry.db";
    Child mon({kMedic, "monitor", "--pd", sim.url(), "--db", db, "--interval", "0.2", "--propose"}, medic_env(t));
    wait_until_watching(mon);
    CHECK_THAT(mon.err(), Catch::Contains("plans as dry-runs"));
    REQUIRE(sim.post_chaos("/chaos/store/4/kill", "{}").status == 200);
    std::string line = mon.wait_line("evict_leader (action ", 40);
    INFO("stdout:\n" << mon.out());
    REQUIRE_THAT(line, Catch::StartsWith("PROPOSER info: proposal #") && Catch::Contains(": dry_run: evict all leaders from store 4"));
    CHECK_FALSE(pd_has_evict_leader(sim));
    mon.signal(SIGTERM);
    CHECK(mon.wait(20) == 0);
}

TEST_CASE("medic monitor: --execute and --workflows need --propose; a missing workflows dir is refused",
          "[cli][propose][errors]") {
    TempDir t;
    auto ex = run({kMedic, "monitor", "--pd", "http://127.0.0.1:1", "--execute"}, medic_env(t));
    CHECK(ex.code == 2);
    CHECK(ex.err == "medic monitor: --execute needs --propose (it makes proposals' plans live)\n");
    auto wf = run({kMedic, "monitor", "--pd", "http://127.0.0.1:1", "--workflows", t.path}, medic_env(t));
    CHECK(wf.code == 2);
    CHECK_THAT(wf.err, Catch::Contains("--workflows needs --propose"));
    auto rv = run({kMedic, "monitor", "--pd", "http://127.0.0.1:1", "--propose", "--readvise", "soon"}, medic_env(t));
    CHECK(rv.code == 2);
    CHECK(rv.err == "medic monitor: --readvise must be a positive number of seconds up to 86400, got 'soon'\n");
    auto missing = run({kMedic, "monitor", "--pd", "http://127.0.0.1:1", "--propose", "--workflows", t / "nope"},
                       medic_env(t));
    CHECK(missing.code == 2);
    CHECK(missing.err == "medic monitor: --workflows " + (t / "nope") + " is not a directory\n");
}
