// bindings/drill/clock_gate.hpp: ClockGate, what makes a Session on a
// simulated clock deterministic while live actions are in flight.
//
// A live action runs on a worker thread (the engine blocks in it: gate,
// PD request, verification) while the run's thread advances the simulated
// clock. If the clock moved whenever the run's thread polled, how much
// simulated time passed between two of the engine's observations would
// depend on how fast pdsim, the CPU and the scheduler answer, and a runbook
// test could pass on one machine and fail on a loaded one. Instead:
//  - every worker "holds" the clock from the moment it starts;
//  - the engine's verification, between two polls, parks the worker here
//    (ActionService's verify_pause hook) until the clock has moved;
//  - the clock steps only when every worker in flight is parked at the
//    current step, i.e. has looked at the cluster since the last step.
// So each step of simulated time is followed by exactly one observation per
// action in flight, and nothing before the PD request (facts, plan, gate,
// the request itself) ever sees the clock move: what a run does is a function
// of the scenario, the seed and the runbook, not of wall-clock speed.
//
// A worker waiting for a person's decision (GUI, `medic actions approve`)
// does not hold the clock: the cluster keeps moving while a person reads.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>

namespace medic::drill {

class ClockGate {
public:
    /// A worker starts (it holds the clock until it parks or leaves).
    void enter();
    /// A worker ended.
    void leave();
    /// The worker waits for a person (true) or works again (false).
    void waiting_for_person(bool yes);
    /// Between two verification polls (worker thread): returns once the
    /// clock has stepped.
    void park();
    /// Called after every clock step: parked workers observe again.
    void clock_moved();
    /// The clock's thread: block until `done()` (evaluated under the gate's
    /// lock after every change, so it must not call into the gate; the
    /// worker sets its result before leave())
    /// or until every worker in flight is parked at this step or waiting for
    /// a person. After `max_wait_s` of real time it returns anyway (a stuck
    /// PD request must not hang a test; the run then sees time move).
    void await_steppable(const std::function<bool()>& done, double max_wait_s = 30);
    /// Some worker waits for a person (the clock's thread then paces steps
    /// in real time, so the cluster does not race ahead of the reader).
    bool person_waiting();
    /// Workers in flight.
    int active();

private:
    bool steppable_locked() const { return parked_ + for_person_ >= active_; }

    std::mutex mu_;
    std::condition_variable cv_;
    uint64_t step_ = 0;   ///< clock steps so far
    int active_ = 0;      ///< workers in flight
    int parked_ = 0;      ///< workers parked at step_ (reset by each step)
    int for_person_ = 0;  ///< workers waiting for a person's decision
};

}  // namespace medic::drill
