// tests/bindings/journal_test.cpp: the workflow journal on a real SQLite
// file: a run's steps, log lines and actions are written as they happen; a
// host that dies mid-run leaves a journal that shows the run as interrupted,
// with what ran and what did not; a cancel requested through the journal
// (another process) stops a waiting run.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "bindings/lua/clock.hpp"
#include "bindings/lua/journal.hpp"
#include "bindings/lua/scheduler.hpp"
#include "bindings/lua/vm_thread.hpp"
#include "run_helper.hpp"
#include "store/database.hpp"
#include "store/run_journal.hpp"

using namespace medic;

namespace {

bool pid_alive(int64_t pid) { return pid > 0 && kill(pid_t(pid), 0) == 0; }

std::string temp_db(const char* name) {
    auto dir = std::filesystem::temp_directory_path() / ("medic-journal-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    auto p = dir / name;
    std::filesystem::remove(p);
    return p.string();
}

/// Dies (like a crash) right after journaling the line "crash now".
struct CrashingJournal : lua::JournalServices {
    using JournalServices::JournalServices;
    void on_log(lua::Run& r, const lua::LogLine& line) override {
        JournalServices::on_log(r, line);
        if (line.message == "crash now") _exit(0);
    }
};

}  // namespace

TEST_CASE("journal: a host killed mid-run leaves the run interrupted with what ran", "[journal]") {
    std::string path = temp_db("crash.db");
    store::Database::open(path);  // create + migrate before forking
    pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        auto db = store::Database::open(path);
        store::RunJournal journal(*db);
        lua::RunServices inner;
        CrashingJournal services(journal, inner);
        lua::SimClock clock(nullptr);
        lua::run_on_vm_thread([&] {
            lua::Scheduler s(clock, services);
            s.submit({"crash.lua", test::wrap_body("runbook.step('first', function() log.info('one') end)\n"
                                                   "runbook.step('second', function() log.info('crash now') end)\n"
                                                   "runbook.step('third', function() log.info('three') end)"),
                      lua::RunMode::DryRun, test::test_limits(), {}});
            s.run_until_idle();
        });
        _exit(3);  // not reached: the runbook crashes the host
    }
    int status = 0;
    waitpid(child, &status, 0);
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
    auto db = store::Database::open(path);
    store::RunJournal journal(*db);
    CHECK(journal.mark_interrupted(pid_alive) == 1);
    auto runs = journal.list();
    REQUIRE(runs.size() == 1);
    CHECK(runs[0].status == "interrupted");
    auto steps = journal.steps(runs[0].id);
    REQUIRE(steps.size() == 2);  // 'third' never started
    CHECK(steps[0].name == "first");
    CHECK(steps[0].status == "ok");
    CHECK(steps[1].name == "second");
    CHECK(steps[1].status == "interrupted");
    auto logs = journal.logs(runs[0].id);
    REQUIRE(logs.size() == 2);
    CHECK(logs[1].message == "crash.lua:3: crash now");
    CHECK(journal.mark_interrupted(pid_alive) == 0);  // nothing re-done, nothing re-marked
}

TEST_CASE("journal: runs, steps, logs and actions are recorded; cancel through the journal", "[journal]") {
    std::string path = temp_db("runs.db");
    auto db = store::Database::open(path);
    store::RunJournal journal(*db);
    lua::RunServices inner;
    lua::JournalServices services(journal, inner);
    int64_t waiting_id = 0;
    lua::SimClock clock([&](double) {
        if (waiting_id && clock.now() > 20) journal.request_cancel(waiting_id, false);
    });
    lua::run_on_vm_thread([&] {
        lua::Scheduler s(clock, services);
        s.cancel_poll_s = 1;
        auto& a = s.submit({"ok.lua", "return runbook.define{ name = 'ok', params = { x = { type = 'string' } }, run = function(p)\n"
                            "runbook.step('s', function() log.warn('careful', { store = 4 }) end) end }",
                            lua::RunMode::DryRun, test::test_limits(), {{"x", "1"}}});
        auto& b = s.submit({"wait.lua", test::wrap_body("while true do runbook.wait(5) end"), lua::RunMode::Live,
                            test::test_limits(), {}});
        waiting_id = b.id;
        CHECK(a.id > 0);
        s.run_until_idle();
    });
    auto runs = journal.list();
    REQUIRE(runs.size() == 2);
    CHECK(runs[1].workflow == "ok.lua");
    CHECK(runs[1].status == "succeeded");
    CHECK(runs[1].params == "{\"x\":\"1\"}");
    CHECK(runs[0].status == "cancelled");
    CHECK(runs[0].error == "wait.lua:2: run cancelled");
    auto logs = journal.logs(runs[1].id);
    REQUIRE(logs.size() == 1);
    CHECK(logs[0].level == "warn");
    CHECK(logs[0].message == "ok.lua:2: careful {\"store\":4}");
    CHECK(journal.steps(runs[1].id).at(0).status == "ok");
    CHECK(journal.request_cancel(runs[1].id, false) == "run " + std::to_string(runs[1].id) + " is succeeded, not running");
}

TEST_CASE("journal: runs.waiting_for says what a parked run waits for, once per wait", "[journal][waiting]") {
    std::string path = temp_db("waiting.db");
    auto db = store::Database::open(path);
    store::RunJournal journal(*db);
    lua::RunServices inner;
    lua::JournalServices services(journal, inner);
    std::vector<std::string> seen;  // the run's row at every scheduler sleep
    lua::Scheduler* sched = nullptr;
    lua::SimClock clock([&](double) {
        store::RunRow row;
        if (sched && !sched->runs().empty() && journal.get(sched->runs()[0]->id, row))
            if (seen.empty() || seen.back() != row.waiting_for) seen.push_back(row.waiting_for);
    });
    std::string status;
    lua::run_on_vm_thread([&] {
        lua::Scheduler s(clock, services);
        sched = &s;
        lua::Run& r = s.submit({"wait.lua", test::wrap_body(
                                                "runbook.wait(5)\n"
                                                "local n = 0\n"
                                                "runbook.wait_until(function() n = n + 1 return n > 3 end,"
                                                " { interval_s = 1, description = 'store 4 empty' })\n"
                                                "runbook.wait_until(function() n = n + 1 return n > 5 end)"),
                                lua::RunMode::Live, test::test_limits(), {}});
        s.run_until_idle();
        status = r.failed ? r.failure.one_line() : "ok";
    });
    REQUIRE(status == "ok");
    REQUIRE(seen.size() == 3);
    CHECK(seen[0] == "sleep 5 s (wait.lua:2)");
    CHECK(seen[1] == "condition: store 4 empty (wait.lua:4)");
    CHECK(seen[2] == "condition: wait_until at wait.lua:5");
    store::RunRow row;
    REQUIRE(journal.get(sched == nullptr ? 0 : 1, row));
    CHECK(row.waiting_for.empty());  // finished: nothing to wait for
}

TEST_CASE("journal: a dry-run's waits park nothing: runs.waiting_for stays empty, the log says what it skipped",
          "[journal][waiting]") {
    std::string path = temp_db("dry_waiting.db");
    auto db = store::Database::open(path);
    store::RunJournal journal(*db);
    lua::RunServices inner;
    lua::JournalServices services(journal, inner);
    int sleeps = 0;  // the scheduler sleeps only when every run is parked
    lua::SimClock clock([&](double) { sleeps++; });
    std::string status;
    int64_t id = 0;
    lua::run_on_vm_thread([&] {
        lua::Scheduler s(clock, services);
        lua::Run& r = s.submit({"wait.lua", test::wrap_body(
                                                "runbook.wait(5)\n"
                                                "runbook.wait_until(function() return false end,"
                                                " { timeout_s = 600, description = 'store 4 empty' })"),
                                lua::RunMode::DryRun, test::test_limits(), {}});
        id = r.id;
        s.run_until_idle();
        status = r.failed ? r.failure.one_line() : "ok";
    });
    REQUIRE(status == "ok");
    CHECK(sleeps == 0);
    store::RunRow row;
    REQUIRE(journal.get(id, row));
    CHECK(row.status == "succeeded");
    CHECK(row.waiting_for.empty());
    auto logs = journal.logs(id);
    REQUIRE(logs.size() == 2);
    CHECK(logs[0].message == "wait.lua:2: dry-run: would wait 5 s");
    CHECK(logs[1].message == "wait.lua:3: dry-run: would wait until store 4 empty, at most 600 s");
}

TEST_CASE("journal: a second live run of a runbook with concurrency one is refused before its body runs",
          "[journal][concurrency]") {
    std::string path = temp_db("concurrency.db");
    auto db = store::Database::open(path);
    store::RunJournal journal(*db);
    lua::RunServices inner;
    lua::JournalServices services(journal, inner);
    auto book = [](const std::string& name, const std::string& extra) {
        return "return runbook.define{ name = '" + name + "', " + extra +
               " run = function(p)\n runbook.step('work', function() runbook.wait(30) end) end }";
    };
    lua::SimClock clock([](double) {});
    std::string first, second, dry, many_a, many_b;
    lua::run_on_vm_thread([&] {
        lua::Scheduler s(clock, services);
        auto& a = s.submit({"workflows/drain_store.lua", book("drain_store", ""), lua::RunMode::Live, test::test_limits(), {}});
        auto& b = s.submit({"/abs/workflows/drain_store.lua", book("drain_store", ""), lua::RunMode::Live,
                            test::test_limits(), {}});
        auto& c = s.submit({"drain_store.lua", book("drain_store", ""), lua::RunMode::DryRun, test::test_limits(), {}});
        auto& d = s.submit({"probe.lua", book("probe", "concurrency = 'many',"), lua::RunMode::Live, test::test_limits(), {}});
        auto& e = s.submit({"probe.lua", book("probe", "concurrency = 'many',"), lua::RunMode::Live, test::test_limits(), {}});
        s.run_until_idle();
        auto outcome = [](lua::Run& r) { return r.failed ? r.failure.one_line() : std::string("ok"); };
        first = outcome(a), second = outcome(b), dry = outcome(c), many_a = outcome(d), many_b = outcome(e);
    });
    CHECK(first == "ok");
    CHECK(dry == "ok");  // a dry run changes nothing: never refused
    CHECK(many_a == "ok");
    CHECK(many_b == "ok");
    CHECK(second.find("drain_store is already running live (run 1, process ") != std::string::npos);
    CHECK(second.find("concurrency = \"one\"") != std::string::npos);
    // Refused before the body: no step of the second run was journaled.
    auto runs = journal.list();
    REQUIRE(runs.size() == 5);
    CHECK(runs[3].status == "failed");
    CHECK(journal.steps(runs[3].id).empty());
    CHECK(journal.steps(runs[4].id).size() == 1);
}

TEST_CASE("journal: a header with an unknown concurrency is a header error", "[journal][concurrency]") {
    lua::RunServices inner;
    lua::SimClock clock([](double) {});
    std::string out;
    lua::run_on_vm_thread([&] {
        lua::Scheduler s(clock, inner);
        auto& r = s.submit({"bad.lua", "return runbook.define{ name = 'bad', concurrency = 'two', run = function() end }",
                            lua::RunMode::Live, test::test_limits(), {}});
        s.run_until_idle();
        out = r.failed ? r.failure.one_line() : "ok";
    });
    CHECK(out.find("concurrency") != std::string::npos);
    CHECK(out.find("\"one\"") != std::string::npos);
}
