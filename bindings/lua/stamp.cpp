// bindings/lua/stamp.cpp: stamp_now / stamp_span_s (stamp.hpp).
//
// The TSC's rate is calibrated once per process against CLOCK_MONOTONIC
// over a 200 us window (busy, on first use): both are wall clocks, so a
// preemption inside the window does not bias it; the error is the two
// reads' latency over the window, ~2e-4, i.e. at most ~0.4 ms of API time
// over a 2 s CPU budget. The thread-CPU backstop (hook.cpp) bounds any
// error in the script's favour anyway.
#include "bindings/lua/stamp.hpp"

#include <time.h>

#include <fstream>
#include <mutex>
#include <string>

#if defined(__x86_64__)
#include <x86intrin.h>
#endif

namespace medic::lua {
namespace {

uint64_t mono_ns() {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return uint64_t(ts.tv_sec) * 1000000000u + uint64_t(ts.tv_nsec);
}

struct StampClock {
    bool tsc = false;
    double s_per_unit = 1e-9;  ///< nanoseconds unless the TSC is used
};

#if defined(__x86_64__)
/// The kernel's clocksource is the TSC: it verified the counter runs at a
/// constant rate, does not stop in idle states and agrees across CPUs.
bool kernel_trusts_tsc() {
    std::ifstream in("/sys/devices/system/clocksource/clocksource0/current_clocksource");
    std::string name;
    return bool(in >> name) && name == "tsc";
}

StampClock calibrate() {
    StampClock c;
    if (!kernel_trusts_tsc()) return c;
    uint64_t m0 = mono_ns(), t0 = __rdtsc();
    uint64_t m1 = m0, t1 = t0;
    while (m1 - m0 < 200000) {
        m1 = mono_ns();
        t1 = __rdtsc();
    }
    if (t1 <= t0) return c;  // a counter that did not move: keep the monotonic clock
    c.tsc = true;
    c.s_per_unit = double(m1 - m0) * 1e-9 / double(t1 - t0);
    return c;
}
#else
StampClock calibrate() { return {}; }
#endif

std::once_flag g_once;

}  // namespace

namespace stamp_detail {

std::atomic<int> g_mode{kUncalibrated};
double g_seconds_per_unit = 1e-9;

uint64_t stamp_slow() {
    std::call_once(g_once, [] {
        StampClock c = calibrate();
        g_seconds_per_unit = c.s_per_unit;
        g_mode.store(c.tsc ? kTsc : kMonotonic, std::memory_order_release);
    });
#if defined(__x86_64__)
    if (g_mode.load(std::memory_order_acquire) == kTsc) return __rdtsc();
#endif
    return mono_ns();
}

}  // namespace stamp_detail

bool stamp_uses_tsc() {
    stamp_detail::stamp_slow();
    return stamp_detail::g_mode.load(std::memory_order_acquire) == stamp_detail::kTsc;
}

}  // namespace medic::lua
