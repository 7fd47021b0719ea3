// bindings/drill/test_runner.cpp: the `medic test` runner (test_runner.hpp).
#include "bindings/drill/test_runner.hpp"

#include <lua.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "bindings/api/spec.hpp"
#include "bindings/drill/test_context.hpp"
#include "bindings/lua/clock.hpp"
#include "bindings/lua/dispatch.hpp"
#include "bindings/lua/run.hpp"
#include "bindings/lua/sandbox.hpp"
#include "bindings/lua/scheduler.hpp"

namespace medic::api {
extern const ModuleSpec kTestModule;
}

namespace medic::drill {
namespace fs = std::filesystem;

namespace {

bool is_test_file(const fs::path& p) {
    std::string n = p.filename().string();
    return n.size() > 9 && n.substr(n.size() - 9) == "_test.lua";
}

/// Install the `test` table as a global of the test state (raw: the
/// globals refuse writes from Lua). stack: -
void install_test_module(lua_State* L) {
    lua_createtable(L, 0, int(api::kTestModule.fns.size()));  // stack: T
    for (const auto& fn : api::kTestModule.fns) {
        lua::push_api_function(L, fn);  // stack: T, f
        lua_setfield(L, -2, fn.name);   // stack: T
    }
    lua_pushvalue(L, LUA_GLOBALSINDEX);  // stack: T, E
    lua_pushstring(L, "test");           // stack: T, E, "test"
    lua_pushvalue(L, -3);                // stack: T, E, "test", T
    lua_rawset(L, -3);                   // stack: T, E
    lua_pop(L, 2);                       // stack: -
}

/// tostring(value at top) through the sandbox's tostring (honours the host
/// error objects' __tostring); pops the value. stack: v -> -
std::string pop_message(lua_State* L) {
    lua_getfield(L, LUA_GLOBALSINDEX, "tostring");  // stack: v, tostring
    lua_insert(L, -2);                               // stack: tostring, v
    std::string out = "error object";
    if (lua_pcall(L, 1, 1, 0) == 0 && lua_isstring(L, -1)) out = lua_tostring(L, -1);
    lua_pop(L, 1);
    return out;
}

struct Case {
    std::string name;
    int fn_ref = LUA_NOREF;
    std::string pending;  ///< non-empty: known not to pass yet, with the reason (reported, not run)
};

/// Load the file and collect its cases. stack: - (cases referenced in the registry)
bool load_cases(lua_State* L, const std::string& file, std::vector<Case>& cases, std::string& err) {
    std::string src;
    try {
        src = read_text_file(file);
    } catch (const std::exception& e) {
        err = e.what();
        return false;
    }
    std::string chunk = "@" + lua::chunk_name_for(file);
    if (luaL_loadbufferx(L, src.data(), src.size(), chunk.c_str(), "t") != 0 || lua_pcall(L, 0, 1, 0) != 0) {
        err = pop_message(L);
        return false;
    }
    if (!lua_istable(L, -1)) {
        lua_pop(L, 1);
        err = "a test file must return a list of cases: { { name = \"...\", run = function() ... end }, ... }";
        return false;
    }
    for (int i = 1;; i++) {
        lua_rawgeti(L, -1, i);  // stack: list, case
        if (lua_isnil(L, -1)) {
            lua_pop(L, 1);
            break;
        }
        lua_getfield(L, -1, "name");  // stack: list, case, name
        lua_getfield(L, -2, "run");   // stack: list, case, name, run
        if (!lua_isstring(L, -2) || !lua_isfunction(L, -1)) {
            lua_pop(L, 4);
            err = "case " + std::to_string(i) + " must be a table { name = string, run = function }";
            return false;
        }
        Case c{lua_tostring(L, -2)};
        c.fn_ref = luaL_ref(L, LUA_REGISTRYINDEX);  // stack: list, case, name
        lua_getfield(L, -2, "pending");              // stack: list, case, name, pending
        if (lua_type(L, -1) == LUA_TSTRING) c.pending = lua_tostring(L, -1);
        lua_pop(L, 3);                               // stack: list
        cases.push_back(std::move(c));
    }
    lua_pop(L, 1);
    return true;
}

}  // namespace

std::vector<std::string> find_test_files(const std::vector<std::string>& paths, std::string& error) {
    std::vector<std::string> out;
    for (const auto& p : paths) {
        std::error_code ec;
        if (fs::is_directory(p, ec)) {
            std::vector<std::string> found;
            for (const auto& e : fs::directory_iterator(p, ec))
                if (e.is_regular_file() && is_test_file(e.path())) found.push_back(e.path().string());
            std::sort(found.begin(), found.end());
            out.insert(out.end(), found.begin(), found.end());
        } else if (fs::is_regular_file(p, ec)) {
            out.push_back(p);
        } else {
            error = p + ": no such file or directory";
            return {};
        }
    }
    return out;
}

void run_test_file(const std::string& file, const TestOptions& o, TestSummary& sum, std::FILE* out) {
    sum.files++;
    std::string base = lua::chunk_name_for(file);
    TestContext ctx;
    ctx.dir = fs::path(file).parent_path().string();
    if (ctx.dir.empty()) ctx.dir = ".";
    lua::Run host;
    host.file = file;
    host.chunk = base;
    host.mode = lua::RunMode::Live;
    host.limits.memory_bytes = size_t(256) << 20;
    host.limits.cpu_s = 600;
    lua::RealClock clock;  // log lines of the test file itself are timed on it
    host.clock = &clock;
    ctx.host_run = &host;
    set_current_test(&ctx);
    auto fail = [&](const std::string& name, const std::string& msg) {
        sum.failed++;
        sum.failures.push_back(base + ": " + name + ": " + msg);
        std::fprintf(out, "FAIL %s: %s\n     %s\n", base.c_str(), name.c_str(), msg.c_str());
    };
    std::string err = lua::create_sandbox(host);
    if (!err.empty()) {
        fail("(load)", err);
        set_current_test(nullptr);
        return;
    }
    lua_State* L = host.L;
    install_test_module(L);
    std::vector<Case> cases;
    if (!load_cases(L, file, cases, err)) fail("(load)", err);
    for (auto& c : cases) {
        std::string label = base + ": " + c.name;
        if (!o.filter.empty() && label.find(o.filter) == std::string::npos) continue;
        if (!c.pending.empty()) {
            sum.pending++;
            std::fprintf(out, "SKIP %s: %s (pending: %s)\n", base.c_str(), c.name.c_str(), c.pending.c_str());
            continue;
        }
        auto t0 = std::chrono::steady_clock::now();
        int runs0 = ctx.runs;
        double sim0 = ctx.sim_seconds;
        lua_rawgeti(L, LUA_REGISTRYINDEX, c.fn_ref);  // stack: fn
        int rc = lua_pcall(L, 0, 0, 0);
        double real = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (rc != 0) {
            fail(c.name, pop_message(L));
        } else {
            sum.passed++;
            std::fprintf(out, "ok   %s: %s (%d run(s), %.0f s simulated, %.1f s)\n", base.c_str(), c.name.c_str(),
                         ctx.runs - runs0, ctx.sim_seconds - sim0, real);
        }
        std::fflush(out);
        host.termination = lua::Termination::None;  // a case that hit a limit must not poison the next
    }
    host.ended = true;
    lua_close(L);
    host.L = nullptr;
    ctx.session.reset();
    set_current_test(nullptr);
}

}  // namespace medic::drill
