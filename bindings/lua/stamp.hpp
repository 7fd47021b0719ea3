// bindings/lua/stamp.hpp: cheap timestamps for timing short host calls.
//
// The dispatcher times every host call that may do I/O (two stamps a call)
// so that time spent waiting on PD or SQLite is not charged to the script's
// CPU budget (hook.cpp). clock_gettime(CLOCK_MONOTONIC) costs ~25 ns here
// (vDSO, measured on the 2-core box), which was ~50 ns of a ~330 ns typed
// action call. Where the kernel itself keeps time with the CPU's invariant
// time-stamp counter (clocksource "tsc": it checked the counter is constant
// rate and synchronised across CPUs), a stamp is one rdtsc (~10 ns);
// elsewhere it is the monotonic clock in nanoseconds. Only the difference
// of two stamps means anything.
#pragma once

#include <cstdint>

namespace medic::lua {

/// A timestamp in the process's stamp unit (TSC ticks or nanoseconds).
uint64_t stamp_now();

/// Seconds between two stamps (0 when `to` is not after `from`).
double stamp_span_s(uint64_t from, uint64_t to);

/// Whether stamps are TSC readings (for the bench's report and the tests).
bool stamp_uses_tsc();

}  // namespace medic::lua
