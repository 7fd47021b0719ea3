// tests/bindings/scheduler_test.cpp: runs as coroutines on the scheduler:
// many waiting runs at once on simulated time, wait_until, approvals across
// runs, compensation in reverse order, cancel while waiting and while busy.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <thread>

#include "bindings/lua/clock.hpp"
#include "bindings/lua/scheduler.hpp"
#include "bindings/lua/stamp.hpp"
#include "bindings/lua/vm_thread.hpp"
#include "run_helper.hpp"

using namespace medic;
using medic::test::run_lua;
using medic::test::wrap_body;

namespace {

/// Approvals decided by the test: summary "yes..." approves after 3 polls,
/// anything else is rejected; actions are planned with a fixed result.
struct FakeServices : lua::RunServices {
    int approvals = 0;
    std::function<lua::Suspension::Poll()> request_approval(lua::Run&, const lua::ApprovalRequest& req) override {
        approvals++;
        auto polls = std::make_shared<int>(0);
        bool yes = req.summary.rfind("yes", 0) == 0;
        return [polls, yes]() {
            lua::Suspension::Poll p;
            if (++*polls < 3) return p;
            p.state = yes ? lua::Suspension::State::Done : lua::Suspension::State::Failed;
            p.value = api::Value::boolean(true);
            p.error = {api::ErrorCode::E_APPROVAL_REJECTED, "rejected by alice: not now"};
            return p;
        };
    }
    lua::ActionOutcome submit_action(lua::Run& r, std::string_view, const lua::ActionArgs& args) override {
        lua::ActionOutcome o;
        o.state = r.dry_run() ? lua::ActionOutcome::State::Planned : lua::ActionOutcome::State::Succeeded;
        o.result.status = r.dry_run() ? "dry_run" : "succeeded";
        o.result.audit_id = 7;
        o.result.description = "planned with " + std::to_string(args.to_map().m->size()) + " params";
        return o;
    }
};

/// Plans every action (dry-run) so undo functions can act.
struct FakeServicesForUndo : lua::RunServices {
    lua::ActionOutcome submit_action(lua::Run&, std::string_view, const lua::ActionArgs&) override {
        lua::ActionOutcome o;
        o.state = lua::ActionOutcome::State::Planned;
        o.result.status = "dry_run";
        return o;
    }
};

/// A host call that computes for 2 ms of CPU (as building a big result does).
struct BusyServices : lua::RunServices {
    api::Value incidents() override {
        double t0 = lua::thread_cpu_now();
        volatile double x = 0;
        while (lua::thread_cpu_now() - t0 < 0.002) x = x + 1;
        return api::Value::array();
    }
};

}  // namespace

TEST_CASE("scheduler: CPU burnt inside host calls counts against the CPU limit", "[scheduler]") {
    // Wall time in host calls is not the run's CPU (it may be I/O), but the
    // thread's CPU time in them is: a loop of expensive reads must end on the
    // CPU limit, not run until the deadline.
    BusyServices svc;
    auto out = run_lua(wrap_body("while true do cluster.incidents() end"), medic::test::test_limits(),
                       lua::RunMode::DryRun, {}, &svc);
    CHECK(out.code() == "E_LIMIT_CPU");
    CHECK(out.cpu_s >= 0.3);
}

TEST_CASE("scheduler: a thousand runs wait at once on one thread", "[scheduler]") {
    double advanced = 0;
    lua::SimClock clock([&](double s) { advanced += s; });
    lua::RunServices services;
    size_t ok = 0;
    lua::run_on_vm_thread([&] {
        lua::Scheduler s(clock, services);
        for (int i = 0; i < 1000; i++)
            s.submit({"w" + std::to_string(i) + ".lua", wrap_body("runbook.wait(5) log.info('done')"),
                      lua::RunMode::Live, medic::test::test_limits(), {}});
        CHECK(s.active() == 1000);
        s.run_until_idle();
        for (const auto& r : s.runs()) ok += r->status == lua::RunStatus::Ok && r->logs.size() == 1;
    });
    CHECK(ok == 1000);
    CHECK(advanced == Approx(5.0));  // all waited together, not one after another
}

TEST_CASE("scheduler: wait_until polls on the scheduler clock and times out cleanly", "[scheduler]") {
    auto ok = run_lua(wrap_body("local t0 = runbook.elapsed() "
                                "local v = runbook.wait_until(function() return runbook.elapsed() - t0 >= 3 and 'ready' end, "
                                "{ timeout_s = 10, interval_s = 1 }) assert(v == 'ready') log.info('at ' .. runbook.elapsed())"),
                      medic::test::test_limits(), lua::RunMode::Live);
    CHECK(ok.code() == "ok");
    CHECK(ok.logged("at 3"));
    auto timeout = run_lua(wrap_body("runbook.wait_until(function() return false end, { timeout_s = 2, interval_s = 0.5 })"),
                           medic::test::test_limits(), lua::RunMode::Live);
    CHECK(timeout.code() == "E_WAIT_TIMEOUT");
    CHECK(timeout.message() == "test.lua:2: runbook.wait_until: condition not met within 2 s");
}

TEST_CASE("scheduler: approvals suspend the run; rejection raises a catchable error object", "[scheduler]") {
    FakeServices svc;
    auto approved = run_lua(wrap_body("assert(safety.approve{ summary = 'yes please' } == true) log.info('approved')"),
                            medic::test::test_limits(), lua::RunMode::Live, {}, &svc);
    CHECK(approved.code() == "ok");
    CHECK(approved.logged("approved"));
    auto rejected = run_lua(wrap_body("local ok, e = pcall(safety.approve, { summary = 'no' }) "
                                      "assert(not ok and e.code == runbook.E.APPROVAL_REJECTED, tostring(e)) "
                                      "log.info('handled: ' .. tostring(e)) safety.approve{ summary = 'no again' }"),
                            medic::test::test_limits(), lua::RunMode::Live, {}, &svc);
    CHECK(rejected.code() == "E_APPROVAL_REJECTED");
    CHECK(rejected.logged("handled: test.lua:2: safety.approve: rejected by alice: not now"));
    auto dry = run_lua(wrap_body("assert(safety.approve{ summary = 'no' }) log.info('dry')"), medic::test::test_limits(),
                       lua::RunMode::DryRun, {}, &svc);
    CHECK(dry.code() == "ok");
    CHECK(dry.logged("would ask for approval: no"));
    CHECK(svc.approvals == 3);
}

TEST_CASE("scheduler: compensations run in reverse order after a failure", "[scheduler]") {
    auto out = run_lua(wrap_body(
        "runbook.step('a', function() log.info('do a') end, function() log.info('undo a') end)\n"
        "runbook.step('b', function() log.info('do b') runbook.wait(1) end, function() runbook.wait(1) log.info('undo b') end)\n"
        "runbook.step('c', function() log.info('do c') end)\n"
        "runbook.step('d', function() error('d broke') end, function() log.info('undo d must not run') end)"),
        medic::test::test_limits(), lua::RunMode::Live);
    CHECK(out.code() == "E_SCRIPT");
    CHECK(out.message() == "test.lua:5: d broke");
    std::vector<std::string> msgs;
    for (const auto& l : out.logs) msgs.push_back(l.message);
    std::vector<std::string> expected = {"do a", "do b", "do c", "running compensations for 2 step(s)", "undo b", "undo a"};
    CHECK(msgs == expected);
    REQUIRE(out.steps.size() == 4);
    CHECK(out.steps[0].state == "compensated");
    CHECK(out.steps[1].state == "compensated");
    CHECK(out.steps[2].state == "ok");
    CHECK(out.steps[3].state == "failed");
}

TEST_CASE("scheduler: compensations run after every kind of limit, in a fresh bounded budget", "[scheduler][compensation]") {
    struct LimitCase {
        const char* name;
        const char* failing_body;  // runs after step 'a' (with an undo) finished
        const char* code;
        lua::RunMode mode = lua::RunMode::DryRun;  // Live where the case is about real waiting
    };
    const LimitCase cases[] = {
        {"cpu", "while true do end", "E_LIMIT_CPU"},
        {"cpu swallowed by pcall", "while true do pcall(function() while true do end end) end", "E_LIMIT_CPU"},
        {"memory", "local t = {} while true do t[#t + 1] = ('x'):rep(1000) .. #t end", "E_LIMIT_MEMORY"},
        {"log", "while true do log.info(('x'):rep(1000)) end", "E_LIMIT_LOG"},
        {"actions", "for i = 1, 100 do actions.transfer_leader{ region = i, to_store = 2 } end", "E_LIMIT_ACTIONS"},
        {"nesting", "local function f(s) return (s:gsub('.', f)) end f('abc')", "E_LIMIT_NESTING"},
        {"deadline", "runbook.wait_until(function() return false end, { timeout_s = 1000, interval_s = 1 })",
         "E_LIMIT_WALL", lua::RunMode::Live},
    };
    for (const auto& c : cases) {
        INFO(c.name);
        FakeServicesForUndo svc;
        auto limits = medic::test::test_limits();
        limits.max_actions = 5;
        std::string src = "return runbook.define{ name = 't', deadline_s = 30, run = function(p)\n"
                          "runbook.step('a', function() log.info('do a') end, function()\n"
                          "  log.info('undo a') actions.transfer_leader{ region = 1, to_store = 1 } end)\n" +
                          std::string(c.failing_body) + "\nend }";
        auto out = run_lua(src, limits, c.mode, {}, &svc);
        CHECK(out.code() == c.code);
        CHECK(out.logged("running compensations for 1 step(s)"));
        CHECK(out.logged("undo a"));
        REQUIRE(out.steps.size() == 1);
        CHECK(out.steps[0].state == "compensated");
        CHECK_FALSE(out.steps[0].has_undo);
        // the undo's action went through although the run's own action budget was spent
        REQUIRE_FALSE(out.actions.empty());
        CHECK(out.actions.back().params_json == "{\"region\":1,\"to_store\":1}");
    }
}

TEST_CASE("scheduler: a runaway undo is stopped by the compensation budget and the journal says what was left",
          "[scheduler][compensation]") {
    auto out = run_lua(wrap_body("runbook.step('a', function() end, function() log.info('undo a') end)\n"
                                 "runbook.step('b', function() end, function() while true do end end)\n"
                                 "error('boom')"));
    CHECK(out.code() == "E_SCRIPT");
    CHECK(out.message() == "test.lua:4: boom");  // the run's own failure stands
    REQUIRE(out.steps.size() == 2);
    CHECK(out.steps[1].state == "compensation_failed");
    CHECK(out.steps[1].error.find("cpu time limit exceeded") != std::string::npos);
    CHECK(out.steps[0].state == "not_compensated");
    CHECK(out.steps[0].error == "not compensated: the compensation stopped: cpu time limit exceeded");
    CHECK_FALSE(out.logged("undo a"));
}

TEST_CASE("scheduler: a cancel without compensation leaves the steps marked not_compensated", "[scheduler][compensation]") {
    lua::Scheduler* sched = nullptr;
    lua::Run* run = nullptr;
    lua::SimClock clock([&](double) {
        if (run && clock.now() >= 10) sched->cancel(*run, false);
    });
    lua::RunServices services;
    std::vector<lua::StepRecord> steps;
    lua::run_on_vm_thread([&] {
        lua::Scheduler s(clock, services);
        sched = &s;
        run = &s.submit({"c.lua", wrap_body("runbook.step('x', function() end, function() log.info('undo x') end) "
                                            "runbook.wait(100)"),
                         lua::RunMode::Live, medic::test::test_limits(), {}});
        s.run_until_idle();
        steps = run->steps;
    });
    REQUIRE(steps.size() == 1);
    CHECK(steps[0].state == "not_compensated");
    CHECK(steps[0].error == "not compensated: the run was cancelled without compensation");
}

TEST_CASE("scheduler: cancel stops a waiting run and runs compensations when asked", "[scheduler]") {
    lua::Scheduler* sched = nullptr;
    lua::Run* run = nullptr;
    lua::SimClock clock([&](double) {
        if (run && clock.now() >= 10) sched->cancel(*run, true);
    });
    lua::RunServices services;
    lua::RunStatus status{};
    std::vector<std::string> msgs;
    lua::run_on_vm_thread([&] {
        lua::Scheduler s(clock, services);
        sched = &s;
        run = &s.submit({"c.lua", wrap_body("runbook.step('x', function() end, function() log.info('undo x') end) "
                                            "for i = 1, 100 do runbook.wait(5) end log.info('never')"),
                         lua::RunMode::Live, medic::test::test_limits(), {}});
        s.run_until_idle();
        status = run->status;
        for (const auto& l : run->logs) msgs.push_back(l.message);
    });
    CHECK(status == lua::RunStatus::Cancelled);
    CHECK(std::find(msgs.begin(), msgs.end(), "undo x") != msgs.end());
    CHECK(std::find(msgs.begin(), msgs.end(), "never") == msgs.end());
}

TEST_CASE("scheduler: cancel from another thread stops a busy run", "[scheduler]") {
    lua::RealClock clock;
    lua::RunServices services;
    std::atomic<lua::Run*> run{nullptr};
    lua::Scheduler* sched = nullptr;
    std::thread canceller([&] {
        while (run.load() == nullptr) std::this_thread::sleep_for(std::chrono::milliseconds(5));
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        sched->cancel(*run.load(), false);
    });
    std::string code;
    lua::run_on_vm_thread([&] {
        lua::Scheduler s(clock, services);
        sched = &s;
        auto limits = medic::test::test_limits();
        limits.cpu_s = 60;
        lua::Run& r = s.submit({"busy.lua", wrap_body("while true do end"), lua::RunMode::DryRun, limits, {}});
        run = &r;
        s.run_until_idle();
        code = api::error_code_name(r.failure.code);
    });
    canceller.join();
    CHECK(code == "E_CANCELLED");
}

TEST_CASE("actions: dry-run returns the planned action; argument errors never reach the engine", "[actions]") {
    FakeServices svc;
    auto out = run_lua(wrap_body("local r = actions.transfer_leader{ region = 12, to_store = 4 } "
                                 "assert(r.action == 'transfer_leader') log.info(r.description) "
                                 "local ok, e = pcall(actions.transfer_leader, { region = 12, to_store = '4' }) "
                                 "assert(e.code == 'E_ARG_TYPE' and e.subject == 'to_store') "
                                 "actions.transfer_leader{ region = 13, to_store = 5 }"),
                       medic::test::test_limits(), lua::RunMode::DryRun, {}, &svc);
    CHECK(out.code() == "ok");
    CHECK(out.logged("planned with 2 params"));
    REQUIRE(out.actions.size() == 2);
    CHECK(out.actions[0].params_json == "{\"region\":12,\"to_store\":4}");
    CHECK(out.actions[0].outcome == "planned");
    CHECK(out.actions[0].audit_id == "7");
    CHECK(out.actions[0].where == "test.lua:2");
    auto limits = medic::test::test_limits();
    limits.max_actions = 3;
    auto flood = run_lua(wrap_body("for i = 1, 10 do pcall(actions.transfer_leader, { region = i, to_store = 4 }) end"),
                         limits, lua::RunMode::DryRun, {}, &svc);
    CHECK(flood.code() == "E_LIMIT_ACTIONS");
    CHECK(flood.actions.size() == 3);
}

// The dispatcher charges host calls by stamps (rdtsc where the kernel's
// clocksource is the TSC). Each stamp is read between two monotonic
// readings, so the true interval is bracketed whatever the scheduler does
// meanwhile: this checks the calibration, not speed.
TEST_CASE("clock: stamps measure an interval as the monotonic clock does", "[clock]") {
    double m0a = lua::mono_now();
    uint64_t s0 = lua::stamp_now();
    double m0b = lua::mono_now();
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    double m1a = lua::mono_now();
    uint64_t s1 = lua::stamp_now();
    double m1b = lua::mono_now();
    double span = lua::stamp_span_s(s0, s1);
    CHECK(span >= (m1a - m0b) * 0.99 - 1e-6);
    CHECK(span <= (m1b - m0a) * 1.01 + 1e-6);
    CHECK(lua::stamp_span_s(s1, s0) == 0);
}

// runbook_line asks each frame for its line only: the host's own chunks
// are stripped bytecode (line 0), so a host frame between the runbook and
// the action (the action wrapper, pcall, the prelude's xpcall and
// wait_until loop)
// must never be taken for the runbook's position.
TEST_CASE("actions: the record and errors name the runbook's line through host frames", "[actions]") {
    FakeServices svc;
    auto out = run_lua(wrap_body("actions.transfer_leader{ region = 12, to_store = 4 }\n"
                                 "pcall(actions.transfer_leader, { region = 13, to_store = 4 })\n"
                                 "xpcall(actions.transfer_leader, function(e) return e end,\n"
                                 "  { region = 14, to_store = 4 })\n"
                                 "runbook.wait_until(actions.transfer_leader, { timeout_s = 1 })"),
                       medic::test::test_limits(), lua::RunMode::DryRun, {}, &svc);
    REQUIRE(out.actions.size() == 3);
    CHECK(out.actions[0].where == "test.lua:2");
    CHECK(out.actions[1].where == "test.lua:3");
    CHECK(out.actions[2].where == "test.lua:4");  // xpcall: the prelude's xpcall, then pcall
    // wait_until calls the action from the prelude (a host Lua frame) with
    // no arguments: the error points at the runbook's wait_until line.
    CHECK(out.code() == "E_ARG_TYPE");
    CHECK(out.failure.where == "test.lua:6");
}

// An error raised inside the host's prelude carries the host chunk's
// position ("medic:0"): the failure names the runbook's line instead.
TEST_CASE("errors: a failure inside the host's prelude points at the runbook's line", "[errors]") {
    auto out = run_lua(wrap_body("local x = 1\nxpcall(function() error('y') end, 5)"));
    CHECK(out.code() == "E_SCRIPT");
    CHECK(out.failure.where == "test.lua:3");
    CHECK(out.failure.message == "attempt to call a number value");
}

TEST_CASE("runbook: parameters from --arg are checked against the header", "[runbook]") {
    std::string src = "return runbook.define{ name = 'p', params = { store = { type = 'integer', required = true }, "
                      "note = { type = 'string', default = 'none' } }, run = function(p) "
                      "log.info(p.store .. ' ' .. p.note) end }";
    auto ok = run_lua(src, medic::test::test_limits(), lua::RunMode::DryRun, {{"store", "4"}});
    CHECK(ok.code() == "ok");
    CHECK(ok.logged("4 none"));
    auto bad = run_lua(src, medic::test::test_limits(), lua::RunMode::DryRun, {{"store", "0x10"}});
    CHECK(bad.code() == "E_PARAM");
    CHECK(bad.message() == "test.lua: --arg store: must be an integer, got \"0x10\"");
    auto unknown = run_lua(src, medic::test::test_limits(), lua::RunMode::DryRun, {{"store", "4"}, {"stroe", "4"}});
    CHECK(unknown.message() == "test.lua: --arg stroe: the runbook declares no parameter 'stroe'");
}

TEST_CASE("scheduler: the header's deadline ends a waiting run with E_LIMIT_WALL", "[scheduler]") {
    auto out = run_lua("return runbook.define{ name = 'd', deadline_s = 5, run = function(p)\n"
                       "  runbook.wait_until(function() return false end, { timeout_s = 100, interval_s = 1 })\nend }",
                       medic::test::test_limits(), lua::RunMode::Live);
    CHECK(out.code() == "E_LIMIT_WALL");
    CHECK(out.message() == "test.lua:2: wall-clock deadline exceeded");
}

TEST_CASE("scheduler: a wait with no room left before the deadline is the wall limit, not a bad argument",
          "[scheduler]") {
    // 0.0005 s are left when the second wait asks for 0.001 s: the deadline
    // has come (no wait is shorter than kMinWaitS), so E_LIMIT_WALL. A wait
    // that is merely too long for the time left stays an argument error.
    auto tiny = run_lua("return runbook.define{ name = 'd', deadline_s = 1, run = function(p)\n"
                        "  runbook.wait(0.9995)\n  runbook.wait(0.001)\nend }",
                        medic::test::test_limits(), lua::RunMode::Live);
    CHECK(tiny.code() == "E_LIMIT_WALL");
    CHECK(tiny.message() == "test.lua:3: wall-clock deadline exceeded");
    auto too_long = run_lua("return runbook.define{ name = 'd', deadline_s = 1, run = function(p)\n"
                            "  runbook.wait(0.5)\n  runbook.wait(0.6)\nend }",
                            medic::test::test_limits(), lua::RunMode::Live);
    CHECK(too_long.code() == "E_ARG_DOMAIN");
    CHECK(too_long.message() == "test.lua:3: runbook.wait: seconds must be a duration in seconds within the run's "
                                "deadline (number <= 0.5), got 0.6");
}
