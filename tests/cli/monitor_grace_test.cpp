// tests/cli/monitor_grace_test.cpp: `medic monitor --region-grace S` end to
// end: bad values are refused with one clear line and exit code 2 before PD
// is contacted, and a good value reaches the Monitor — against a pdsim whose
// dead store leaves ~100 regions with pending peers and no operator, 0 opens
// region_pending_peer at the first check, 1 opens it after the grace with
// the grace's figures in the evidence, 3600 keeps it closed.
#include <signal.h>

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "child.hpp"
#include "support/pdsim_process.hpp"

using medic::test::Child;
using medic::test::PdsimProcess;
using medic::test::run;
using medic::test::TempDir;
using medic::test::medic_env;

namespace {

const std::string kMedic = MEDIC_BIN;

}  // namespace

TEST_CASE("medic monitor --region-grace refuses bad values with one clear line", "[cli][monitor][grace]") {
    TempDir t;
    // Flags are checked before PD is contacted: nothing needs to listen here.
    const std::string nowhere = "http://127.0.0.1:9";
    for (const char* v : {"x", "-1", "nan", "inf", "2s", "0x10", " 5"}) {
        auto r = run({kMedic, "monitor", "--pd", nowhere, "--db", t / "g.db", "--region-grace", v}, medic_env(t));
        INFO(v << " -> " << r.err);
        CHECK(r.code == 2);
        CHECK(r.err == std::string("medic monitor: --region-grace must be 0 (off) or a positive number of seconds, got '") +
                           v + "'\n");
        CHECK(r.out.empty());
    }
    for (const char* v : {"86401", "1e9"}) {
        auto r = run({kMedic, "monitor", "--pd", nowhere, "--db", t / "g.db", "--region-grace", v}, medic_env(t));
        INFO(v << " -> " << r.err);
        CHECK(r.code == 2);
        CHECK(r.err == std::string("medic monitor: --region-grace must be at most 86400 seconds, got '") + v + "'\n");
    }
    // An empty value is a mistake (an unset shell variable), not "the default".
    auto r = run({kMedic, "monitor", "--pd", nowhere, "--db", t / "g.db", "--region-grace", ""}, medic_env(t));
    CHECK(r.code == 2);
    CHECK(r.err == "medic monitor: --region-grace needs a value, got ''\n");
}

TEST_CASE("medic monitor --region-grace reaches the Monitor: 0 opens at once, 1 after the grace, 3600 not yet",
          "[cli][monitor][grace][pdsim]") {
    // Step mode: PD's clock stands still, so the dead store's peers stay
    // pending and no operator repairs them while the monitors watch.
    PdsimProcess sim({"--scenario", "balanced", "--step", "--seed", "7"});
    sim.advance(600);
    REQUIRE(sim.post_chaos("/chaos/store/5/kill", "{}").status == 200);
    auto pending = sim.get("/pd/api/v1/regions/check/pending-peer");
    REQUIRE(pending.status == 200);
    REQUIRE(pending.body.find("\"store_id\":5") != std::string::npos);

    TempDir t;
    auto monitor = [&](const std::string& grace, const std::string& db, std::vector<std::string> extra = {}) {
        std::vector<std::string> argv = {kMedic,     "monitor", "--pd",           sim.url(), "--db",
                                         t / db,     "--json",  "--interval",     "0.5",     "--region-grace",
                                         grace};
        argv.insert(argv.end(), extra.begin(), extra.end());
        return std::make_unique<Child>(argv, medic_env(t));
    };
    // All three at once (the checks run every 5 s): the test takes one grace, not three.
    auto off = monitor("0", "off.db");
    auto one = monitor("1", "one.db");
    auto hour = monitor("3600", "hour.db", {"--duration", "30"});

    std::string at_once = off->wait_line("\"key\":\"region_pending_peer\"", 30);
    INFO("--region-grace 0 stdout:\n" << off->out() << "\nstderr:\n" << off->err());
    REQUIRE_FALSE(at_once.empty());
    CHECK_THAT(at_once, Catch::StartsWith("{\"event\":\"opened\""));
    CHECK_THAT(at_once, !Catch::Contains("\"grace\"") && !Catch::Contains("for at least"));

    std::string after = one->wait_line("\"key\":\"region_pending_peer\"", 60);
    INFO("--region-grace 1 stdout:\n" << one->out() << "\nstderr:\n" << one->err());
    REQUIRE_FALSE(after.empty());
    CHECK_THAT(after, Catch::StartsWith("{\"event\":\"opened\""));
    CHECK_THAT(after, Catch::Contains("pending peers for at least 1 s"));
    CHECK_THAT(after, Catch::Contains("\"grace\":{\"min_checks\":2,\"min_ms\":1000,"));

    // The hour-long grace: by now it has seen the same check rounds, and counts nothing yet.
    off->signal(SIGTERM);
    one->signal(SIGTERM);
    hour->signal(SIGTERM);
    CHECK(off->wait(20) == 0);
    CHECK(one->wait(20) == 0);
    CHECK(hour->wait(20) == 0);
    INFO("--region-grace 3600 stdout:\n" << hour->out() << "\nstderr:\n" << hour->err());
    CHECK_THAT(hour->err(), Catch::Contains("medic monitor: watching " + sim.url()));
    CHECK(hour->out().find("region_pending_peer") == std::string::npos);
}
