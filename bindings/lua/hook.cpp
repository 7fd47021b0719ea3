// bindings/lua/hook.cpp: count hook and limit checks (hook.hpp).
#include "bindings/lua/hook.hpp"

#include <lua.hpp>

#include <algorithm>

#include "bindings/lua/clock.hpp"
#include "bindings/lua/vm_thread.hpp"

namespace medic::lua {
namespace {

void count_hook(lua_State* L, lua_Debug* ar) {
    Run* r = run_of(L);
    if (r == nullptr) return;
    if (ar->event == LUA_HOOKLINE) {  // only while the header runs (set_line_tracking)
        if (lua_getinfo(L, "S", ar) && ar->source && ar->source[0] == '@' && ar->currentline > 0)
            r->last_line = ar->currentline;
        return;
    }
    // Remember where the runbook is, for errors that carry no position
    // ("not enough memory", limits raised from here). Only runbook chunks
    // ("@file") count; the host prelude is "=medic".
    if (lua_getinfo(L, "Sl", ar) && ar->source && ar->source[0] == '@' && ar->currentline > 0)
        r->last_line = ar->currentline;
    if (r->termination == Termination::None && evaluate_limits(*r) == Termination::None) return;
    raise_termination(L, *r);
}

}  // namespace

void install_hook(lua_State* L) { lua_sethook(L, count_hook, LUA_MASKCOUNT, kHookCount); }

void reset_hook(lua_State* L, Run& r) {
    r.hook_sticky = false;
    lua_sethook(L, count_hook, LUA_MASKCOUNT, kHookCount);
}

void set_line_tracking(lua_State* L, Run& r, bool on) {
    if (r.hook_sticky) return;  // a limit tripped: the count-1 hook stays
    lua_sethook(L, count_hook, LUA_MASKCOUNT | (on ? LUA_MASKLINE : 0), kHookCount);
}

void arm_sticky_hook(lua_State* L, Run& r) {
    r.hook_sticky = true;
    lua_sethook(L, count_hook, LUA_MASKCOUNT, 1);
}

void terminate(Run& r, Termination t) {
    if (r.termination == Termination::None) r.termination = t;
}

double cpu_used(const Run& r) {
    double used = r.cpu_used_s;
    if (r.slice_start > 0) used += std::max((mono_now() - r.slice_start) - r.api_time_s, r.slice_thread_cpu);
    return used;
}

void sample_thread_cpu(Run& r) {
    constexpr double kSampleEveryApiS = 0.01;
    if (r.slice_start <= 0 || r.api_time_s - r.api_time_sampled < kSampleEveryApiS) return;
    r.api_time_sampled = r.api_time_s;
    r.slice_thread_cpu = thread_cpu_now() - r.slice_thread_cpu0;
}

Termination evaluate_limits(Run& r) {
    vm_heartbeat();  // the watchdog's sign that limit checks still run (vm_thread.hpp)
    if (r.termination != Termination::None) return r.termination;
    if (r.alloc.exceeded)
        terminate(r, Termination::Memory);
    else if (r.cancel_requested.load(std::memory_order_relaxed))
        terminate(r, Termination::Cancelled);
    else if (cpu_used(r) > r.cpu_budget_s)
        terminate(r, Termination::Cpu);
    else if (r.clock != nullptr && r.wall_deadline > 0 && r.clock->now() >= r.wall_deadline)
        terminate(r, Termination::Wall);
    return r.termination;
}

void raise_termination(lua_State* L, Run& r) {
    if (!r.hook_sticky) {
        r.hook_sticky = true;
        lua_sethook(L, count_hook, LUA_MASKCOUNT, 1);
    }
    // The message string was created with the state: raising it allocates
    // nothing, which matters after the memory cap was hit.
    lua_rawgeti(L, LUA_REGISTRYINDEX, r.term_msg_ref[size_t(r.termination)]);  // stack: msg
    lua_error(L);
    __builtin_unreachable();
}

void check_limits(lua_State* L, Run& r) {
    if (evaluate_limits(r) != Termination::None) raise_termination(L, r);
}

Run* run_of(lua_State* L) {
    void* ud = nullptr;
    lua_getallocf(L, &ud);
    auto* r = static_cast<Run*>(ud);
    return (r != nullptr && r->magic == Run::kMagic) ? r : nullptr;
}

}  // namespace medic::lua
