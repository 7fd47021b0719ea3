// bindings/drill/test_context.cpp: TestContext (test_context.hpp).
#include "bindings/drill/test_context.hpp"

#include "bindings/drill/session_services.hpp"
#include "bindings/lua/run.hpp"

namespace medic::drill {
namespace {
thread_local TestContext* g_current = nullptr;
}

TestContext* current_test() { return g_current; }
void set_current_test(TestContext* t) { g_current = t; }

Session& TestContext::ensure_session() {
    if (!session) start(SessionOptions{});
    return *session;
}

Session& TestContext::start(SessionOptions opts) {
    session.reset();  // the old pdsim and database go first
    session = std::make_unique<Session>(std::move(opts));
    if (host_run) host_run->services = &session->services();
    return *session;
}

}  // namespace medic::drill
