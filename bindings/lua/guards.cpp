// bindings/lua/guards.cpp: guarded standard library functions (guards.hpp).
#include "bindings/lua/guards.hpp"

#include <lua.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string_view>

#include "bindings/lua/hook.hpp"
#include "bindings/lua/sandbox.hpp"

namespace medic::lua {
namespace {

/// Calls the original (upvalue 1) with this call's arguments.
int call_original(lua_State* L) {
    int n = lua_gettop(L);
    lua_pushvalue(L, lua_upvalueindex(1));  // stack: args..., original
    lua_insert(L, 1);                       // stack: original, args...
    lua_call(L, n, LUA_MULTRET);
    return lua_gettop(L);
}

// Hooks never fire inside C functions, and the count hook checks the limits
// only every kHookCount instructions: a loop whose every instruction calls an
// O(n) library function on a 16 MiB string or a million-element table (sort,
// concat, upper, ...) would overshoot the CPU limit and the deadline by
// minutes. These wrappers check the limits before any call whose input is
// large, so the overshoot is at most one such call.
constexpr size_t kHeavyWork = size_t(64) << 10;

void check_if_heavy(lua_State* L, size_t work) {
    if (work < kHeavyWork) return;
    if (Run* r = run_of(L)) check_limits(L, *r);
}

/// The largest string length or table border among the first arguments.
size_t work_of(lua_State* L) {
    size_t work = 0;
    int n = lua_gettop(L);
    for (int i = 1; i <= n && i <= 3; i++) {
        int t = lua_type(L, i);
        if (t == LUA_TSTRING || t == LUA_TTABLE) work = std::max(work, size_t(lua_objlen(L, i)));
    }
    return work;
}

int guarded_heavy(lua_State* L) {
    check_if_heavy(L, work_of(L));
    return call_original(L);
}

int guarded_rep(lua_State* L) {
    size_t ls = 0, lsep = 0;
    luaL_checklstring(L, 1, &ls);
    lua_Number n = luaL_checknumber(L, 2);
    if (lua_type(L, 3) == LUA_TSTRING) lua_tolstring(L, 3, &lsep);
    Run* r = run_of(L);
    if (n > 0) {
        double total = double(ls) * n + double(lsep) * (n - 1);
        if (!(total <= double(r->limits.max_string_rep)))
            return luaL_error(L, "string.rep: result would be %.0f bytes (limit %d MiB)", total,
                              int(r->limits.max_string_rep >> 20));
        check_if_heavy(L, size_t(total));
    }
    return call_original(L);
}

/// Does the format use %p (an object's heap address, a leak across the
/// sandbox: strings are objects too)?
bool has_pointer_conversion(std::string_view fmt) {
    for (size_t i = 0; i < fmt.size(); i++) {
        if (fmt[i] != '%') continue;
        if (++i < fmt.size() && fmt[i] == '%') continue;
        while (i < fmt.size() && std::string_view("-+ #0123456789.").find(fmt[i]) != std::string_view::npos) i++;
        if (i < fmt.size() && fmt[i] == 'p') return true;
    }
    return false;
}

int guarded_format(lua_State* L) {
    size_t flen = 0;
    const char* fmt = luaL_checklstring(L, 1, &flen);
    if (has_pointer_conversion({fmt, flen}))
        return luaL_error(L, "bad argument #1 to 'format' (%%p is not available in runbooks)");
    int n = lua_gettop(L);
    for (int i = 2; i <= n; i++) {
        int t = lua_type(L, i);
        if (t != LUA_TSTRING && t != LUA_TNUMBER)
            return luaL_error(L, "bad argument #%d to 'format' (string or number expected, got %s)", i,
                              lua_typename(L, t));
    }
    check_if_heavy(L, work_of(L));
    return call_original(L);
}

/// tostring without heap addresses: a table, function or coroutine without
/// __tostring reads "table: 0x0000002a", where the number counts the
/// objects this run has shown (the same object keeps its number; upvalue 2
/// is a weak-keyed table object -> number, its [1] the counter). Anything
/// else is the original's answer.
int guarded_tostring(lua_State* L) {
    luaL_checkany(L, 1);
    lua_settop(L, 1);
    int t = lua_type(L, 1);
    if (t == LUA_TNIL || t == LUA_TBOOLEAN || t == LUA_TNUMBER || t == LUA_TSTRING) return call_original(L);
    if (luaL_getmetafield(L, 1, "__tostring")) {  // stack: v, __tostring
        lua_pop(L, 1);
        return call_original(L);
    }
    int ids = lua_upvalueindex(2);
    lua_pushvalue(L, 1);  // stack: v, v
    lua_rawget(L, ids);   // stack: v, id|nil
    lua_Number id = lua_tonumber(L, -1);
    if (lua_isnil(L, -1)) {
        lua_rawgeti(L, ids, 1);  // stack: v, nil, n
        id = lua_tonumber(L, -1) + 1;
        lua_pushnumber(L, id);
        lua_rawseti(L, ids, 1);
        lua_pushvalue(L, 1);
        lua_pushnumber(L, id);
        lua_rawset(L, ids);
    }
    char hex[24];
    std::snprintf(hex, sizeof hex, "%08llx", static_cast<unsigned long long>(id));
    lua_pushfstring(L, "%s: 0x%s", luaL_typename(L, 1), hex);
    return 1;
}

struct NestingGuard {
    Run* run;
    explicit NestingGuard(Run* r) : run(r) { run->nesting++; }
    ~NestingGuard() { run->nesting--; }
};

int guarded_sort(lua_State* L) {
    check_if_heavy(L, work_of(L));
    enter_nesting(L);
    NestingGuard guard(run_of(L));
    return call_original(L);
}

/// table.insert(t, pos, v): LuaJIT shifts the elements from #t + 1 down to
/// pos one at a time inside the C function, with pos cut to 32 bits, so
/// pos = 2^40, -2^31 or NaN is a loop of 2^31 steps no hook sees. Positions
/// are checked as Lua 5.3 does: an integer in [1, #t + 1].
int guarded_insert(lua_State* L) {
    if (lua_gettop(L) == 3 && lua_type(L, 1) == LUA_TTABLE) {
        lua_Number pos = luaL_checknumber(L, 2);
        double border = double(lua_objlen(L, 1)) + 1;
        if (!(pos >= 1 && pos <= border && pos == std::floor(pos)))
            return luaL_error(L, "bad argument #2 to 'insert' (position out of bounds)");
    }
    check_if_heavy(L, work_of(L));
    return call_original(L);
}

/// table.maxn walks every key of the table (its hash part too, which the
/// length of work_of does not see): the limits are checked before each call.
int guarded_maxn(lua_State* L) {
    if (Run* r = run_of(L)) check_limits(L, *r);
    return call_original(L);
}

int guarded_os_time(lua_State* L) {
    if (lua_type(L, 1) == LUA_TTABLE && lua_getmetatable(L, 1))
        return luaL_error(L, "bad argument #1 to 'time' (table with a metatable)");
    if (!lua_isnoneornil(L, 1) && lua_type(L, 1) != LUA_TTABLE)
        return luaL_error(L, "bad argument #1 to 'time' (table expected, got %s)", luaL_typename(L, 1));
    return call_original(L);
}

int guarded_os_date(lua_State* L) {
    if (!lua_isnoneornil(L, 1)) {
        if (lua_type(L, 1) != LUA_TSTRING)
            return luaL_error(L, "bad argument #1 to 'date' (string expected, got %s)", luaL_typename(L, 1));
        size_t len = 0;
        lua_tolstring(L, 1, &len);
        if (len > 256) return luaL_error(L, "bad argument #1 to 'date' (format longer than 256 bytes)");
    }
    if (!lua_isnoneornil(L, 2)) {
        if (lua_type(L, 2) != LUA_TNUMBER)
            return luaL_error(L, "bad argument #2 to 'date' (number expected, got %s)", luaL_typename(L, 2));
        double t = lua_tonumber(L, 2);
        if (!std::isfinite(t) || std::fabs(t) > 1e11)
            return luaL_error(L, "bad argument #2 to 'date' (time out of range)");
    }
    return call_original(L);
}

void replace_guarded(lua_State* L, int lib, const char* name, lua_CFunction fn) {
    lua_getfield(L, lib, name);        // stack: original
    lua_pushcclosure(L, fn, 1);        // stack: guarded
    lua_setfield(L, lib, name);        // stack: -
}

void copy_guarded(lua_State* L, int from, int to, const char* name, lua_CFunction fn) {
    lua_getfield(L, from, name);       // stack: original
    if (fn) lua_pushcclosure(L, fn, 1);
    lua_setfield(L, to, name);
}

}  // namespace

void enter_nesting(lua_State* L) {
    Run* r = run_of(L);
    if (r->nesting >= r->limits.max_nesting) {
        terminate(*r, Termination::Nesting);
        raise_termination(L, *r);
    }
}

void install_guards(lua_State* L) {
    lua_getglobal(L, "tostring");    // stack: original
    lua_createtable(L, 1, 0);        // stack: original, ids
    lua_pushnumber(L, 0);
    lua_rawseti(L, -2, 1);           // ids[1] = 0: the counter
    lua_createtable(L, 0, 1);        // stack: original, ids, mt
    lua_pushstring(L, "k");
    lua_setfield(L, -2, "__mode");   // weak keys: shown objects can still be collected
    lua_setmetatable(L, -2);         // stack: original, ids
    lua_pushcclosure(L, guarded_tostring, 2);
    lua_setglobal(L, "tostring");    // the sandbox's globals and the prelude copy this one
    lua_getglobal(L, "tonumber");    // scans its whole string argument
    lua_pushcclosure(L, guarded_heavy, 1);
    lua_setglobal(L, "tonumber");
    lua_getglobal(L, "string");  // stack: string
    int s = lua_gettop(L);
    replace_guarded(L, s, "rep", guarded_rep);
    replace_guarded(L, s, "format", guarded_format);
    for (const char* name : {"upper", "lower", "reverse", "sub", "byte"}) replace_guarded(L, s, name, guarded_heavy);
    lua_pushnil(L);
    lua_setfield(L, s, "dump");  // the string metatable's __index is this very table
    lua_getglobal(L, "table");   // stack: string, table
    int t = lua_gettop(L);
    replace_guarded(L, t, "sort", guarded_sort);
    for (const char* name : {"concat", "remove"}) replace_guarded(L, t, name, guarded_heavy);
    replace_guarded(L, t, "insert", guarded_insert);
    replace_guarded(L, t, "maxn", guarded_maxn);
    for (const char* gone : {"foreach", "foreachi", "setn"}) {
        lua_pushnil(L);
        lua_setfield(L, t, gone);
    }
    lua_pop(L, 2);  // stack: -
}

void push_safe_os(lua_State* L) {
    lua_getglobal(L, "os");  // stack: os
    int os = lua_gettop(L);
    lua_newtable(L);         // stack: os, safe
    int safe = lua_gettop(L);
    copy_guarded(L, os, safe, "time", guarded_os_time);
    copy_guarded(L, os, safe, "date", guarded_os_date);
    copy_guarded(L, os, safe, "clock", nullptr);
    copy_guarded(L, os, safe, "difftime", nullptr);
    lua_remove(L, os);       // stack: safe
}

int guarded_collectgarbage(lua_State* L) {
    const char* opt = luaL_optstring(L, 1, "count");
    if (std::string_view(opt) != "count")
        return luaL_error(L, "collectgarbage: only \"count\" is available in runbooks");
    lua_pushnumber(L, lua_Number(lua_gc(L, LUA_GCCOUNT, 0)) + lua_Number(lua_gc(L, LUA_GCCOUNTB, 0)) / 1024.0);
    return 1;
}

int guarded_rawset(lua_State* L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checkany(L, 2);
    luaL_checkany(L, 3);
    if (is_protected(L, 1)) return luaL_error(L, "rawset: table is read-only");
    lua_settop(L, 3);
    lua_rawset(L, 1);
    return 1;
}

}  // namespace medic::lua
