// bindings/drill/session_services.hpp: SessionServices, the RunServices of a
// Session: cluster reads come from the Monitor's snapshot (refreshed when the
// clock moved), actions go through the engine's ActionService (and so
// through its safety gate and audit log), live actions run on a worker thread
// while the run is suspended, so the scheduler keeps advancing the simulated
// clock and PD's operators make progress; on a gated session (ClockGate) the
// clock steps only after the engine's verification has looked at the cluster
// again, so a run's course does not depend on machine speed. Approvals are granted by the
// session's AutoApprover ("drill:auto-approve") when the session allows it;
// otherwise actions wait for a person (the GUI or `medic actions approve`
// write the decision into the shared database). When a live action ends, its
// record in the run (appended as "submitted") is updated to the outcome.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "bindings/api/cluster_api.hpp"
#include "bindings/lua/services.hpp"

namespace medic::drill {

class Session;

class SessionServices : public lua::RunServices, public api::ClusterLiveReads {
public:
    explicit SessionServices(Session& s) : session_(s) {}
    ~SessionServices() override;

    std::shared_ptr<const model::ClusterSnapshot> snapshot() override;
    api::Value incidents() override;
    lua::ActionOutcome submit_action(lua::Run& r, std::string_view name, const lua::ActionArgs& args) override;
    std::function<lua::Suspension::Poll()> request_approval(lua::Run& r, const lua::ApprovalRequest& req) override;
    bool cancel_requested(lua::Run& r, bool& compensate) override;
    /// PD's operators, asked once per clock instant (a loop of
    /// cluster.has_operator calls costs one request).
    std::vector<pd::OperatorInfo> pd_operators() override;

    /// Forget the cached snapshot (the next read refreshes).
    void invalidate() {
        fresh_at_ = -1;
        ops_at_ = -1;
    }
    void set_cancel_after(double s) { cancel_after_s_ = s; }
    /// Wait for the live actions a run left in flight (moving a simulated
    /// clock meanwhile), cancel those still awaiting a decision, join the
    /// workers. Called after each run.
    void reap();

private:
    Session& session_;
    double fresh_at_ = -1;
    double ops_at_ = -1;
    std::vector<pd::OperatorInfo> ops_;
    double cancel_after_s_ = 0;
    std::mutex mu_;
    std::vector<std::thread> workers_;
    std::atomic<int> in_flight_{0};     ///< live actions whose worker has not ended
    std::atomic<bool> abandon_{false};  ///< reap(): stop waiting for decisions
};

}  // namespace medic::drill
