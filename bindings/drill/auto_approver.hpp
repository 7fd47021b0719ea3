// bindings/drill/auto_approver.hpp: AutoApprover, the "person" of
// `medic drill --auto-approve`, `medic demo --headless` and `medic test`:
// a thread that grants every pending approval in one database through the
// ActionService, as "drill:auto-approve" (so the audit trail says who did).
//
// Why a thread and not an approve() right after submit(): an approval is
// bound to the facts it was shown; when the cluster moves before execution
// the engine voids it and asks again (STYLE 3.8 rule 2). The second request
// needs a second decision, and the action's own thread is blocked waiting
// for it. Watching the approvals table answers every request, however many.
#pragma once

#include <atomic>
#include <string>
#include <thread>

namespace medic::actions {
class ActionService;
}

namespace medic::drill {

inline constexpr const char* kAutoApprover = "drill:auto-approve";

class AutoApprover {
public:
    /// Starts watching `db_path` for pending approvals (every `poll_ms`).
    AutoApprover(actions::ActionService& svc, std::string db_path, int poll_ms = 5);
    ~AutoApprover();
    AutoApprover(const AutoApprover&) = delete;
    AutoApprover& operator=(const AutoApprover&) = delete;

    /// Approvals granted so far.
    long long granted() const { return granted_.load(); }

private:
    void loop();

    actions::ActionService& svc_;
    std::string db_path_;
    int poll_ms_;
    std::atomic<bool> stop_{false};
    std::atomic<long long> granted_{0};
    std::thread thread_;
};

}  // namespace medic::drill
