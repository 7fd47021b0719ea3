// tests/cli/cli_test.cpp: the real `medic` binary end to end against a pdsim
// process over loopback HTTP: `medic status` (text, --json, embedded pdsim),
// `medic monitor --json` (an incident opens after a chaos kill and closes
// after the restart), and the one-line errors with non-zero exit codes for an
// unreachable PD, a bad URL and an unreadable database.
#include <signal.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "child.hpp"
#include "support/pdsim_process.hpp"

namespace fs = std::filesystem;
using medic::test::Child;
using medic::test::PdsimProcess;
using medic::test::run;
using medic::test::TempDir;
using medic::test::medic_env;

namespace {

const std::string kMedic = MEDIC_BIN;

size_t count_lines(const std::string& s) {
    size_t n = 0;
    for (char c : s) n += c == '\n';
    return n;
}

// A loopback port nothing listens on: bind an ephemeral port, then close it.
/// A loopback port nothing listens on, for as long as this object lives: the
/// socket stays bound (not listening), so connects are refused and no other
/// process (a pdsim of a test running in parallel) can be given the port.
struct ClosedPort {
    ClosedPort() {
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(fd >= 0);
        REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
        socklen_t len = sizeof a;
        getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
        port = ntohs(a.sin_port);
    }
    ~ClosedPort() { close(fd); }
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    int port = 0;
};

}  // namespace

TEST_CASE("medic status prints stores, region health and incidents", "[cli][pdsim]") {
    PdsimProcess sim({"--scenario", "balanced", "--step", "--seed", "7"});
    TempDir t;
    auto r = run({kMedic, "status", "--pd", sim.url()}, medic_env(t));
    INFO("stdout:\n" << r.out << "\nstderr:\n" << r.err);
    REQUIRE(r.code == 0);
    CHECK_THAT(r.out, Catch::Contains("STORE") && Catch::Contains("STATE") && Catch::Contains("LEADERS"));
    for (const char* id : {"\n1 ", "\n2 ", "\n3 ", "\n4 ", "\n5 "}) CHECK_THAT(r.out, Catch::Contains(id));
    CHECK_THAT(r.out, Catch::Contains("Up"));
    CHECK_THAT(r.out, Catch::Contains("regions 1000: down-peer 0"));
    CHECK_THAT(r.out, Catch::Contains("incidents now: "));
    CHECK_THAT(r.err, !Catch::Contains("embedded pdsim"));
    CHECK_FALSE(fs::exists(t / "default.db"));  // status observes, it does not create a database

    auto j = run({kMedic, "status", "--pd", sim.url(), "--json"}, medic_env(t));
    INFO("json stdout:\n" << j.out << "\nstderr:\n" << j.err);
    REQUIRE(j.code == 0);
    CHECK(count_lines(j.out) == 1);
    CHECK_THAT(j.out, Catch::StartsWith("{\"taken_at_ms\":"));
    CHECK_THAT(j.out, Catch::Contains("\"stores\":[{\"id\":1,"));
    CHECK_THAT(j.out, Catch::Contains("\"regions\":{\"total\":1000,"));
    CHECK_THAT(j.out, Catch::Contains("\"incidents\":["));

    auto paged = run({kMedic, "status", "--pd", sim.url(), "--scan-page", "64"}, medic_env(t));
    INFO("paged stdout:\n" << paged.out << "\nstderr:\n" << paged.err);
    CHECK(paged.code == 0);
    CHECK_THAT(paged.out, Catch::Contains("regions 1000: down-peer 0"));
}

TEST_CASE("medic status sees a killed store", "[cli][pdsim]") {
    PdsimProcess sim({"--scenario", "balanced", "--step", "--seed", "3"});
    REQUIRE(sim.post_chaos("/chaos/store/4/kill", "{}").status == 200);
    sim.advance(30);  // > 20 s without heartbeat: PD marks it Disconnected
    TempDir t;
    auto r = run({kMedic, "status", "--pd", sim.url()}, medic_env(t));
    INFO("stdout:\n" << r.out << "\nstderr:\n" << r.err);
    REQUIRE(r.code == 0);
    CHECK_THAT(r.out, Catch::Contains("Disconnected"));
    CHECK_THAT(r.out, Catch::Contains("store_disconnected:4"));
}

TEST_CASE("medic status without --pd starts an embedded pdsim and says so", "[cli][pdsim]") {
    TempDir t;
    auto r = run({kMedic, "status"}, medic_env(t));
    INFO("stdout:\n" << r.out << "\nstderr:\n" << r.err);
    REQUIRE(r.code == 0);
    CHECK_THAT(r.err, Catch::Contains("no --pd given; started an embedded pdsim (scenario balanced) at http://127.0.0.1:"));
    CHECK_THAT(r.out, Catch::Contains("STORE"));
    CHECK_THAT(r.out, Catch::Contains("regions "));
}

TEST_CASE("medic monitor --json prints an incident opening after a kill and closing after the restart",
          "[cli][pdsim]") {
    PdsimProcess sim({"--scenario", "balanced", "--seed", "3"});  // real time: the monitor runs on its own
    TempDir t;
    std::string db = t / "monitor.db";
    Child mon({kMedic, "monitor", "--pd", sim.url(), "--db", db, "--json", "--interval", "0.2"}, medic_env(t));
    // The monitor is up once it announces itself; then the store dies.
    for (int i = 0; i < 100 && mon.err().find("watching") == std::string::npos; ++i) mon.wait_line("\x01", 0.1);
    REQUIRE_THAT(mon.err(), Catch::Contains("medic monitor: watching " + sim.url()));
    REQUIRE(sim.post_chaos("/chaos/store/4/kill", "{}").status == 200);
    std::string opened = mon.wait_line("\"key\":\"store_down:4\"", 30);
    INFO("stdout so far:\n" << mon.out() << "\nstderr:\n" << mon.err());
    REQUIRE_FALSE(opened.empty());
    CHECK_THAT(opened, Catch::StartsWith("{\"event\":\"opened\",\"id\":"));
    CHECK_THAT(opened, Catch::Contains("\"kind\":\"store_down\"") && Catch::Contains("\"severity\":\"critical\""));
    CHECK_THAT(opened, Catch::EndsWith("}"));
    REQUIRE(sim.post_chaos("/chaos/store/4/restart", "{}").status == 200);
    std::string closed;
    while (closed.empty() || closed.find("\"event\":\"closed\"") == std::string::npos) {
        closed = mon.wait_line("\"key\":\"store_down:4\"", 30);
        if (closed.empty()) break;
    }
    INFO("stdout:\n" << mon.out());
    REQUIRE_FALSE(closed.empty());
    CHECK_THAT(closed, Catch::StartsWith("{\"event\":\"closed\""));
    mon.signal(SIGTERM);
    CHECK(mon.wait(20) == 0);
    // Every stdout line is one JSON object; the incident was recorded.
    std::istringstream lines(mon.out());
    for (std::string l; std::getline(lines, l);) {
        CHECK_THAT(l, Catch::StartsWith("{\"event\":\""));
        CHECK_THAT(l, Catch::EndsWith("}"));
    }
    auto list = run({kMedic, "incidents", "list", "--all", "--db", db}, medic_env(t));
    INFO("incidents list:\n" << list.out << list.err);
    CHECK(list.code == 0);
    std::string row;
    std::istringstream rows(list.out);
    for (std::string l; std::getline(rows, l);)
        if (l.find("store_down:4") != std::string::npos) row = l;
    CHECK_THAT(row, Catch::Contains("closed") && Catch::Contains("critical"));
}

TEST_CASE("unreachable PD, bad URL, unreadable database: one-line errors, non-zero exit", "[cli][errors]") {
    TempDir t;
    auto env = medic_env(t);
    ClosedPort closed;
    std::string dead = "http://127.0.0.1:" + std::to_string(closed.port);
    SECTION("unreachable PD") {
        auto st = run({kMedic, "status", "--pd", dead}, env);
        auto mon = run({kMedic, "monitor", "--pd", dead, "--db", t / "x.db", "--duration", "1"}, env);
        for (const auto* r : {&st, &mon}) {
            INFO("stdout:\n" << r->out << "\nstderr:\n" << r->err);
            CHECK(r->code == 1);
            CHECK_THAT(r->err, Catch::StartsWith(r == &st ? "medic status: " : "medic monitor: "));
            CHECK_THAT(r->err, Catch::Contains("127.0.0.1"));
            CHECK(count_lines(r->err) == 1);
            CHECK(r->out.empty());
        }
    }
    SECTION("bad URL") {
        for (const char* url : {"ftp://127.0.0.1:2379", "http://:2379", "http://127.0.0.1:99999", ","}) {
            auto r = run({kMedic, "status", "--pd", url}, env);
            INFO(url << " -> stdout:\n" << r.out << "\nstderr:\n" << r.err);
            CHECK(r.code != 0);
            CHECK_THAT(r.err, Catch::StartsWith("medic status: "));
            CHECK(count_lines(r.err) == 1);
            CHECK(r.out.empty());
        }
    }
    SECTION("bad flag values") {
        for (const char* v : {"0", "10241", "x"}) {
            auto r = run({kMedic, "monitor", "--pd", dead, "--scan-page", v, "--db", t / "y.db"}, env);
            INFO(v << " -> " << r.err);
            CHECK(r.code == 2);
            CHECK_THAT(r.err, Catch::StartsWith("medic monitor: --scan-page must be a whole number from 1 to 10240"));
            CHECK(count_lines(r.err) == 1);
        }
    }
    SECTION("unreadable database") {
        std::string junk = t / "junk.db";
        std::ofstream(junk) << std::string(8192, 'x');
        std::string missing_dir = t / "no/such/dir/medic.db";
        for (const auto& db : {junk, missing_dir}) {
            auto inc = run({kMedic, "incidents", "list", "--db", db}, env);
            INFO(db << " incidents -> stdout:\n" << inc.out << "\nstderr:\n" << inc.err);
            CHECK(inc.code != 0);
            CHECK_THAT(inc.err, Catch::StartsWith("medic incidents: "));
            CHECK(count_lines(inc.err) == 1);
            // monitor opens the database before contacting PD: no PD needed to fail.
            auto mon = run({kMedic, "monitor", "--pd", dead, "--db", db, "--duration", "1"}, env);
            INFO(db << " monitor -> stdout:\n" << mon.out << "\nstderr:\n" << mon.err);
            CHECK(mon.code != 0);
            CHECK_THAT(mon.err, Catch::StartsWith("medic monitor: "));
            CHECK(count_lines(mon.err) == 1);
        }
    }
}
