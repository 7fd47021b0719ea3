// tests/bindings/dry_run_wait_test.cpp: a dry-run does not wait.
// runbook.wait and runbook.wait_until keep their argument and deadline checks
// in both modes; in a dry-run they log what they would wait for and return at
// once (the simulated clock does not move), in a live run they wait as before.
#include <catch2/catch.hpp>

#include <string>

#include "run_helper.hpp"

using namespace medic;
using medic::test::Outcome;
using medic::test::run_lua;
using medic::test::test_limits;
using medic::test::wrap_body;

namespace {

Outcome dry(const std::string& body) { return run_lua(wrap_body(body)); }
Outcome live(const std::string& body) { return run_lua(wrap_body(body), test_limits(), lua::RunMode::Live); }

/// The log line whose message contains `text`, or nullptr.
const lua::LogLine* line_with(const Outcome& o, const std::string& text) {
    for (const auto& l : o.logs)
        if (l.message.find(text) != std::string::npos) return &l;
    return nullptr;
}

}  // namespace

TEST_CASE("dry-run: runbook.wait logs what it would wait and returns at once", "[dry_run_wait]") {
    auto o = dry("local t0 = runbook.elapsed()\n"
                 "runbook.wait(30)\n"
                 "runbook.wait(0.5)\n"
                 "log.info('moved ' .. (runbook.elapsed() - t0))");
    INFO(o.message());
    REQUIRE(o.code() == "ok");
    CHECK(o.logged("moved 0"));
    const lua::LogLine* l = line_with(o, "dry-run: would wait 30 s");
    REQUIRE(l != nullptr);
    CHECK(l->level == "info");
    CHECK(l->where == "test.lua:3");  // wrap_body's run() starts on line 2
    CHECK(o.logged("dry-run: would wait 0.5 s"));
}

TEST_CASE("dry-run: wait_until returns fn's value when it already holds, without a dry-run line",
          "[dry_run_wait]") {
    auto o = dry("local n = 0\n"
                 "local v = runbook.wait_until(function() n = n + 1 return 42 end, { timeout_s = 600 })\n"
                 "log.info('v=' .. tostring(v) .. ' n=' .. n)");
    INFO(o.message());
    REQUIRE(o.code() == "ok");
    CHECK(o.logged("v=42 n=1"));
    CHECK_FALSE(o.logged("dry-run: would wait"));
}

TEST_CASE("dry-run: wait_until calls fn once, logs what it would wait for and returns true", "[dry_run_wait]") {
    auto o = dry("local n = 0\n"
                 "local t0 = runbook.elapsed()\n"
                 "local v = runbook.wait_until(function() n = n + 1 return false end,\n"
                 "  { timeout_s = 600, interval_s = 5, description = 'store 4 is empty' })\n"
                 "local w = runbook.wait_until(function() n = n + 1 return nil end)\n"
                 "log.info('v=' .. tostring(v) .. ' w=' .. tostring(w) .. ' n=' .. n ..\n"
                 "  ' moved ' .. (runbook.elapsed() - t0))");
    INFO(o.message());
    REQUIRE(o.code() == "ok");
    CHECK(o.logged("v=true w=true n=2 moved 0"));
    const lua::LogLine* l = line_with(o, "dry-run: would wait until store 4 is empty");
    REQUIRE(l != nullptr);
    CHECK(l->message == "dry-run: would wait until store 4 is empty, at most 600 s");  // the place is in `where`
    CHECK(l->level == "info");
    CHECK(l->where == "test.lua:4");  // the runbook's line, not the prelude's
    const lua::LogLine* w = line_with(o, "dry-run: would wait until the condition holds");
    REQUIRE(w != nullptr);
    CHECK(w->message == "dry-run: would wait until the condition holds, at most 60 s");
    CHECK(w->where == "test.lua:6");
}

TEST_CASE("dry-run: an error in wait_until's fn is raised at the runbook's line", "[dry_run_wait]") {
    auto o = dry("runbook.wait_until(function() error('boom') end)");
    CHECK(o.code() != "ok");
    CHECK_THAT(o.message(), Catch::Contains("boom"));
    CHECK_FALSE(o.logged("dry-run: would wait"));
}

TEST_CASE("live: runbook.wait and wait_until still wait on the clock and still time out", "[dry_run_wait]") {
    SECTION("wait moves the clock") {
        auto o = live("local t0 = runbook.elapsed()\n"
                      "runbook.wait(30)\n"
                      "log.info('moved ' .. (runbook.elapsed() - t0 >= 30 and 'enough' or 'too little'))");
        INFO(o.message());
        REQUIRE(o.code() == "ok");
        CHECK(o.logged("moved enough"));
        CHECK_FALSE(o.logged("dry-run"));
    }
    SECTION("wait_until polls until fn holds") {
        auto o = live("local n = 0\n"
                      "local v = runbook.wait_until(function() n = n + 1 return n >= 3 and 'done' end,\n"
                      "  { timeout_s = 60, interval_s = 2 })\n"
                      "log.info('v=' .. v .. ' n=' .. n .. ' t=' .. (runbook.elapsed() >= 4 and 'waited' or 'no'))");
        INFO(o.message());
        REQUIRE(o.code() == "ok");
        CHECK(o.logged("v=done n=3 t=waited"));
        CHECK_FALSE(o.logged("dry-run"));
    }
    SECTION("wait_until times out") {
        auto o = live("runbook.wait_until(function() return false end, { timeout_s = 5, interval_s = 1 })");
        CHECK(o.code() == "E_WAIT_TIMEOUT");
        CHECK_THAT(o.message(), Catch::Contains("condition not met within 5 s"));
        CHECK_FALSE(o.logged("dry-run"));
    }
}

TEST_CASE("wait and wait_until refuse the same bad arguments in a dry-run and in a live run", "[dry_run_wait]") {
    const char* bodies[] = {
        "runbook.wait(-1)",
        "runbook.wait('soon')",
        "runbook.wait()",
        "runbook.wait(0/0)",
        "runbook.wait(1e9)",  // beyond the run's deadline
        "runbook.wait_until(nil)",
        "runbook.wait_until(42)",
        "runbook.wait_until(function() return false end, { timeout_s = -5 })",
        "runbook.wait_until(function() return false end, { interval_s = 'x' })",
        "runbook.wait_until(function() return false end, { description = 7 })",
        "runbook.wait_until(function() return false end, { nope = 1 })",
        "runbook.wait_until(function() return false end, 'opts')",
        // the plan fails where the live run would: no waits in a script coroutine
        "coroutine.wrap(function() runbook.wait(1) end)()",
        "coroutine.wrap(function() runbook.wait_until(function() return false end) end)()",
    };
    for (const char* body : bodies) {
        INFO(body);
        auto d = dry(body);
        auto l = live(body);
        CHECK(d.code() != "ok");
        CHECK(d.code() == l.code());
        CHECK(d.message() == l.message());
        CHECK(d.failure.where == l.failure.where);
        CHECK_FALSE(d.logged("dry-run: would wait"));
    }
}

TEST_CASE("a wait longer than the runbook's own deadline is refused in both modes", "[dry_run_wait]") {
    std::string src = "return runbook.define{ name = 't', deadline_s = 100, run = function(p)\n"
                      "  runbook.wait(200)\nend }\n";
    auto d = run_lua(src);
    auto l = run_lua(src, test_limits(), lua::RunMode::Live);
    CHECK(d.code() == "E_ARG_DOMAIN");
    CHECK(d.code() == l.code());
    CHECK(d.message() == l.message());
}

TEST_CASE("dry-run: an endless loop of waits ends by a limit instead of hanging", "[dry_run_wait]") {
    // Nothing suspends, so the loop is plain script work: the log budget (a
    // line per wait) or the CPU limit ends it, whichever comes first.
    auto o = dry("while true do runbook.wait(1) end");
    INFO(o.message());
    CHECK((o.code() == "E_LIMIT_LOG" || o.code() == "E_LIMIT_CPU"));
    CHECK(o.logged("dry-run: would wait 1 s"));
}

TEST_CASE("wait_until whose condition already holds returns inside a script coroutine in both modes",
          "[dry_run_wait]") {
    const char* body = "local v = coroutine.wrap(function() return runbook.wait_until(function() return 'yes' end) end)()\n"
                       "log.info('v=' .. v)";
    for (auto mode : {lua::RunMode::DryRun, lua::RunMode::Live}) {
        auto o = run_lua(wrap_body(body), test_limits(), mode);
        INFO(lua::kRunModeNames[size_t(mode)] << ": " << o.message());
        CHECK(o.code() == "ok");
        CHECK(o.logged("v=yes"));
    }
}
