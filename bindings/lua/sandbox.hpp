// bindings/lua/sandbox.hpp: building a run's fresh, sandboxed lua_State.
//
// One state per run, created with the capped allocator and closed at the end
// (SANDBOX 2.1): nothing a run changes survives into the next. The JIT is off
// and never reachable; only base (minus load*/dofile/getfenv/setfenv/newproxy/
// gcinfo/module/require), string (guarded, no dump), table, math, bit and four
// os functions are visible; io, debug, ffi, jit and package are never opened.
// Every library and API table the runbook sees is an empty read-only proxy
// with a locked metatable; the string metatable is locked too. The globals
// table raises on reads of undefined names and on every write.
#pragma once

#include <string>

#include "bindings/lua/run.hpp"

struct lua_State;

namespace medic::lua {

/// Create the state for r (r.L). Returns "" on success or the reason it
/// failed (allocation). The run thread is created by the scheduler.
std::string create_sandbox(Run& r);

/// Is the table at idx one of the host's read-only tables?
bool is_protected(lua_State* L, int idx);

/// Registry keys of the prelude's runner and compensation functions.
inline constexpr const char* kRunnerKey = "medic.runner";
inline constexpr const char* kCompensateKey = "medic.compensate";

}  // namespace medic::lua
