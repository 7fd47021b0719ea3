// ClockGate (bindings/drill/clock_gate.hpp): the simulated clock steps only
// when every worker in flight has looked at the cluster since the last step,
// so each step is followed by exactly one observation per worker, however
// the threads are scheduled.
#include <catch2/catch.hpp>

#include <atomic>
#include <functional>
#include <thread>
#include <vector>

#include "bindings/drill/clock_gate.hpp"

using medic::drill::ClockGate;

namespace {

/// A stand-in for the engine's verification: observe the clock, then park
/// (ActionService's verify_pause) until it moves; `polls` observations.
void verifier(ClockGate& gate, const std::atomic<int>& clock, std::vector<int>& seen, int polls,
              std::atomic<int>& left) {
    for (int i = 0; i < polls; ++i) {
        seen.push_back(clock.load());
        if (i + 1 < polls) gate.park();
    }
    left--;  // the worker's result is set before leave(), like SessionServices
    gate.leave();
}

/// The run's thread: step the clock whenever the gate allows, until `done`.
int drive(ClockGate& gate, std::atomic<int>& clock, const std::function<bool()>& done) {
    int steps = 0;
    while (true) {
        gate.await_steppable(done);
        if (done()) return steps;
        clock++;
        ++steps;
        gate.clock_moved();
    }
}

}  // namespace

TEST_CASE("drill: the clock steps once per observation of the one action in flight", "[drill][clock_gate]") {
    for (int round = 0; round < 20; ++round) {
        ClockGate gate;
        std::atomic<int> clock{0};
        std::vector<int> seen;
        std::atomic<int> left{1};
        gate.enter();
        std::thread w([&] { verifier(gate, clock, seen, 50, left); });
        // `done` runs under the gate's lock: it reads the workers' own state.
        int steps = drive(gate, clock, [&] { return left.load() == 0; });
        w.join();
        REQUIRE(seen.size() == 50);
        for (int i = 0; i < 50; ++i) CHECK(seen[size_t(i)] == i);  // no step skipped, none seen twice
        CHECK(steps == 49);
    }
}

TEST_CASE("drill: with two actions in flight each sees every step", "[drill][clock_gate]") {
    ClockGate gate;
    std::atomic<int> clock{0};
    std::vector<int> a, b;
    std::atomic<int> left{2};
    gate.enter();
    gate.enter();
    std::thread wa([&] { verifier(gate, clock, a, 30, left); });
    std::thread wb([&] { verifier(gate, clock, b, 10, left); });
    drive(gate, clock, [&] { return left.load() == 0; });
    wa.join();
    wb.join();
    REQUIRE(a.size() == 30);
    REQUIRE(b.size() == 10);
    for (int i = 0; i < 30; ++i) CHECK(a[size_t(i)] == i);
    for (int i = 0; i < 10; ++i) CHECK(b[size_t(i)] == i);
}

TEST_CASE("drill: a worker waiting for a person does not hold the clock", "[drill][clock_gate]") {
    ClockGate gate;
    gate.enter();
    CHECK_FALSE(gate.person_waiting());
    gate.waiting_for_person(true);
    CHECK(gate.person_waiting());
    gate.await_steppable([] { return false; });  // returns at once: nobody holds the clock
    gate.waiting_for_person(false);
    gate.leave();
    CHECK(gate.active() == 0);
}
