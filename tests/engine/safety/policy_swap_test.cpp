// tests/engine/safety/policy_swap_test.cpp: a policy change (the GUI's
// autonomy setting calls ActionService::set_policy) while executed actions
// pass the gate in other threads. set_policy replaces the rate limiter and
// the policy; an action's rate check and approval deadline must never use
// the ones being replaced (a freed limiter: heap-use-after-free under ASan,
// a data race under TSan, heap corruption in a normal build).
#include "../actions/fixture.hpp"
#include "store/action_store.hpp"
#include "store/audit_log.hpp"
#include "store/database.hpp"

#include <atomic>
#include <string>
#include <thread>
#include <vector>

using namespace medic;

TEST_CASE("policy: set_policy while executed actions pass the gate", "[policy][race]") {
    test::WriteFixture f;
    constexpr int kCallers = 4, kPerCaller = 60;
    static const char* kItems[] = {"region", "leader", "replica", "merge"};  // one lock target per caller
    std::atomic<bool> done{false};
    std::atomic<int> swaps{0};
    std::thread changer([&] {
        auto p = test::open_policy();
        while (!done) {
            f.svc->set_policy(p);
            ++swaps;
        }
    });
    std::vector<std::vector<std::string>> errors(kCallers);
    std::vector<std::thread> callers;
    for (int t = 0; t < kCallers; ++t)
        callers.emplace_back([&, t] {
            for (int i = 0; i < kPerCaller; ++i) {
                actions::ActionRequest r;
                r.kind = "set_schedule_limit";
                r.params = {{"kind", std::string(kItems[t])}, {"limit", int64_t(1000 + i)}};
                r.mode = actions::Mode::Execute;
                r.actor = "user:tester";
                auto o = f.svc->submit(r);
                if (!o.ok()) errors[size_t(t)].push_back(o.error_code + ": " + o.error);
            }
        });
    for (auto& c : callers) c.join();
    done = true;
    changer.join();
    CHECK(swaps.load() > 0);
    for (const auto& e : errors) CHECK(e.empty());
    // Every action recorded, the audit chain intact.
    f.svc.reset();
    auto db = store::Database::open(f.tmp.path);
    CHECK(store::list_actions(*db, "succeeded", 10000).size() == size_t(kCallers * kPerCaller));
    CHECK(store::verify_audit(*db).ok);
}
