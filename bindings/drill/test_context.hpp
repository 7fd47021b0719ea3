// bindings/drill/test_context.hpp: TestContext, what the `test` module
// (bindings/api/test_api.cpp) acts on while `medic test` runs one
// *_test.lua file: the directory its runbooks are found in, the current
// Session (pdsim scenario + engine) and the run that hosts the test file.
// Only the test runner creates one; outside `medic test` there is none and
// the `test` module is not even installed.
#pragma once

#include <memory>
#include <string>

#include "bindings/drill/session.hpp"

namespace medic::drill {

struct TestContext {
    std::string dir;                    ///< the test file's directory (runbooks are looked up here)
    std::unique_ptr<Session> session;   ///< started by test.scenario (or the first test.run)
    lua::Run* host_run = nullptr;       ///< the run whose state executes the test file
    int runs = 0;                       ///< runbooks run so far (for the report)
    double sim_seconds = 0;             ///< simulated time those runs took

    /// The session, starting the default scenario when none was chosen.
    Session& ensure_session();
    /// Replace the session with a fresh one.
    Session& start(SessionOptions opts);
};

/// The context of the test file being run on this thread (nullptr outside `medic test`).
TestContext* current_test();
void set_current_test(TestContext* t);

}  // namespace medic::drill
