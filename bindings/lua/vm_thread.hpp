// bindings/lua/vm_thread.hpp: run a function on a dedicated thread with a
// 16 MiB stack and wait for it. The Lua VM runs there: LuaJIT coroutines
// share the C stack of whoever resumes them, and the remaining C-recursive
// library paths (SANDBOX 1.6) are bounded by nesting counters sized for it.
//
// Backstop (SANDBOX 2.3): while a run's slice executes, the count hook and
// every limit check beat a heartbeat. A watchdog thread next to the VM thread
// reads the VM thread's CPU clock; when the VM has burnt kWatchdogCpuS of CPU
// in a slice without a single beat, a runbook is stuck inside a C function no
// limit check reaches (a wedged thread cannot be stopped safely), and the
// process says so on stderr and exits with kWatchdogExitCode instead of
// hanging. Time blocked in I/O (PD, SQLite) burns no CPU and never trips it.
#pragma once

#include <cstddef>
#include <functional>

namespace medic::lua {

inline constexpr size_t kVmStackBytes = size_t(16) << 20;
inline constexpr double kWatchdogCpuS = 20;  ///< $MEDIC_VM_WATCHDOG_S overrides (tests)
inline constexpr int kWatchdogExitCode = 70;

/// Run fn on a new thread with a kVmStackBytes stack; returns after it ends.
/// Exceptions from fn are rethrown here.
void run_on_vm_thread(const std::function<void()>& fn);

/// A slice of a run starts / ends (Scheduler::resume). Outside a slice the
/// watchdog never fires.
void vm_slice_begin();
void vm_slice_end();
/// A limit check ran (hook, host call, guard, pattern matcher).
void vm_heartbeat();

}  // namespace medic::lua
