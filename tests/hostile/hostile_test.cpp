// tests/hostile/hostile_test.cpp: the hostile corpus against `medic run`.
//
// Every tests/hostile/scripts/*.lua says in its header what must happen
// (harness.hpp); each runs in its own `medic run --json` child (dry-run,
// small limits, a shared pdsim) several at a time, and must end exactly so:
// no signal, no hang, the exit code, one JSON object with the expected
// status/code/message, one clear stderr line, no file written. Scripts
// marked known-failing are reported as warnings. Then several hostile files
// run in one process (tests/hostile/multi/), between two probes that must see
// the same untouched sandbox; and inputs a text file cannot hold (bytecode at
// byte 0, a file over 1 MiB, absurd nesting) are generated here.
#include <catch2/catch.hpp>

#include <lua.hpp>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "cli/child.hpp"
#include "bindings/lua/vm_thread.hpp"
#include "harness.hpp"
#include "support/pdsim_process.hpp"

namespace fs = std::filesystem;
using namespace medic::hostile;

namespace {

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

struct Script {
    std::string name, path;
    Expectation expect;
    ChildResult result;
    std::vector<std::string> problems;
};

std::vector<Script> load_scripts(const fs::path& dir) {
    std::vector<Script> out;
    const char* filter = std::getenv("MEDIC_HOSTILE_FILTER");
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.path().extension() != ".lua") continue;
        std::string name = entry.path().filename().string();
        if (filter && *filter && name.find(filter) == std::string::npos) continue;
        fs::path sidecar = entry.path().string() + ".expect";
        Script s{name, entry.path().string(), {}, {}, {}};
        s.expect = parse_expectation(slurp(entry.path()), fs::exists(sidecar) ? slurp(sidecar) : "");
        out.push_back(std::move(s));
    }
    std::sort(out.begin(), out.end(), [](const Script& a, const Script& b) { return a.name < b.name; });
    return out;
}

int jobs() {
    const char* j = std::getenv("MEDIC_HOSTILE_JOBS");
    int n = j ? std::atoi(j) : 4;
    return std::clamp(n, 1, 16);
}

/// Run every script (several children at once) and judge each.
void run_all(std::vector<Script>& scripts, const RunSettings& settings) {
    std::atomic<size_t> next{0};
    auto worker = [&] {
        for (size_t i = next++; i < scripts.size(); i = next++) {
            Script& s = scripts[i];
            if (!s.expect.problem.empty()) {
                s.problems = {"header: " + s.expect.problem};
                continue;
            }
            s.result = run_medic(settings, {s.path}, s.expect.flags);
            s.problems = judge(s.expect, s.result, settings);
        }
    };
    std::vector<std::thread> pool;
    for (int i = 0; i < jobs(); i++) pool.emplace_back(worker);
    for (auto& t : pool) t.join();
}

std::string describe(const Script& s) {
    std::string out = s.name + ":";
    for (const auto& p : s.problems) out += "\n    - " + p;
    return out;
}

/// Report: failures fail the test, known-failing scripts warn.
void report(const std::vector<Script>& scripts, const char* what) {
    size_t failed = 0, known = 0, fixed = 0;
    for (const auto& s : scripts) {
        if (!s.expect.known_failing.empty()) {
            if (s.problems.empty()) {
                fixed++;
                WARN(s.name << " passes now: remove its known-failing line (" << s.expect.known_failing << ")");
            } else {
                known++;
                WARN("known-failing " << describe(s) << "\n    reason: " << s.expect.known_failing);
            }
        } else if (!s.problems.empty()) {
            failed++;
            FAIL_CHECK(describe(s));
        }
    }
    std::printf("%s: %zu scripts, %zu failed, %zu known-failing, %zu marked known-failing but passing\n", what,
                scripts.size(), failed, known, fixed);
}

RunSettings base_settings() {
    RunSettings s;
    s.medic = MEDIC_BIN;
    s.pdsim_bin = medic::test::pdsim_binary();
    return s;
}

void remove_canaries() {
    for (const char* const* c = kCanaries; *c; c++) fs::remove(*c);
}

}  // namespace

TEST_CASE("hostile corpus: every script ends as its header says", "[hostile]") {
    remove_canaries();
    std::vector<Script> scripts = load_scripts(fs::path(HOSTILE_DIR) / "scripts");
    REQUIRE(!scripts.empty());
    // One small simulated cluster for all children (dry runs only read it).
    medic::test::PdsimProcess sim({"--scenario", "balanced", "--stores", "5", "--regions", "60", "--seed", "7"});
    RunSettings settings = base_settings();
    settings.pd_url = sim.url();
    run_all(scripts, settings);
    report(scripts, "hostile corpus");
}

// ---------------------------------------------------------------------------
// several hostile runs in one host process
// ---------------------------------------------------------------------------

TEST_CASE("hostile corpus: hostile runs in one process leave nothing for the next run", "[hostile]") {
    fs::path dir = fs::path(HOSTILE_DIR) / "multi";
    std::vector<Script> files = load_scripts(dir);
    std::vector<std::string> order, paths;
    std::vector<const Script*> expect;
    const Script* probe = nullptr;
    for (const auto& f : files)
        if (f.name == "probe.lua") probe = &f;
    REQUIRE(probe != nullptr);
    // probe, every polluter, probe again: the two probes must print the same fingerprint.
    expect.push_back(probe);
    for (const auto& f : files)
        if (&f != probe) expect.push_back(&f);
    expect.push_back(probe);
    for (const Script* s : expect) {
        REQUIRE(s->expect.problem.empty());
        paths.push_back(s->path);
    }
    RunSettings settings = base_settings();  // embedded pdsim: medic run's default
    settings.kill_after_s = 90;
    ChildResult r = run_medic(settings, paths, {});
    INFO("stderr:\n" << r.err.substr(0, 4000));
    REQUIRE_FALSE(r.timed_out);
    REQUIRE(r.signal == 0);
    CHECK(r.exit_code == 1);
    std::vector<std::string> problems;
    std::vector<RunJson> runs = parse_runs(r.out, problems);
    CHECK(problems.empty());
    REQUIRE(runs.size() == expect.size());
    size_t failures = 0;
    for (size_t i = 0; i < runs.size(); i++) {
        std::vector<std::string> p;
        judge_run(expect[i]->expect, runs[i], settings, settings.cpu_limit_s, p);
        failures += runs[i].status != "ok";
        for (const auto& x : p) FAIL_CHECK(expect[i]->name << " (run " << i + 1 << "): " << x);
    }
    std::string fp_first, fp_last;
    for (const auto& l : runs.front().logs)
        if (l.rfind("fingerprint ", 0) == 0) fp_first = l;
    for (const auto& l : runs.back().logs)
        if (l.rfind("fingerprint ", 0) == 0) fp_last = l;
    CHECK(!fp_first.empty());
    CHECK(fp_first == fp_last);
    // one stderr line per failed run (the embedded pdsim's notice aside)
    size_t lines = 0;
    std::istringstream err(r.err);
    for (std::string l; std::getline(err, l);) lines += l.find("started an embedded pdsim") == std::string::npos;
    CHECK(lines == failures);
    for (const auto& f : r.stray_files) FAIL_CHECK("a file appeared in the working directory: " << f);
}

// ---------------------------------------------------------------------------
// inputs a text file in the corpus cannot be
// ---------------------------------------------------------------------------

namespace {

int write_chunk(lua_State*, const void* p, size_t sz, void* ud) {
    static_cast<std::string*>(ud)->append(static_cast<const char*>(p), sz);
    return 0;
}

/// Real LuaJIT bytecode of `src` (what string.dump would give).
std::string bytecode_of(const std::string& src) {
    lua_State* L = luaL_newstate();
    std::string out;
    if (luaL_loadbuffer(L, src.data(), src.size(), "=x") == 0) lua_dump(L, write_chunk, &out);
    lua_close(L);
    return out;
}

}  // namespace

TEST_CASE("hostile corpus: bytecode, oversized and degenerate files are refused cleanly", "[hostile]") {
    remove_canaries();
    medic::test::TempDir t("medic-hostile-gen");
    // Would write the canary if it ever ran.
    std::string payload = bytecode_of(
        "local f = io.open('/tmp/medic_hostile_canary', 'w') f:write('pwned') f:close() "
        "return runbook.define{ name = 'b', run = function() end }");
    REQUIRE(payload.size() > 4);
    struct Gen {
        std::string name, text, expect;
    };
    std::string nested = "local x = ";
    for (int i = 0; i < 200000; i++) nested += "(";
    std::string big = "-- " + std::string(size_t(1) << 20, 'x') + "\nreturn runbook.define{ name = 'big', run = function() end }\n";
    const Gen gens[] = {
        {"bytecode.lua", payload, "-- expect: error E_SYNTAX\n-- message: wrong mode"},
        {"bytecode_shebang.lua", "#!/usr/bin/env medic\n" + payload, "-- expect: error E_SYNTAX"},
        {"bytecode_bom.lua", "\xEF\xBB\xBF" + payload, "-- expect: error E_SYNTAX"},
        {"bytecode_truncated.lua", payload.substr(0, payload.size() / 2), "-- expect: error E_SYNTAX"},
        {"empty.lua", "", "-- expect: error E_HEADER"},
        {"nul_only.lua", std::string(4096, '\0'), "-- expect: error E_SYNTAX"},
        {"nested_parens.lua", nested, "-- expect: error E_SYNTAX"},
        {"over_1mib.lua", big, "-- expect: exit 1\n-- message: larger than 1 MiB"},
    };
    RunSettings settings = base_settings();
    std::vector<Script> scripts;
    for (const auto& g : gens) {
        Script s{g.name, t.write(g.name, g.text), parse_expectation("", g.expect), {}, {}};
        scripts.push_back(std::move(s));
    }
    Script missing{"missing.lua", t / "does_not_exist.lua", parse_expectation("", "-- expect: exit 1"), {}, {}};
    scripts.push_back(std::move(missing));
    Script dir{"directory.lua", t.path,
               parse_expectation("", "-- expect: exit 1\n-- message: Is a directory"),
               {}, {}};
    scripts.push_back(std::move(dir));
    run_all(scripts, settings);
    report(scripts, "generated inputs");
}

// ---------------------------------------------------------------------------
// the backstop: a VM stuck where no limit check reaches ends the process
// ---------------------------------------------------------------------------

namespace {

/// Fork a child that runs `slice` as a slice on the VM thread with a 0.3 s
/// watchdog, and return its exit code (-1: killed or still running at 20 s).
int exit_code_of_slice(void (*slice)()) {
    pid_t pid = fork();
    if (pid == 0) {
        setenv("MEDIC_VM_WATCHDOG_S", "0.3", 1);
        medic::lua::run_on_vm_thread([slice] {
            medic::lua::vm_slice_begin();
            slice();
            medic::lua::vm_slice_end();
        });
        _exit(0);
    }
    for (int i = 0; i < 2000; i++) {
        int status = 0;
        if (waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    return -1;
}

/// Burn `seconds` of CPU, beating the heartbeat every ~1 ms when `beat`.
void spin(double seconds, bool beat) {
    auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    volatile unsigned long x = 0;
    while (std::chrono::steady_clock::now() < end) {
        for (int i = 0; i < 100000; i++) x = x + i;
        if (beat) medic::lua::vm_heartbeat();
    }
}

}  // namespace

TEST_CASE("hostile corpus: the VM watchdog ends a process stuck where no limit check reaches", "[hostile]") {
    // Stuck: CPU without a single limit check (what a C function no guard
    // sees would look like): the process reports and exits, never hangs.
    CHECK(exit_code_of_slice([] { spin(8, false); }) == medic::lua::kWatchdogExitCode);
    // Busy but checking its limits, or blocked in I/O without CPU: untouched.
    CHECK(exit_code_of_slice([] { spin(1.5, true); }) == 0);
    CHECK(exit_code_of_slice([] { std::this_thread::sleep_for(std::chrono::milliseconds(1500)); }) == 0);
}
