// tests/cli/sre_walkthrough_test.cpp: what an SRE walking through the README
// ran into, end to end with the real `medic` binary: `medic act --execute`
// says which action waits for a person while it waits; bad --limit, --after
// and --status values are refused instead of listing nothing; read commands
// do not create a database at a wrong path; `medic run` against a PD that
// does not answer says so instead of blaming the runbook's checks; `medic
// audit --verify` names the changed row; `medic gui` uses $MEDIC_DB.
#include <sqlite3.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <regex>
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

size_t lines(const std::string& s) { return size_t(std::count(s.begin(), s.end(), '\n')); }

/// A loopback port bound but not listening while this lives: connects are refused.
struct RefusingPort {
    RefusingPort() {
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(fd >= 0);
        REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
        socklen_t len = sizeof a;
        getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
        url = "http://127.0.0.1:" + std::to_string(ntohs(a.sin_port));
    }
    ~RefusingPort() { close(fd); }
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    std::string url;
};

/// A store holding a follower (not the leader) of `region`, from PD's JSON:
/// the peers' store ids come first, the leader's last.
std::string follower_store(const PdsimProcess& sim, int region) {
    std::string body = sim.get("/pd/api/v1/region/id/" + std::to_string(region)).body;
    std::regex store_re("\"store_id\":([0-9]+)");
    std::vector<std::string> ids;
    for (std::sregex_iterator it(body.begin(), body.end(), store_re), end; it != end; ++it) ids.push_back((*it)[1]);
    REQUIRE(ids.size() >= 3);
    for (size_t i = 0; i + 1 < ids.size(); ++i)
        if (ids[i] != ids.back()) return ids[i];
    FAIL("no follower in " << body);
    return "";
}

void sql(const std::string& db, const std::string& text) {
    sqlite3* h = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &h) == SQLITE_OK);
    char* err = nullptr;
    int rc = sqlite3_exec(h, text.c_str(), nullptr, nullptr, &err);
    std::string msg = err ? err : "";
    sqlite3_free(err);
    sqlite3_close(h);
    INFO(text << ": " << msg);
    REQUIRE(rc == SQLITE_OK);
}

}  // namespace

TEST_CASE("medic act --execute names the action that waits for a person, while it waits", "[cli][pdsim][act]") {
    PdsimProcess sim({"--scenario", "balanced", "--step", "--seed", "7"});
    TempDir t;
    auto env = medic_env(t);
    std::string db = t / "act.db", store = follower_store(sim, 1000);
    Child act({kMedic, "act", "remove_peer", "--region", "1000", "--store", store, "--pd", sim.url(), "--execute", "--db",
               db, "--as", "alice"},
              env);
    // remove_peer is high risk: it always waits for a person, and the
    // terminal must say so before anyone decides.
    bool said = act.wait_err("waits for a person", 30);
    INFO("stdout:\n" << act.out() << "\nstderr:\n" << act.err());
    REQUIRE(said);
    std::smatch m;
    std::string err = act.err();
    REQUIRE(std::regex_search(err, m, std::regex("medic act: user:alice: action ([0-9]+) remove_peer")));
    std::string id = m[1];
    CHECK_THAT(err, Catch::Contains("medic actions approve " + id + " --as NAME"));

    auto rej = run({kMedic, "actions", "reject", id, "--reason", "not this one", "--db", db, "--as", "bob"}, env);
    INFO(rej.err);
    CHECK(rej.code == 0);
    CHECK(act.wait(30) == 1);
    INFO("stdout:\n" << act.out() << "\nstderr:\n" << act.err());
    CHECK_THAT(act.out(), Catch::Contains("action " + id + ": rejected"));
    // Nothing was sent: the request is what would have been sent.
    CHECK_THAT(act.out(), Catch::Contains("would send: POST /operators"));
    CHECK_THAT(act.out(), !Catch::Contains("request:"));
    CHECK(sim.get("/pd/api/v1/operators").body.find("remove-peer") == std::string::npos);
}

TEST_CASE("bad --limit, --after and --status values are refused with one line, exit 2", "[cli][errors]") {
    TempDir t;
    auto env = medic_env(t);
    std::string db = t / "none.db";
    const std::vector<std::vector<std::string>> cases = {
        {"actions", "list", "--limit", "x"},     {"actions", "list", "--limit", "0"},
        {"actions", "list", "--limit", "-3"},    {"actions", "list", "--limit", "5x"},
        {"actions", "list", "--status", "nope"}, {"audit", "--limit", "x"},
        {"audit", "--limit", "0"},               {"audit", "--after", "x"},
        {"audit", "--after", "-1"},              {"runs", "list", "--limit", "x"},
    };
    for (auto argv : cases) {
        std::string what = argv[0] + " " + argv[argv.size() - 2] + " " + argv.back();
        argv.insert(argv.begin(), kMedic);
        argv.insert(argv.end(), {"--db", db});
        auto r = run(argv, env);
        INFO(what << " -> stdout:\n" << r.out << "\nstderr:\n" << r.err);
        CHECK(r.code == 2);
        CHECK_THAT(r.err, Catch::StartsWith("medic " + argv[1] + ": " + argv[argv.size() - 4]));
        CHECK(lines(r.err) == 1);
        CHECK(r.out.empty());
    }
    CHECK_FALSE(fs::exists(db));
}

TEST_CASE("read commands and decisions at a database path that does not exist fail and create nothing",
          "[cli][errors]") {
    TempDir t;
    auto env = medic_env(t);
    std::string db = t / "typo.db";
    for (std::vector<std::string> argv : {std::vector<std::string>{"actions", "list"},
                                          {"actions", "show", "1"},
                                          {"actions", "approve", "1", "--as", "alice"},
                                          {"kill", "status"}}) {
        std::string what = argv[0] + " " + argv[1];
        argv.insert(argv.begin(), kMedic);
        argv.insert(argv.end(), {"--db", db});
        auto r = run(argv, env);
        INFO(what << " -> stdout:\n" << r.out << "\nstderr:\n" << r.err);
        CHECK(r.code == 1);
        CHECK_THAT(r.err, Catch::Contains("no database at " + db));
        CHECK(r.out.empty());
        CHECK_FALSE(fs::exists(db));
    }
    // Engaging the switch may create the database, and says so.
    auto on = run({kMedic, "kill", "on", "--db", db, "--reason", "drill"}, env);
    INFO(on.err);
    CHECK(on.code == 0);
    CHECK_THAT(on.err, Catch::Contains("created a new database at " + db));
    auto st = run({kMedic, "kill", "status", "--db", db}, env);
    CHECK(st.code == 0);
    CHECK_THAT(st.out, Catch::Contains("kill switch: on"));
}

TEST_CASE("medic run against a PD that refuses connections says the cluster cannot be read", "[cli][errors]") {
    TempDir t;
    auto env = medic_env(t);
    RefusingPort dead;
    std::string rb = t.write("probe.lua",
                             "return runbook.define{ name = 'probe', run = function()\n"
                             "  safety.require(cluster.store(1) ~= nil, 'store 1 does not exist')\n"
                             "end }\n");
    auto r = run({kMedic, "run", rb, "--pd", dead.url, "--db", t / "run.db"}, env);
    INFO("stdout:\n" << r.out << "\nstderr:\n" << r.err);
    CHECK(r.code == 1);
    CHECK_THAT(r.err, Catch::StartsWith("medic run: cannot read the cluster from PD: "));
    CHECK_THAT(r.err, Catch::Contains("127.0.0.1"));
    CHECK_THAT(r.err, !Catch::Contains("does not exist"));
    CHECK(lines(r.err) == 1);
}

TEST_CASE("medic audit --verify names the row that was changed behind the triggers", "[cli][audit]") {
    TempDir t;
    auto env = medic_env(t);
    std::string db = t / "audit.db";
    REQUIRE(run({kMedic, "kill", "on", "--db", db, "--reason", "one"}, env).code == 0);
    REQUIRE(run({kMedic, "kill", "off", "--db", db}, env).code == 0);
    REQUIRE(run({kMedic, "kill", "on", "--db", db, "--reason", "three"}, env).code == 0);
    auto ok = run({kMedic, "audit", "--verify", "--db", db}, env);
    REQUIRE(ok.code == 0);
    CHECK_THAT(ok.out, Catch::StartsWith("audit chain ok: "));

    sql(db, "DROP TRIGGER IF EXISTS audit_no_update; UPDATE audit SET actor = 'user:mallory' WHERE seq = 2;");
    auto bad = run({kMedic, "audit", "--verify", "--db", db}, env);
    INFO(bad.out);
    CHECK(bad.code == 1);
    CHECK_THAT(bad.out, Catch::StartsWith("audit chain BROKEN: row 2: "));
    CHECK_THAT(bad.out, !Catch::Contains("after 2 rows"));
}

TEST_CASE("medic gui uses $MEDIC_DB like every other command", "[cli][gui]") {
    PdsimProcess sim({"--scenario", "balanced", "--step", "--seed", "7"});
    TempDir t;
    auto env = medic_env(t);
    std::string db = t / "shared.db";
    env.push_back("MEDIC_DB=" + db);
    env.push_back("DISPLAY=");  // no window: the engine opens the database first, then GLFW fails
    env.push_back("WAYLAND_DISPLAY=");
    auto r = run({kMedic, "gui", "--pd", sim.url()}, env, 60);
    INFO("stdout:\n" << r.out << "\nstderr:\n" << r.err);
    CHECK(r.code == 1);
    CHECK(fs::exists(db));
}
