// bindings/lua/sandbox.cpp: create_sandbox (sandbox.hpp).
//
// [SECTION] proxies      read-only tables, undefined-global errors
// [SECTION] libraries    allow-list, guards, patterns, locked string metatable
// [SECTION] modules      API tables from the spec, wrapped by the prelude
// [SECTION] setup        the protected setup function
#include "bindings/lua/sandbox.hpp"

#include <lua.hpp>

#include <cstring>
#include <exception>

#include "bindings/api/spec.hpp"
#include "bindings/lua/alloc.hpp"
#include "bindings/lua/convert.hpp"
#include "bindings/lua/dispatch.hpp"
#include "bindings/lua/action_result.hpp"
#include "bindings/lua/error_object.hpp"
#include "bindings/lua/guards.hpp"
#include "bindings/lua/hook.hpp"
#include "bindings/lua/internals.hpp"
#include "bindings/lua/patterns.hpp"
#include "bindings/lua/prelude.hpp"

namespace medic::lua {
namespace {

constexpr const char* kProtectedKey = "medic.protected";

// ============================================================================
// [SECTION] proxies
// ============================================================================

int readonly_newindex(lua_State* L) {
    const char* name = lua_tostring(L, lua_upvalueindex(1));
    Run* r = run_of(L);
    std::string key = render_actual(L, 2);
    push_error(L, *r, api::ErrorCode::E_GLOBAL, "", "",
               std::string("attempt to modify read-only table '") + name + "' (key " + key + ")", where_of(L, *r));
    return lua_error(L);
}

std::string global_name(lua_State* L, int idx) {
    if (lua_type(L, idx) == LUA_TSTRING) {
        size_t len = 0;
        const char* s = lua_tolstring(L, idx, &len);
        return escape_text({s, len}, 64);
    }
    return "[" + render_actual(L, idx) + "]";
}

int undefined_global_read(lua_State* L) {
    Run* r = run_of(L);
    push_error(L, *r, api::ErrorCode::E_GLOBAL, "", "",
               "runbook attempted to read undefined global '" + global_name(L, 2) + "'", where_of(L, *r));
    return lua_error(L);
}

int global_write(lua_State* L) {
    Run* r = run_of(L);
    push_error(L, *r, api::ErrorCode::E_GLOBAL, "", "",
               "runbook attempted to write global '" + global_name(L, 2) + "' (globals are read-only; use local)",
               where_of(L, *r));
    return lua_error(L);
}

/// Replace the table on top with an empty read-only proxy of it. stack: t -> proxy
void make_proxy(lua_State* L, const char* name) {
    lua_newtable(L);                          // stack: t, proxy
    lua_createtable(L, 0, 3);                 // stack: t, proxy, mt
    lua_pushvalue(L, -3);
    lua_setfield(L, -2, "__index");
    lua_pushstring(L, name);
    lua_pushcclosure(L, readonly_newindex, 1);
    lua_setfield(L, -2, "__newindex");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);                  // stack: t, proxy
    lua_remove(L, -2);                        // stack: proxy
    lua_getfield(L, LUA_REGISTRYINDEX, kProtectedKey);  // stack: proxy, set
    lua_pushvalue(L, -2);
    lua_pushboolean(L, 1);
    lua_rawset(L, -3);                        // set[proxy] = true
    lua_pop(L, 1);                            // stack: proxy
}

// ============================================================================
// [SECTION] libraries
// ============================================================================

void open_lib(lua_State* L, lua_CFunction open, const char* name) {
    lua_pushcfunction(L, open);
    lua_pushstring(L, name);
    lua_call(L, 1, 0);
}

void install_patterns(lua_State* L) {
    lua_getglobal(L, "string");  // stack: string (the table the string metatable indexes)
    const std::pair<const char*, lua_CFunction> fns[] = {
        {"find", str_find}, {"match", str_match}, {"gmatch", str_gmatch}, {"gsub", str_gsub}};
    for (auto [name, fn] : fns) {
        lua_pushcfunction(L, fn);
        lua_setfield(L, -2, name);
    }
    lua_pop(L, 1);
    lua_pushliteral(L, "");        // stack: ""
    lua_getmetatable(L, -1);       // stack: "", mt
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");  // getmetatable("") now returns false
    lua_pop(L, 2);
}

void copy_global(lua_State* L, int to, const char* name) {
    lua_getglobal(L, name);
    lua_setfield(L, to, name);
}

void copy_proxied_lib(lua_State* L, int to, const char* name) {
    lua_getglobal(L, name);  // stack: lib
    make_proxy(L, name);     // stack: proxy
    lua_setfield(L, to, name);
}

/// The internals table I handed to the prelude. stack: +1
void push_internals(lua_State* L, const Run& r) {
    lua_newtable(L);
    int I = lua_gettop(L);
    for (const char* name : {"pcall", "error", "select", "unpack", "rawequal", "tostring", "type"}) {
        lua_getglobal(L, name);
        lua_setfield(L, I, name);
    }
    lua_getglobal(L, "table");
    lua_getfield(L, -1, "concat");
    lua_setfield(L, I, "concat");
    lua_pop(L, 1);
    lua_getglobal(L, "coroutine");
    for (const char* name : {"create", "resume", "yield", "status", "running"}) {
        lua_getfield(L, -1, name);
        lua_setfield(L, I, (std::string("co_") + name).c_str());
    }
    lua_pop(L, 1);
    lua_pushinteger(L, r.limits.max_nesting);
    lua_setfield(L, I, "max_nesting");
    register_internals(L, I);
}

/// The allow-listed globals (before API modules). stack: X -> X, G
void push_globals(lua_State* L, int X) {
    lua_newtable(L);
    int G = lua_gettop(L);
    for (const char* name : {"assert", "error", "ipairs", "next", "pairs", "pcall", "select", "tonumber",
                             "tostring", "type", "unpack", "rawequal", "rawget", "setmetatable",
                             "getmetatable", "_VERSION"})
        copy_global(L, G, name);
    lua_pushcfunction(L, guarded_rawset);
    lua_setfield(L, G, "rawset");
    lua_pushcfunction(L, guarded_collectgarbage);
    lua_setfield(L, G, "collectgarbage");
    for (const char* name : {"xpcall", "print"}) {
        lua_getfield(L, X, name);
        lua_setfield(L, G, name);
    }
    lua_getfield(L, X, "coroutine");
    make_proxy(L, "coroutine");
    lua_setfield(L, G, "coroutine");
    for (const char* name : {"string", "table", "math", "bit"}) copy_proxied_lib(L, G, name);
    push_safe_os(L);
    make_proxy(L, "os");
    lua_setfield(L, G, "os");
}

// ============================================================================
// [SECTION] modules
// ============================================================================

void push_error_codes(lua_State* L) {
    lua_createtable(L, 0, int(api::ErrorCode::Count));
    for (const auto& e : api::kErrorInfo) {
        lua_pushstring(L, e.code);
        lua_setfield(L, -2, e.code + 2);  // runbook.E.SAFETY_VETO = "E_SAFETY_VETO"
    }
    make_proxy(L, "runbook.E");
}

/// __index of the `runbook` proxy: a plain lookup in the real table that
/// also remembers the line where `runbook.define` is read. `return
/// runbook.define{...}` is a tail call, so once define runs the chunk's frame
/// is gone; this line is where its errors point.
int runbook_index(lua_State* L) {
    if (lua_type(L, 2) == LUA_TSTRING && std::strcmp(lua_tostring(L, 2), "define") == 0) {
        lua_Debug ar;
        Run* r = run_of(L);
        if (r && lua_getstack(L, 1, &ar) && lua_getinfo(L, "Sl", &ar) && ar.source && ar.source[0] == '@' &&
            ar.currentline > 0)
            r->define_line = ar.currentline;
    }
    lua_settop(L, 2);
    lua_rawget(L, lua_upvalueindex(1));  // stack: proxy, value
    return 1;
}

void install_module(lua_State* L, int X, int G, const api::ModuleSpec& m, bool dry_run) {
    lua_createtable(L, 0, int(m.fns.size()) + 1);  // stack: T
    for (const auto& fn : m.fns) {
        push_api_function(L, fn);  // stack: T, raw
        if (api::wrapped_for_yield(fn, dry_run)) {
            lua_getfield(L, X, "unwrap");  // stack: T, raw, unwrap
            lua_insert(L, -2);
            lua_call(L, 1, 1);             // stack: T, wrapped
        } else if (fn.lua_wrapper != nullptr) {
            lua_getfield(L, X, "wrappers");
            lua_getfield(L, -1, fn.lua_wrapper);  // stack: T, raw, wrappers, factory
            lua_remove(L, -2);
            lua_insert(L, -2);
            lua_call(L, 1, 1);                    // stack: T, wrapped
        }
        lua_setfield(L, -2, fn.name);  // stack: T
    }
    bool is_runbook = std::strcmp(m.name, "runbook") == 0;
    if (is_runbook) {
        push_error_codes(L);
        lua_setfield(L, -2, "E");
    }
    make_proxy(L, m.name);      // stack: proxy
    if (is_runbook) {
        lua_getmetatable(L, -1);   // stack: proxy, mt
        lua_getfield(L, -1, "__index");
        lua_pushcclosure(L, runbook_index, 1);
        lua_setfield(L, -2, "__index");
        lua_pop(L, 1);             // stack: proxy
    }
    lua_setfield(L, G, m.name); // stack: -
}

// ============================================================================
// [SECTION] setup
// ============================================================================

int setup(lua_State* L) {
    Run& r = *static_cast<Run*>(lua_touserdata(L, 1));
    lua_settop(L, 0);
    open_lib(L, luaopen_base, "");
    open_lib(L, luaopen_table, LUA_TABLIBNAME);
    open_lib(L, luaopen_string, LUA_STRLIBNAME);
    open_lib(L, luaopen_math, LUA_MATHLIBNAME);
    open_lib(L, luaopen_bit, LUA_BITLIBNAME);
    open_lib(L, luaopen_os, LUA_OSLIBNAME);
    for (size_t t = 0; t < size_t(Termination::Count); t++) {
        lua_pushstring(L, kTerminationMessages[t]);
        r.term_msg_ref[t] = luaL_ref(L, LUA_REGISTRYINDEX);
    }
    create_error_metatable(L, r);
    create_result_template(L, r);
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, kProtectedKey);
    install_guards(L);
    install_patterns(L);

    push_prelude(L);           // stack: prelude
    push_internals(L, r);      // stack: prelude, I
    lua_call(L, 1, 1);         // stack: X
    int X = lua_gettop(L);
    lua_getfield(L, X, "runner");
    lua_setfield(L, LUA_REGISTRYINDEX, kRunnerKey);
    lua_getfield(L, X, "compensate");
    lua_setfield(L, LUA_REGISTRYINDEX, kCompensateKey);

    push_globals(L, X);        // stack: X, G
    int G = lua_gettop(L);
    for (const api::ModuleSpec* m : api::all_modules()) install_module(L, X, G, *m, r.dry_run());

    lua_createtable(L, 0, 2);  // stack: X, G, Gmt
    lua_pushcfunction(L, undefined_global_read);
    lua_setfield(L, -2, "__index");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, G);    // stack: X, G
    lua_newtable(L);           // stack: X, G, E
    lua_createtable(L, 0, 3);  // stack: X, G, E, Emt
    lua_pushvalue(L, G);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, global_write);
    lua_setfield(L, -2, "__newindex");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);   // stack: X, G, E
    lua_pushvalue(L, -1);
    lua_setfield(L, G, "_G");  // G._G = E (raw: G has no __newindex)
    lua_getfield(L, LUA_REGISTRYINDEX, kProtectedKey);
    lua_pushvalue(L, -2);
    lua_pushboolean(L, 1);
    lua_rawset(L, -3);         // E is read-only for rawset too
    lua_pop(L, 1);
    // From here the thread's globals are E: the full os table, the raw
    // libraries and the old globals table are unreachable from Lua.
    lua_replace(L, LUA_GLOBALSINDEX);  // stack: X, G
    lua_settop(L, 0);
    return 0;
}

}  // namespace

bool is_protected(lua_State* L, int idx) {
    idx = lua_absindex(L, idx);
    lua_getfield(L, LUA_REGISTRYINDEX, kProtectedKey);  // stack: set
    lua_pushvalue(L, idx);
    lua_rawget(L, -2);                                  // stack: set, flag
    bool p = lua_toboolean(L, -1);
    lua_pop(L, 2);
    return p;
}

std::string create_sandbox(Run& r) {
    r.alloc.limit = r.limits.memory_bytes;
    r.cpu_budget_s = r.limits.cpu_s;
    lua_State* L = lua_newstate(capped_alloc, &r);
    if (L == nullptr) return "cannot create a Lua state (memory limit too small?)";
    r.L = L;
    // JIT off for the whole engine: hooks do not fire in compiled traces
    // (SANDBOX 1.2). The jit library is never opened, so it cannot be undone.
    luaJIT_setmode(L, 0, LUAJIT_MODE_ENGINE | LUAJIT_MODE_OFF);
    std::string err;
    try {
        if (lua_cpcall(L, setup, &r) != 0) {
            const char* m = lua_tostring(L, -1);
            err = std::string("sandbox setup failed: ") + (m ? m : "error object");
        }
    } catch (const std::exception& e) {
        err = std::string("sandbox setup failed: ") + e.what();
    }
    if (!err.empty()) {
        lua_close(L);
        r.alloc.pool.release();
        r.L = nullptr;
        return err;
    }
    install_hook(L);
    return "";
}

}  // namespace medic::lua
