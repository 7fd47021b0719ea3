// bench/lua/bench_lua.cpp: prints the Lua host's figures for bench/RESULTS.md.
//   raw binding call        safety.dry_run() in a Lua loop (dispatcher, no args)
//   typed action call       actions.transfer_leader{...} in dry-run against an
//                           in-memory action service (table args, checking,
//                           conversion, record; no I/O): once in one long run
//                           (300k records), once in runs of 200 calls (the
//                           default max_actions) as production runs are,
//                           and in runs that journal each action to SQLite
//   sandbox setup           create_sandbox + lua_close; and a whole trivial run
//   1000 suspended runs     RSS growth and Lua heap while all wait
//   JIT off + hook          an arithmetic loop: JIT on / off / off + count hook
//   `bench_lua action`      the typed action call alone (e.g. under callgrind)
//   `bench_lua snippet SETUP CALL [N]`  any Lua statement per call, N calls a run
#include <lua.hpp>

#include <algorithm>
#include <cstring>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "bindings/lua/alloc.hpp"
#include "bindings/lua/journal.hpp"
#include "store/database.hpp"
#include "store/run_journal.hpp"
#include "bindings/lua/clock.hpp"
#include "bindings/lua/hook.hpp"
#include "bindings/lua/sandbox.hpp"
#include "bindings/lua/scheduler.hpp"
#include "bindings/lua/stamp.hpp"
#include "bindings/lua/vm_thread.hpp"

using namespace medic;

namespace {

struct MemServices : lua::RunServices {
    // Plans without I/O: the result names the action's status, as the
    // engine's planner fills it (the action name and mode are the call's).
    lua::ActionOutcome submit_action(lua::Run&, std::string_view, const lua::ActionArgs&) override {
        lua::ActionOutcome o;
        o.state = lua::ActionOutcome::State::Planned;
        o.result.status = "dry_run";
        return o;
    }
};

std::string body(const std::string& b) {
    return "return runbook.define{ name = 'bench', run = function(p)\n" + b + "\nend }\n";
}

/// Run one runbook, return its log messages.
std::vector<std::string> run_logs(const std::string& src, lua::RunServices& svc) {
    std::vector<std::string> out;
    lua::SimClock clock(nullptr);
    lua::run_on_vm_thread([&] {
        lua::Scheduler s(clock, svc);
        lua::Limits l;
        l.cpu_s = 120;
        l.max_actions = 1 << 30;
        l.memory_bytes = size_t(512) << 20;
        lua::Run& r = s.submit({"bench.lua", src, lua::RunMode::DryRun, l, {}});
        s.run_until_idle();
        if (r.failed) std::fprintf(stderr, "bench run failed: %s\n", r.failure.one_line().c_str());
        for (const auto& line : r.logs) out.push_back(line.message);
    });
    return out;
}

/// Median ns per call of `call` over batches, minus the empty loop.
void per_call(const char* label, const std::string& setup, const std::string& call, lua::RunServices& svc) {
    std::string src = body(setup + "\nlocal clock = os.clock\nlocal n = 20000\n"
                                   "for batch = 1, 15 do\n"
                                   "  local t0 = clock() for i = 1, n do end local t1 = clock()\n"
                                   "  for i = 1, n do " + call + " end local t2 = clock()\n"
                                   "  log.info(tostring(((t2 - t1) - (t1 - t0)) / n * 1e9))\nend");
    auto logs = run_logs(src, svc);
    std::vector<double> v;
    for (const auto& s : logs) v.push_back(std::stod(s));
    if (v.empty()) return;
    std::sort(v.begin(), v.end());
    std::printf("%-44s median %8.1f ns  (min %.1f, max %.1f; %zu batches x 20000)\n", label, v[v.size() / 2], v.front(),
                v.back(), v.size());
}

/// Median ns per call in realistic runs: `runs` runs of `n` calls each (the
/// default max_actions is 200), each timing its calls with os.clock minus an
/// empty loop of the same length. Fresh state per run, as in production.
void per_call_in_runs(const char* label, const std::string& setup, const std::string& call, lua::RunServices& svc,
                      int n = 200, int runs = 1500) {
    std::string src = body(setup + "\nlocal clock = os.clock\nlocal n = " + std::to_string(n) +
                           "\nlocal t0 = clock() for i = 1, n do end local t1 = clock()\n"
                           "for i = 1, n do " + call + " end local t2 = clock()\n"
                           "log.info(tostring(((t2 - t1) - (t1 - t0)) / n * 1e9))");
    std::vector<double> v;
    lua::SimClock clock(nullptr);
    lua::run_on_vm_thread([&] {
        for (int i = 0; i < runs; i++) {
            lua::Scheduler s(clock, svc);
            lua::Run& r = s.submit({"bench.lua", src, lua::RunMode::DryRun, {}, {}});
            s.run_until_idle();
            if (r.failed) std::fprintf(stderr, "bench run failed: %s\n", r.failure.one_line().c_str());
            for (const auto& line : r.logs) v.push_back(std::stod(line.message));
        }
    });
    if (v.empty()) return;
    std::sort(v.begin(), v.end());
    std::printf("%-44s median %8.1f ns  (p10 %.1f, p90 %.1f; %zu runs x %d calls)\n", label, v[v.size() / 2],
                v[v.size() / 10], v[v.size() * 9 / 10], v.size(), n);
}

double now_s() { return lua::mono_now(); }

void sandbox_setup() {
    const int n = 2000;
    std::vector<double> t;
    for (int i = 0; i < n; i++) {
        lua::Run r;
        double t0 = now_s();
        lua::create_sandbox(r);
        lua_close(r.L);
        t.push_back((now_s() - t0) * 1e6);
    }
    std::sort(t.begin(), t.end());
    std::printf("%-44s median %8.1f us  (p90 %.1f)\n", "sandbox setup (create_sandbox + lua_close)", t[n / 2], t[n * 9 / 10]);
    lua::Run r;
    lua::create_sandbox(r);
    std::printf("%-44s %8.1f KiB\n", "heap of one fresh sandboxed state", double(r.alloc.used) / 1024);
    lua_close(r.L);
    lua::RunServices svc;
    lua::SimClock clock(nullptr);
    std::vector<double> whole;
    lua::run_on_vm_thread([&] {
        for (int i = 0; i < 500; i++) {
            lua::Scheduler s(clock, svc);
            double t0 = now_s();
            s.submit({"t.lua", body("local x = 1"), lua::RunMode::DryRun, {}, {}});
            s.run_until_idle();
            whole.push_back((now_s() - t0) * 1e6);
        }
    });
    std::sort(whole.begin(), whole.end());
    std::printf("%-44s median %8.1f us\n", "whole trivial run (setup, load, run, close)", whole[whole.size() / 2]);
}

size_t rss_bytes() {
    std::ifstream in("/proc/self/statm");
    size_t pages = 0, resident = 0;
    in >> pages >> resident;
    return resident * 4096;
}

void suspended_runs() {
    lua::RunServices svc;
    size_t before = rss_bytes(), during = 0, heap = 0;
    lua::Scheduler* sched = nullptr;
    lua::SimClock clock([&](double) {
        if (during) return;
        during = rss_bytes();
        for (const auto& r : sched->runs()) heap += r->alloc.used;
    });
    lua::run_on_vm_thread([&] {
        lua::Scheduler s(clock, svc);
        sched = &s;
        for (int i = 0; i < 1000; i++)
            s.submit({"w.lua", body("local t = {} for i = 1, 10 do t[i] = i end runbook.wait(60) log.info('x')"),
                      lua::RunMode::DryRun, {}, {}});
        s.run_until_idle();
    });
    std::printf("%-44s RSS +%.1f MiB, Lua heaps %.1f MiB\n", "1000 suspended runs", double(during - before) / (1 << 20),
                double(heap) / (1 << 20));
}

double loop_ms(bool jit, bool hook) {
    lua::Run r;
    r.alloc.limit = size_t(64) << 20;
    r.cpu_budget_s = 1e9;
    lua_State* L = lua_newstate(lua::capped_alloc, &r);
    luaL_openlibs(L);  // a bare state for the comparison only (never used for runbooks)
    if (!jit) luaJIT_setmode(L, 0, LUAJIT_MODE_ENGINE | LUAJIT_MODE_OFF);
    if (hook) lua::install_hook(L);
    const char* src = "local x = 0 for i = 1, 3e7 do x = (x + i * 3) % 1000003 end return x";
    luaL_loadbuffer(L, src, std::strlen(src), "=bench");
    double t0 = now_s();
    lua_pcall(L, 0, 1, 0);
    double ms = (now_s() - t0) * 1000;
    lua_close(L);
    return ms;
}

}  // namespace

int main(int argc, char** argv) {
    MemServices svc;
    if (argc > 1 && std::string(argv[1]) == "action") {  // one figure, e.g. under callgrind
        per_call_in_runs("typed action call, dry-run, runs of 200", "local tl = actions.transfer_leader",
                         "tl{ region = 12, to_store = 4 }", svc, 200, 300);
        return 0;
    }
    if (argc > 3 && std::string(argv[1]) == "snippet") {  // any Lua: bench_lua snippet SETUP CALL
        int n = argc > 4 ? std::atoi(argv[4]) : 200;  // calls per run (actions: at most 200)
        per_call_in_runs("snippet", argv[2], argv[3], svc, n, 60000 / n);
        return 0;
    }
    if (argc > 1 && std::string(argv[1]) == "raw") {
        per_call("raw binding call: safety.dry_run()", "local f = safety.dry_run", "f()", svc);
        return 0;
    }
    std::printf("LuaJIT: %s; host-call time stamps: %s\n", LUAJIT_VERSION,
                lua::stamp_uses_tsc() ? "TSC (rdtsc)" : "CLOCK_MONOTONIC");
    per_call("raw binding call: safety.dry_run()", "local f = safety.dry_run", "f()", svc);
    per_call("raw binding call: cluster-free runbook.elapsed()", "local f = runbook.elapsed", "f()", svc);
    per_call("typed action call, dry-run, one run of 300k", "local tl = actions.transfer_leader",
             "tl{ region = 12, to_store = 4 }", svc);
    per_call_in_runs("typed action call, dry-run, runs of 200", "local tl = actions.transfer_leader",
                     "tl{ region = 12, to_store = 4 }", svc);
    per_call("argument error caught by pcall", "local tl = actions.transfer_leader",
             "pcall(tl, { region = 12, to_store = '4' })", svc);
    {
        // The same call as a real dry-run journals it: every action becomes a
        // run_log row in SQLite (a temp file) through JournalServices.
        std::string dir = (std::filesystem::temp_directory_path() / "medic-bench-lua-XXXXXX").string();
        if (mkdtemp(dir.data()) != nullptr) {
            auto db = store::Database::open(dir + "/journal.db");
            store::RunJournal journal(*db);
            lua::JournalServices journaled(journal, svc);
            per_call_in_runs("typed action call, dry-run, journaled (SQLite)", "local tl = actions.transfer_leader",
                             "tl{ region = 12, to_store = 4 }", journaled, 200, 100);
            db.reset();
            std::filesystem::remove_all(dir);
        }
    }
    sandbox_setup();
    suspended_runs();
    std::printf("%-44s JIT on %.0f ms, JIT off %.0f ms, JIT off + hook %.0f ms\n", "arithmetic loop 3e7 iterations",
                loop_ms(true, false), loop_ms(false, false), loop_ms(false, true));
    return 0;
}
