// bindings/lua/action_result.cpp: actions.Result from the closure's
// upvalues (action_result.hpp).
//
// Measured (callgrind, bench_lua action), per call: a Lua constructor
// called from C (`return {action = a, ...}`) cost ~3000 instructions; a Lua
// wrapper around the C function that builds the table itself ~1100 (a Lua
// call and ~15 bytecodes at ~20 instructions each with the count hook on,
// plus the template copy); the C API with keys read from a registry
// template ~1700, of which ~450 went to fetching the template, the keys and
// the action name and ~160 to interning the status word. From upvalues
// with a cached status: ~1150. What is left is the table's allocation
// (~470 with its share of the GC) and one lj_tab_newkey per field (~130).
#include "bindings/lua/action_result.hpp"

#include <lua.hpp>

#include <cstring>
#include <mutex>
#include <stdexcept>
#include <string>

#include "bindings/lua/alloc.hpp"
#include "bindings/lua/prelude.hpp"

namespace medic::lua {
namespace {

// Template slots: the result's keys, the mode words, the wrapper factory.
enum Slot : int { kAction = 1, kMode, kStatus, kDescription, kAuditId, kCalls, kObserved, kModeWords };
constexpr int kFactorySlot = kModeWords + 2;

// The dry-run action wrapper (result_built_in_lua). The common result (no
// description, calls or observed) is built here: the constructor is all
// constants, so the table is one copy of a template that already holds its
// four keys (TDUP) and each field one store into an existing slot (TSETS).
// The placeholders are `false`, not the values: a constructor with variable
// values keeps its keys in the template with nil values, which the bytecode
// dump (compile_once) drops, and every store then took the new-key path
// (~300 instructions each, measured). A result with more fields comes back
// from C as a whole table (`full`). `...` keeps the C function's arity
// check (a second argument is an error, not dropped). Reads no globals.
// A dry-run wrapper has its mode word in the template (the mode every
// wrapped action has in practice: live actions go through the prelude's
// yield wrapper), one upvalue read and one store less per call.
constexpr const char kFactory[] = R"LUA(
local raw, name, mode = ...
if mode == "dry_run" then
  return function(...)
    local status, audit_id, full = raw(...)
    if full then return full end
    local t = { action = false, mode = "dry_run", status = false, audit_id = false }
    t.action = name
    t.status = status
    t.audit_id = audit_id
    return t
  end
end
return function(...)
  local status, audit_id, full = raw(...)
  if full then return full end
  local t = { action = false, mode = false, status = false, audit_id = false }
  t.action = name
  t.mode = mode
  t.status = status
  t.audit_id = audit_id
  return t
end
)LUA";

std::once_flag g_once;
std::string g_bytecode;
std::string g_error;

/// Compiled once per process, like the prelude (prelude.cpp).
void compile_once() { g_bytecode = compile_host_chunk(kFactory, size_t(4) << 20, &g_error); }

/// Push the wrapper factory. stack: +1
void push_factory(lua_State* L) {
    std::call_once(g_once, compile_once);
    if (!g_error.empty()) throw std::runtime_error("medic action wrapper: " + g_error);
    if (luaL_loadbufferx(L, g_bytecode.data(), g_bytecode.size(), "=medic", "b") != 0) lua_error(L);
}
constexpr const char* kSlotText[] = {"action", "mode", "status", "description", "audit_id", "calls", "observed"};
static_assert(std::size(kSlotText) == size_t(kModeWords) - 1);

// Upvalue offsets from `first` (push_result_upvalues pushes them in this
// order): the action name, the keys (slot order), the mode words, the cache.
constexpr int kUpName = 0;
constexpr int kUpKey0 = 1;  // + (slot - kAction)
constexpr int kUpModeWord = kUpKey0 + int(std::size(kSlotText));
constexpr int kUpStatus = kUpModeWord + int(std::size(kRunModeNames));
static_assert(kUpStatus + 1 == kResultUpvalues);

inline void push_up(lua_State* L, int first, int offset) { lua_pushvalue(L, lua_upvalueindex(first + offset)); }
inline void push_key(lua_State* L, int first, int slot) { push_up(L, first, kUpKey0 + slot - kAction); }

void set_text(lua_State* L, int first, int slot, const std::string& s) {
    push_key(L, first, slot);
    lua_pushlstring(L, s.data(), s.size());
    lua_rawset(L, -3);
}

/// The status word: the cached string when it is the same text as last
/// time (the common case: every dry-run action says "dry_run"), else a new
/// string that becomes the cache. stack: +1
void push_status(lua_State* L, int first, ResultCache& cache, const std::string& s) {
    if (cache.status != nullptr && cache.status_len == s.size() && std::memcmp(cache.status, s.data(), s.size()) == 0) {
        push_up(L, first, kUpStatus);
        return;
    }
    lua_pushlstring(L, s.data(), s.size());  // stack: status
    lua_pushvalue(L, -1);
    lua_replace(L, lua_upvalueindex(first + kUpStatus));  // the upvalue keeps the string (and its text) alive
    size_t len = 0;
    cache.status = lua_tolstring(L, -1, &len);
    cache.status_len = len;
}

}  // namespace

void create_result_template(lua_State* L, Run& r) {
    static_assert(kFactorySlot == kModeWords + int(std::size(kRunModeNames)));
    lua_createtable(L, kFactorySlot, 0);  // stack: T
    for (int i = 0; i < int(std::size(kSlotText)); i++) {
        lua_pushstring(L, kSlotText[i]);
        lua_rawseti(L, -2, kAction + i);
    }
    for (int i = 0; i < int(std::size(kRunModeNames)); i++) {
        lua_pushstring(L, kRunModeNames[i]);
        lua_rawseti(L, -2, kModeWords + i);
    }
    push_factory(L);  // stack: T, factory
    lua_rawseti(L, -2, kFactorySlot);
    r.result_template_ref = luaL_ref(L, LUA_REGISTRYINDEX);  // stack: -
}

void wrap_action_function(lua_State* L, const api::ApiFn& fn, RunMode mode) {
    Run* r = run_of(L);
    luaL_checkstack(L, 5, "action wrapper");
    lua_rawgeti(L, LUA_REGISTRYINDEX, r != nullptr ? r->result_template_ref : LUA_NOREF);  // stack: raw, T
    if (!lua_istable(L, -1)) luaL_error(L, "medic: the action result template is missing");
    lua_rawgeti(L, -1, kFactorySlot);             // stack: raw, T, factory
    lua_pushvalue(L, -3);                         // stack: raw, T, factory, raw
    lua_pushstring(L, fn.name);                   // stack: raw, T, factory, raw, name
    lua_rawgeti(L, -4, kModeWords + int(mode));   // stack: raw, T, factory, raw, name, mode
    lua_call(L, 3, 1);                            // stack: raw, T, wrapper
    lua_replace(L, -3);                           // stack: wrapper, T
    lua_pop(L, 1);                                // stack: wrapper
}

int push_action_fields(lua_State* L, int first, ResultCache& cache, const ActionRecord& rec) {
    const ActionResult& res = rec.result;
    push_status(L, first, cache, res.status);
    lua_pushnumber(L, lua_Number(res.audit_id));
    if (res.description.empty() && res.calls.empty() && res.observed.empty()) return 2;
    push_action_result(L, first, cache, rec);  // stack: status, audit_id, full
    return 3;
}

void push_result_upvalues(lua_State* L, const api::ApiFn& fn) {
    Run* r = run_of(L);
    luaL_checkstack(L, kResultUpvalues + 2, "action result");
    lua_rawgeti(L, LUA_REGISTRYINDEX, r != nullptr ? r->result_template_ref : LUA_NOREF);  // stack: T
    if (!lua_istable(L, -1)) luaL_error(L, "medic: the action result template is missing");
    int tmpl = lua_gettop(L);
    lua_pushstring(L, fn.name);  // stack: T, name
    for (int slot = kAction; slot < kModeWords; slot++) lua_rawgeti(L, tmpl, slot);  // stack: T, name, keys...
    for (int m = 0; m < int(std::size(kRunModeNames)); m++) lua_rawgeti(L, tmpl, kModeWords + m);
    lua_pushnil(L);  // stack: T, name, keys..., mode words, status cache
    lua_remove(L, tmpl);
}

void push_action_result(lua_State* L, int first, ResultCache& cache, const ActionRecord& rec) {
    const ActionResult& res = rec.result;
    // No stack check: a C function has LUA_MINSTACK (20) free slots and this
    // pushes at most 4 above what the dispatcher left (it popped its own).
    int n = 4 + !res.description.empty() + !res.calls.empty() + !res.observed.empty();
    lua_createtable(L, 0, n);  // stack: res
    push_key(L, first, kAction);
    push_up(L, first, kUpName);
    lua_rawset(L, -3);
    push_key(L, first, kMode);
    push_up(L, first, kUpModeWord + int(rec.run_mode));
    lua_rawset(L, -3);
    push_key(L, first, kStatus);
    push_status(L, first, cache, res.status);
    lua_rawset(L, -3);
    push_key(L, first, kAuditId);
    lua_pushnumber(L, lua_Number(res.audit_id));
    lua_rawset(L, -3);
    if (!res.description.empty()) set_text(L, first, kDescription, res.description);
    if (!res.calls.empty()) {
        push_key(L, first, kCalls);
        lua_createtable(L, int(res.calls.size()), 0);  // stack: res, key, calls
        for (size_t i = 0; i < res.calls.size(); i++) {
            lua_pushlstring(L, res.calls[i].data(), res.calls[i].size());
            lua_rawseti(L, -2, int(i + 1));
        }
        lua_rawset(L, -3);
    }
    if (!res.observed.empty()) set_text(L, first, kObserved, res.observed);
}

}  // namespace medic::lua
