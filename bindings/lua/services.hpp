// bindings/lua/services.hpp: RunServices, what a run needs from the world
// outside its Lua state: the journal (every log line, step and action is
// reported here as it happens), the latest cluster snapshot, the engine's
// action service and approvals. The scheduler owns one; tests use the
// default implementation, which journals nothing and has no cluster.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "bindings/api/errors.hpp"
#include "bindings/api/value.hpp"
#include "bindings/lua/run.hpp"

namespace medic::model {
class ClusterSnapshot;
}

namespace medic::lua {

/// Result of asking the engine to carry out (or plan) one action.
struct ActionOutcome {
    enum class State : uint8_t { Planned, Succeeded, Pending, Refused, Failed };
    State state = State::Failed;
    std::string audit_id;
    api::Value result;         ///< the planned action + expected change, or the verified result
    api::HostError error;      ///< when Refused / Failed
    /// When Pending: poll until the action is verified (PD operator finished).
    std::function<Suspension::Poll()> poll;
};

/// An approval request handed to a person (GUI, `medic actions approve`).
struct ApprovalRequest {
    std::string summary;
    std::string details;
    double timeout_s = 0;
    std::string where;  ///< "drain.lua:12": the requester ("runbook:drain.lua:12")
};

class RunServices {
public:
    virtual ~RunServices() = default;

    // -- journal (called on the VM thread, in order)
    virtual void on_run_started(Run&) {}
    virtual void on_log(Run&, const LogLine&) {}
    virtual void on_step(Run&, int64_t /*seq*/, const std::string& /*name*/, const std::string& /*state*/,
                         const std::string& /*detail*/) {}
    virtual void on_action(Run&, const ActionRecord&) {}
    virtual void on_run_finished(Run&) {}
    /// Polled by the scheduler: has someone asked (from another process) to cancel this run?
    virtual bool cancel_requested(Run&, bool& /*compensate*/) { return false; }

    // -- cluster
    virtual std::shared_ptr<const model::ClusterSnapshot> snapshot() { return nullptr; }
    /// Open incidents as plain data (an array of maps); empty without a monitor.
    virtual api::Value incidents() { return api::Value::array(); }

    // -- actions: plan (dry-run) or execute through the engine's safety gate
    virtual ActionOutcome submit_action(Run&, const std::string& name, const api::Value& params);

    // -- approvals: poll returns Done(true) when approved, Failed when rejected/expired
    virtual std::function<Suspension::Poll()> request_approval(Run&, const ApprovalRequest&);
};

}  // namespace medic::lua
