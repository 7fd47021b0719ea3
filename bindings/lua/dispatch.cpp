// bindings/lua/dispatch.cpp: the generic API dispatcher (dispatch.hpp):
// state checks, the impl trampoline, results, yields. The arguments are
// checked by arg_check.cpp.
#include "bindings/lua/dispatch.hpp"

#include <lua.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <new>
#include <string_view>

#include "bindings/lua/action_result.hpp"
#include "bindings/lua/convert.hpp"
#include "bindings/lua/error_object.hpp"
#include "bindings/lua/hook.hpp"
#include "bindings/lua/run.hpp"
#include "bindings/lua/stamp.hpp"

namespace medic::lua {

// ============================================================================
// [SECTION] entry point
// ============================================================================

namespace {

constexpr int kRaise = -1;
constexpr int kYield = -2;

/// Upvalue 2 of a closure with named arguments or an action result: its
/// ApiFn and Run (so the call reads one upvalue and no allocator userdata),
/// the result's status cache, then the interned parameter names' addresses
/// (nullptr-terminated). A userdata without a metatable: scripts never
/// see it (no debug library).
struct ClosureData {
    const api::ApiFn* fn = nullptr;
    Run* run = nullptr;  ///< the run whose state made the closure (nullptr: ask run_of)
    ResultCache result;
    const void** keys() { return reinterpret_cast<const void**>(this + 1); }
};
static_assert(alignof(ClosureData) <= alignof(const void*) && sizeof(ClosureData) % alignof(const void*) == 0);

/// The upvalue index of an action's first result upvalue: after fn*, the
/// closure data and the parameter names.
int first_result_upvalue(const api::ApiFn& fn) { return 3 + (fn.named_args ? int(fn.params.size()) : 0); }

void end_call(Run& r, const api::ApiFn& fn, uint64_t t0) {
    r.in_api = false;
    if (fn.pure) return;
    r.api_time_s += stamp_span_s(t0, stamp_now());
    sample_thread_cpu(r);
}

/// An array of scalars as a set: {[element] = true} (integer keys stay
/// integers, which a Value map cannot express).
void push_set(lua_State* L, const api::Value& list) {
    lua_createtable(L, 0, int(list.a->size()));  // stack: set
    for (const auto& e : *list.a) {
        push_value(L, e);       // stack: set, key
        lua_pushboolean(L, 1);  // stack: set, key, true
        lua_rawset(L, -3);      // stack: set
    }
}

/// Push what the call returns (or prepare its yield). Returns the number of
/// results, kYield or kRaise (an error object was pushed).
int push_results(lua_State* L, Run& r, const api::ApiFn& fn, ClosureData* cd, api::Call& call, const api::Value& result) {
    bool wrapped = api::wrapped_for_yield(fn, r.dry_run());
    if (call.suspend != nullptr && !wrapped) {  // nothing would resume it with (ok, value)
        call.suspend = nullptr;
        push_error(L, r, api::ErrorCode::E_HOST, api::api_label(fn), "", "cannot wait in this mode", where_of(L, r));
        return kRaise;
    }
    if (call.suspend != nullptr) {
        call.suspend->api = api::api_label(fn);
        return kYield;
    }
    if (fn.extra_results > 0 && result.kind == api::Value::Kind::Array) {
        // internal helpers return several values as an array
        luaL_checkstack(L, int(result.a->size()) + 2, "too many results");
        for (const auto& v : *result.a) push_value(L, v);
        return int(result.a->size());
    }
    int nres = 0;
    if (wrapped) {
        lua_pushboolean(L, 1);  // stack: true
        nres++;
    }
    if (call.action != nullptr && fn.returns_action_result && !wrapped && result_built_in_lua(fn, r.dry_run()))
        return push_action_fields(L, first_result_upvalue(fn), cd->result, *call.action);
    if (call.action != nullptr && fn.returns_action_result) {
        push_action_result(L, first_result_upvalue(fn), cd->result, *call.action);  // stack: [true,] result
        return nres + 1;
    }
    if (fn.returns_set && result.kind == api::Value::Kind::Array) {
        push_set(L, result);  // stack: [true,] {[element] = true}
        return nres + 1;
    }
    if (fn.returns != nullptr || wrapped) {
        push_value(L, result);  // stack: [true,] result
        nres++;
    }
    return nres;
}

/// Everything with a destructor lives here; dispatch() raises or yields
/// only after this returned. A Lua error raised while pushing (out of
/// memory) unwinds through it as a foreign exception: the catch clauses
/// below do not match it, and destructors run (SANDBOX 1.9).
int dispatch_body(lua_State* L, Run& r, const api::ApiFn& fn, ClosureData* cd) {
    if (!(fn.modes & (r.dry_run() ? api::kDryRun : api::kLive))) {
        push_error(L, r, api::ErrorCode::E_MODE, api::api_label(fn), "",
                   std::string("API disabled in the context of ") + kRunModeNames[size_t(r.mode)], where_of(L, r));
        return kRaise;
    }
    // Checked in dry-run too, so the plan fails where the live run would.
    if (fn.suspends && L != r.thread) {
        push_error(L, r, api::ErrorCode::E_MODE, api::api_label(fn), "",
                   "cannot wait inside a coroutine created by the runbook", where_of(L, r));
        return kRaise;
    }
    // The run's argument slots are reused call after call: API calls never
    // nest (in_api), and nothing here runs script code, so no other call can
    // use them before this one is done with them.
    api::Args& args = r.scratch_args;
    ArgError aerr;
    if (!check_args(L, fn, args, aerr, fn.named_args ? cd->keys() : nullptr)) {
        push_error(L, r, aerr.code, api::api_label(fn), aerr.subject, aerr.message, where_of(L, r));
        return kRaise;
    }
    api::Call call{r, fn, L};
    // Every host call that may do I/O is API time, reads included: a read
    // may refresh the snapshot over HTTP, and that is not the script's CPU.
    // A loop of reads is still bounded by the wall-time limit. Pure calls
    // (no I/O, no journal) are the script's CPU and skip the two clock reads.
    // The reads are stamps (stamp.hpp: one rdtsc where the kernel trusts
    // the TSC, ~10 ns instead of clock_gettime's ~25 ns).
    uint64_t t0 = fn.pure ? 0 : stamp_now();
    r.in_api = true;
    try {
        api::Value result = fn.impl(call, args);
        end_call(r, fn, t0);
        return push_results(L, r, fn, cd, call, result);
    } catch (const api::HostError& e) {
        end_call(r, fn, t0);
        push_error(L, r, e.code, api::api_label(fn), e.subject, e.message, where_of(L, r), &e.details);
    } catch (const std::exception& e) {
        end_call(r, fn, t0);
        push_error(L, r, api::ErrorCode::E_HOST, api::api_label(fn), "", std::string("internal error: ") + e.what(),
                   where_of(L, r));
    }
    return kRaise;
}

int dispatch_checked(lua_State* L, const api::ApiFn* fn, Run* r, ClosureData* cd) {
    if (r == nullptr || r->ended) return luaL_error(L, "medic: the run has ended");
    // The flags only: CPU and wall time are the hook's job (every loop that
    // calls the API also runs VM instructions), which keeps this path cheap.
    if (r->termination != Termination::None || r->alloc.exceeded ||
        r->cancel_requested.load(std::memory_order_relaxed))
        check_limits(L, *r);
    if (r->in_api) return luaL_error(L, "medic: re-entrant API call refused");
    int n = dispatch_body(L, *r, *fn, cd);
    if (n == kRaise) return lua_error(L);
    if (n == kYield) return lua_yield(L, 0);
    return n;
}

/// A closure without data: upvalue 1 is its ApiFn.
int dispatch(lua_State* L) {
    const auto* fn = static_cast<const api::ApiFn*>(lua_touserdata(L, lua_upvalueindex(1)));
    return dispatch_checked(L, fn, run_of(L), nullptr);
}

/// A closure with data (named arguments, actions): upvalue 2 holds all.
int dispatch_with_data(lua_State* L) {
    auto* cd = static_cast<ClosureData*>(lua_touserdata(L, lua_upvalueindex(2)));
    return dispatch_checked(L, cd->fn, cd->run != nullptr ? cd->run : run_of(L), cd);
}

}  // namespace

void push_api_function(lua_State* L, const api::ApiFn& fn) {
    lua_pushlightuserdata(L, const_cast<api::ApiFn*>(&fn));  // stack: fn*
    if (!fn.named_args && !fn.returns_action_result) {
        lua_pushnil(L);                                       // stack: fn*, nil (no closure data)
        lua_pushcclosure(L, dispatch, 2);                     // stack: closure
        return;
    }
    // Named arguments: intern each parameter name once, keep the strings
    // alive as upvalues 3.., and hand the dispatcher their addresses in a
    // userdata (upvalue 2), so matching a key is a pointer comparison.
    // Actions then carry their result's strings (action_result.hpp).
    int n = fn.named_args ? int(fn.params.size()) : 0;
    luaL_checkstack(L, n + kResultUpvalues + 2, "too many parameters");
    void* mem = lua_newuserdata(L, sizeof(ClosureData) + sizeof(const void*) * (size_t(n) + 1));
    auto* data = new (mem) ClosureData;  // stack: fn*, data
    data->fn = &fn;
    data->run = run_of(L);
    const void** keys = data->keys();
    for (int i = 0; i < n; i++) {
        lua_pushstring(L, fn.params[size_t(i)].name);  // stack: fn*, data, names...
        keys[i] = lua_topointer(L, -1);
    }
    keys[n] = nullptr;
    int nup = 2 + n;
    if (fn.returns_action_result) {
        push_result_upvalues(L, fn);  // stack: fn*, data, names..., result upvalues
        nup += kResultUpvalues;
    }
    lua_pushcclosure(L, dispatch_with_data, nup);  // stack: closure
    Run* r = data->run;
    if (r != nullptr && result_built_in_lua(fn, r->dry_run())) wrap_action_function(L, fn, r->mode);  // stack: wrapper
}

}  // namespace medic::lua
