// bindings/lua/action_result.cpp: actions.Result from a template (action_result.hpp).
//
// Measured (callgrind, bench_lua action): a Lua constructor called from C
// (`return {action = a, ...}`, a copy of a table whose slots already hold
// the keys) cost ~3000 instructions a call with the count hook on; the C
// API with interned keys costs ~1500, most of it the table's allocation and
// one lj_tab_newkey per field.
#include "bindings/lua/action_result.hpp"

#include <lua.hpp>

namespace medic::lua {
namespace {

// Template slots: the result's keys, then the mode words. Action names are
// keyed by the address of their (registry, process-lifetime) C string.
enum Slot : int { kAction = 1, kMode, kStatus, kDescription, kAuditId, kCalls, kObserved, kModeWords };
constexpr const char* kSlotText[] = {"action", "mode", "status", "description", "audit_id", "calls", "observed"};
static_assert(std::size(kSlotText) == size_t(kModeWords) - 1);

/// Push the template key of a slot. stack: +1
inline void push_key(lua_State* L, int tmpl, int slot) { lua_rawgeti(L, tmpl, slot); }

/// Push the run's interned copy of an action name. stack: +1
void push_name(lua_State* L, int tmpl, const char* kind) {
    lua_pushlightuserdata(L, const_cast<char*>(kind));
    lua_rawget(L, tmpl);  // stack: name|nil
    if (!lua_isnil(L, -1)) return;
    lua_pop(L, 1);
    lua_pushstring(L, kind);  // stack: name
    lua_pushlightuserdata(L, const_cast<char*>(kind));
    lua_pushvalue(L, -2);
    lua_rawset(L, tmpl);      // stack: name
}

void set_text(lua_State* L, int tmpl, int slot, const std::string& s) {
    push_key(L, tmpl, slot);
    lua_pushlstring(L, s.data(), s.size());
    lua_rawset(L, -3);
}

}  // namespace

void create_result_template(lua_State* L, Run& r) {
    lua_createtable(L, kModeWords + int(std::size(kRunModeNames)), 4);  // stack: T
    for (int i = 0; i < int(std::size(kSlotText)); i++) {
        lua_pushstring(L, kSlotText[i]);
        lua_rawseti(L, -2, kAction + i);
    }
    for (int i = 0; i < int(std::size(kRunModeNames)); i++) {
        lua_pushstring(L, kRunModeNames[i]);
        lua_rawseti(L, -2, kModeWords + i);
    }
    r.result_template_ref = luaL_ref(L, LUA_REGISTRYINDEX);  // stack: -
}

void push_action_result(lua_State* L, const Run& r, const ActionRecord& rec) {
    const ActionResult& res = rec.result;
    luaL_checkstack(L, 6, "action result");
    lua_rawgeti(L, LUA_REGISTRYINDEX, r.result_template_ref);  // stack: T
    int tmpl = lua_gettop(L);
    int n = 4 + !res.description.empty() + !res.calls.empty() + !res.observed.empty();
    lua_createtable(L, 0, n);  // stack: T, res
    push_key(L, tmpl, kAction);
    push_name(L, tmpl, rec.kind);
    lua_rawset(L, -3);
    push_key(L, tmpl, kMode);
    lua_rawgeti(L, tmpl, kModeWords + int(rec.run_mode));
    lua_rawset(L, -3);
    set_text(L, tmpl, kStatus, res.status);
    push_key(L, tmpl, kAuditId);
    lua_pushnumber(L, lua_Number(res.audit_id));
    lua_rawset(L, -3);
    if (!res.description.empty()) set_text(L, tmpl, kDescription, res.description);
    if (!res.calls.empty()) {
        push_key(L, tmpl, kCalls);
        lua_createtable(L, int(res.calls.size()), 0);  // stack: T, res, key, calls
        for (size_t i = 0; i < res.calls.size(); i++) {
            lua_pushlstring(L, res.calls[i].data(), res.calls[i].size());
            lua_rawseti(L, -2, int(i + 1));
        }
        lua_rawset(L, -3);
    }
    if (!res.observed.empty()) set_text(L, tmpl, kObserved, res.observed);
    lua_remove(L, tmpl);  // stack: res
}

}  // namespace medic::lua
