// bindings/drill/clock_gate.cpp: ClockGate (clock_gate.hpp).
#include "bindings/drill/clock_gate.hpp"

#include <chrono>

namespace medic::drill {

void ClockGate::enter() {
    std::lock_guard lk(mu_);
    active_++;
}

void ClockGate::leave() {
    {
        std::lock_guard lk(mu_);
        active_--;
    }
    cv_.notify_all();
}

void ClockGate::waiting_for_person(bool yes) {
    {
        std::lock_guard lk(mu_);
        for_person_ += yes ? 1 : -1;
    }
    cv_.notify_all();
}

void ClockGate::park() {
    std::unique_lock lk(mu_);
    const uint64_t at = step_;
    parked_++;
    cv_.notify_all();
    cv_.wait(lk, [&] { return step_ != at; });
}

void ClockGate::clock_moved() {
    {
        std::lock_guard lk(mu_);
        step_++;
        parked_ = 0;  // everyone parked before this step observes again
    }
    cv_.notify_all();
}

void ClockGate::await_steppable(const std::function<bool()>& done, double max_wait_s) {
    std::unique_lock lk(mu_);
    cv_.wait_for(lk, std::chrono::duration<double>(max_wait_s), [&] { return done() || steppable_locked(); });
}

bool ClockGate::person_waiting() {
    std::lock_guard lk(mu_);
    return for_person_ > 0;
}

int ClockGate::active() {
    std::lock_guard lk(mu_);
    return active_;
}

}  // namespace medic::drill
