// bindings/lua/clock.hpp: the scheduler's clock. Runbook waits and wall
// deadlines are measured on it, so tests against pdsim in step mode can use
// simulated time (SimClock advances pdsim instead of sleeping) while CPU limits
// always use the real monotonic clock (mono_now).
#pragma once

#include <functional>

namespace medic::lua {

/// Real monotonic time in seconds (CLOCK_MONOTONIC; cheap, vDSO).
double mono_now();

/// CPU time of the calling thread in seconds (CLOCK_THREAD_CPUTIME_ID: a
/// system call, ~1 us here, so sampled sparingly).
double thread_cpu_now();

class Clock {
public:
    virtual ~Clock() = default;
    /// Seconds since an arbitrary epoch; never goes backwards.
    virtual double now() = 0;
    /// Block (or advance simulated time) until now() >= t, or until wake().
    virtual void sleep_until(double t) = 0;
    /// Interrupt a sleep_until early (another thread submitted work or cancelled).
    virtual void wake() {}
};

/// Wall time: sleeps on a condition variable so wake() interrupts it.
class RealClock : public Clock {
public:
    RealClock();
    ~RealClock() override;
    double now() override;
    void sleep_until(double t) override;
    void wake() override;

private:
    struct Impl;
    Impl* impl_;
};

/// Simulated time: sleep_until(t) calls advance(t - now()) (e.g. POST
/// /chaos/clock/advance to a pdsim in --step mode) and then jumps to t.
class SimClock : public Clock {
public:
    explicit SimClock(std::function<void(double seconds)> advance) : advance_(std::move(advance)) {}
    double now() override { return now_; }
    void sleep_until(double t) override {
        if (t <= now_) return;
        if (advance_) advance_(t - now_);
        now_ = t;
    }

private:
    std::function<void(double)> advance_;
    double now_ = 0;
};

}  // namespace medic::lua
