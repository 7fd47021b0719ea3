// bindings/lua/hook.hpp: the count hook and the limit checks that end a run.
//
// Design (SANDBOX 1.2 config F, 2.3): the JIT is off for the whole state, a
// LUA_MASKCOUNT hook runs every kHookCount VM instructions, records the
// current runbook line and checks CPU, wall deadline, memory and cancel.
// When a limit trips it becomes sticky: the hook is re-armed with count 1 so
// every following instruction raises again, which pcall, error handlers and
// script coroutines cannot swallow. Host functions and the pattern matcher
// call check_limits() directly because hooks never fire inside C code.
#pragma once

#include "bindings/lua/run.hpp"

struct lua_State;

namespace medic::lua {

inline constexpr int kHookCount = 1000;

/// Install the count hook on a fresh state (normal, non-sticky).
void install_hook(lua_State* L);

/// Record `t` as the reason the run ends (the first reason wins).
void terminate(Run& r, Termination t);

/// Evaluate memory / cancel / CPU / wall; sets r.termination when one trips.
Termination evaluate_limits(Run& r);

/// Raise the sticky termination error. Never returns.
[[noreturn]] void raise_termination(lua_State* L, Run& r);

/// evaluate_limits + raise_termination when something tripped.
void check_limits(lua_State* L, Run& r);

/// Seconds of CPU the run has used so far (including the current slice):
/// the slice's wall time minus its host-call time, or the thread's sampled
/// CPU time when that is larger (host calls that computed rather than waited).
double cpu_used(const Run& r);

/// After a host call: sample the thread's CPU time once the slice has spent
/// another 10 ms in host calls since the last sample (a system call each).
void sample_thread_cpu(Run& r);

/// Make the hook raise at the next instruction (a waiting run that must end).
void arm_sticky_hook(lua_State* L, Run& r);

/// Line events on top of the count hook, recording r.last_line on every new
/// runbook line. On only while the chunk's top level runs: `return
/// runbook.define{...}` is a tail call, so when define raises, the chunk's
/// frame is gone and this line is the only way to say where the header is.
void set_line_tracking(lua_State* L, Run& r, bool on);

/// Re-arm the normal hook after a termination (used before compensations).
void reset_hook(lua_State* L, Run& r);

}  // namespace medic::lua
