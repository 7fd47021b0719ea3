// Across processes, through the `medic` binary and the shared database:
// two processes approving one action at once (exactly one wins), approving
// from another terminal while an engine waits, crashes injected between the
// audit row and the PD request and between the PD request and the audit of
// its result (the next start shows the action interrupted and sends
// nothing again), the kill switch set from the CLI, and `medic audit
// --verify` catching a row edited in the SQLite file.
// The `medic` binary is a build dependency of this test (CMakeLists.txt) and
// its path comes in as MEDIC_CLI_PATH.
#include "fixture.hpp"

#include "store/action_store.hpp"
#include "store/approval_store.hpp"
#include "store/audit_log.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>

#include <fstream>
#include <sstream>

extern char** environ;

using namespace medic;
using actions::ActionStatus;

#ifdef MEDIC_CLI_PATH

namespace {

struct Child {
    pid_t pid = -1;
    std::string out_path;
    int wait_exit() {
        int st = 0;
        waitpid(pid, &st, 0);
        return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    }
    std::string output() const {
        std::ifstream in(out_path);
        std::stringstream ss;
        ss << in.rdbuf();
        return ss.str();
    }
};

Child spawn_cli(const test::TempDb& tmp, std::vector<std::string> args, const std::string& crash_at = "") {
    static int n = 0;
    Child c;
    c.out_path = (tmp.dir / ("cli-" + std::to_string(++n) + ".out")).string();
    args.insert(args.begin(), MEDIC_CLI_PATH);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_s;
    for (char** e = environ; *e; ++e)
        if (std::string(*e).rfind("MEDIC_CRASH_AT=", 0) != 0) env_s.emplace_back(*e);
    if (!crash_at.empty()) env_s.push_back("MEDIC_CRASH_AT=" + crash_at);
    std::vector<char*> envp;
    for (auto& e : env_s) envp.push_back(e.data());
    envp.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, c.out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    REQUIRE(posix_spawn(&c.pid, argv[0], &fa, nullptr, argv.data(), envp.data()) == 0);
    posix_spawn_file_actions_destroy(&fa);
    return c;
}

}  // namespace

TEST_CASE("process/approve: two processes approving at once, exactly one wins", "[process]") {
    test::WriteFixture f({"--scenario", "balanced", "--step"}, test::approval_policy());
    auto a = f.svc->submit(test::runbook_request("set_schedule_limit", {{"kind", std::string("merge")}, {"limit", int64_t(5)}},
                                                 "runbook:drain.lua:9"));
    REQUIRE(a.status == ActionStatus::AwaitingApproval);
    std::string id = std::to_string(a.action_id);
    auto bob = spawn_cli(f.tmp, {"actions", "approve", id, "--as", "bob", "--db", f.tmp.path});
    auto carol = spawn_cli(f.tmp, {"actions", "approve", id, "--as", "carol", "--db", f.tmp.path});
    int rb = bob.wait_exit(), rc = carol.wait_exit();
    INFO(bob.output() << carol.output());
    CHECK(rb + rc == 1);  // one 0, one 1
    auto db = store::Database::open(f.tmp.path);
    auto ap = store::latest_approval(*db, a.action_id);
    REQUIRE(ap);
    CHECK(ap->decided_by == (rb == 0 ? "user:bob" : "user:carol"));
    CHECK((rb == 0 ? carol : bob).output().find("already decided") != std::string::npos);
    CHECK(f.svc->resume(a.action_id).status == ActionStatus::Succeeded);
}

TEST_CASE("process/approve: an engine waiting for a decision picks up `medic actions approve`", "[process]") {
    test::WriteFixture f({"--scenario", "balanced", "--step"}, test::approval_policy());
    auto req = test::runbook_request("set_schedule_limit", {{"kind", std::string("replica")}, {"limit", int64_t(11)}},
                                     "runbook:drain.lua:9");
    req.wait_for_approval = true;
    auto fut = std::async(std::launch::async, [&] { return f.svc->submit(req); });
    int64_t id = 0;
    for (int i = 0; i < 2000 && !id; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        auto db = store::Database::open(f.tmp.path);
        auto rows = store::list_actions(*db, "awaiting_approval");
        if (!rows.empty()) id = rows.front().id;
    }
    REQUIRE(id);
    auto self = spawn_cli(f.tmp, {"actions", "approve", std::to_string(id), "--as", "runbook:drain.lua:9", "--db", f.tmp.path});
    CHECK(self.wait_exit() == 1);
    CHECK(self.output().find("no_self_approval") != std::string::npos);
    auto ok = spawn_cli(f.tmp, {"actions", "approve", std::to_string(id), "--as", "dana", "--db", f.tmp.path});
    CHECK(ok.wait_exit() == 0);
    CHECK(fut.get().status == ActionStatus::Succeeded);
    CHECK(f.pd->schedule_config().value().replica_schedule_limit == 11);
}

TEST_CASE("process/crash: between the audit row and the PD request nothing is sent, now or later", "[process]") {
    test::WriteFixture f;
    auto [r, free_store] = f.region_and_free_store();
    int64_t writes = f.pd_writes();
    auto c = spawn_cli(f.tmp, {"act", "transfer_leader", "--region", std::to_string(r.id), "--to-store",
                               std::to_string(test::follower_store(r)), "--execute", "--pd", f.sim.url(), "--db", f.tmp.path,
                               "--as", "tester"},
                       "after_audit_before_pd");
    CHECK(c.wait_exit() == 99);
    CHECK(f.pd_writes() == writes);
    f.svc.reset();
    f.svc = f.make_service(test::open_policy());  // the next start
    REQUIRE(f.svc->recovered().size() == 1);
    auto db = store::Database::open(f.tmp.path);
    auto rec = store::get_action(*db, f.svc->recovered()[0]);
    CHECK(rec->status == ActionStatus::Interrupted);
    CHECK(f.pd_writes() == writes);
    auto list = spawn_cli(f.tmp, {"actions", "list", "--db", f.tmp.path});
    CHECK(list.wait_exit() == 0);
    CHECK(list.output().find("interrupted") != std::string::npos);
}

TEST_CASE("process/crash: between the PD request and its audit the request is never re-sent", "[process]") {
    test::WriteFixture f;
    int64_t writes = f.pd_writes();
    auto c = spawn_cli(f.tmp, {"act", "set_schedule_limit", "--kind", "leader", "--limit", "13", "--execute", "--pd",
                               f.sim.url(), "--db", f.tmp.path, "--as", "tester"},
                       "after_pd_before_audit");
    CHECK(c.wait_exit() == 99);
    CHECK(f.pd_writes() == writes + 1);
    f.svc.reset();
    f.svc = f.make_service(test::open_policy());
    REQUIRE(f.svc->recovered().size() == 1);
    int64_t id = f.svc->recovered()[0];
    auto db = store::Database::open(f.tmp.path);
    CHECK(store::get_action(*db, id)->status == ActionStatus::Interrupted);
    bool request = false, response = false;
    for (const auto& row : store::read_audit(*db)) {
        if (row.ev.subject != "action:" + std::to_string(id)) continue;
        request |= row.ev.event == "pd_request";
        response |= row.ev.event == "pd_response";
    }
    CHECK(request);
    CHECK_FALSE(response);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK(f.pd_writes() == writes + 1);
    CHECK(store::verify_audit(*db).ok);
}

TEST_CASE("process/kill and audit: CLI kill switch stops a running engine; --verify catches tampering", "[process]") {
    test::WriteFixture f;
    auto on = spawn_cli(f.tmp, {"kill", "on", "--db", f.tmp.path, "--as", "alice", "--reason", "drill"});
    CHECK(on.wait_exit() == 0);
    for (int i = 0; i < 1000 && !f.svc->kill_switch_engaged(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    REQUIRE(f.svc->kill_switch_engaged());
    auto o = f.act("set_schedule_limit", {{"kind", std::string("leader")}, {"limit", int64_t(6)}});
    CHECK(o.error_code == "kill_switch");
    auto st = spawn_cli(f.tmp, {"kill", "status", "--db", f.tmp.path});
    CHECK(st.wait_exit() == 0);
    CHECK(st.output() == "kill switch: on\n");
    CHECK(spawn_cli(f.tmp, {"kill", "off", "--db", f.tmp.path}).wait_exit() == 0);
    auto ok = spawn_cli(f.tmp, {"audit", "--verify", "--db", f.tmp.path});
    CHECK(ok.wait_exit() == 0);
    CHECK(ok.output().find("audit chain ok") == 0);
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(f.tmp.path.c_str(), &raw) == SQLITE_OK);
    REQUIRE(sqlite3_exec(raw, "DROP TRIGGER audit_no_update; UPDATE audit SET actor = 'user:mallory' WHERE seq = 2;",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(raw);
    auto bad = spawn_cli(f.tmp, {"audit", "--verify", "--db", f.tmp.path});
    CHECK(bad.wait_exit() == 1);
    CHECK(bad.output().find("row 2: hash does not match its contents") != std::string::npos);
}

TEST_CASE("process/show: `medic actions show` names the steps a folded record stands for", "[process]") {
    test::WriteFixture f;
    auto out = f.act("set_schedule_limit", {{"kind", std::string("hot-region")}, {"limit", int64_t(13)}});
    REQUIRE(out.status == ActionStatus::Succeeded);
    auto show = spawn_cli(f.tmp, {"actions", "show", std::to_string(out.action_id), "--db", f.tmp.path});
    CHECK(show.wait_exit() == 0);
    std::string text = show.output();
    INFO(text);
    CHECK(text.find("proposed          -> executing") != std::string::npos);
    CHECK(text.find("(steps: proposed -> validated -> approved -> executing; approved by user:tester)") != std::string::npos);
    CHECK(text.find("(steps: executing -> verifying -> succeeded)") != std::string::npos);
}

#endif  // MEDIC_CLI_PATH
