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

#include <atomic>
#include <cstdint>

namespace medic::lua {

namespace stamp_detail {
enum Mode : int { kUncalibrated = 0, kTsc = 1, kMonotonic = 2 };
/// Set once (stamp.cpp, on first use); read on every host call.
extern std::atomic<int> g_mode;
extern double g_seconds_per_unit;
/// Calibrates on first use; then a monotonic-clock stamp (or a TSC one).
uint64_t stamp_slow();
}  // namespace stamp_detail

/// A timestamp in the process's stamp unit (TSC ticks or nanoseconds).
/// Inline: on the TSC path it is one load and one rdtsc.
inline uint64_t stamp_now() {
#if defined(__x86_64__)
    if (stamp_detail::g_mode.load(std::memory_order_acquire) == stamp_detail::kTsc) return __builtin_ia32_rdtsc();
#endif
    return stamp_detail::stamp_slow();
}

/// Seconds between two stamps (0 when `to` is not after `from`).
inline double stamp_span_s(uint64_t from, uint64_t to) {
    return to > from ? double(to - from) * stamp_detail::g_seconds_per_unit : 0;
}

/// Whether stamps are TSC readings (for the bench's report and the tests).
bool stamp_uses_tsc();

}  // namespace medic::lua
