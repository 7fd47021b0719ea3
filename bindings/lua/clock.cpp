// bindings/lua/clock.cpp: RealClock and mono_now.
#include "bindings/lua/clock.hpp"

#include <time.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace medic::lua {

double mono_now() {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

double thread_cpu_now() {
    timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

struct RealClock::Impl {
    std::mutex mu;
    std::condition_variable cv;
    bool woken = false;
};

RealClock::RealClock() : impl_(new Impl) {}
RealClock::~RealClock() { delete impl_; }
double RealClock::now() { return mono_now(); }

void RealClock::sleep_until(double t) {
    std::unique_lock lock(impl_->mu);
    while (!impl_->woken) {
        double left = t - mono_now();
        if (left <= 0) break;
        impl_->cv.wait_for(lock, std::chrono::duration<double>(left));
    }
    impl_->woken = false;
}

void RealClock::wake() {
    {
        std::lock_guard lock(impl_->mu);
        impl_->woken = true;
    }
    impl_->cv.notify_all();
}

}  // namespace medic::lua
