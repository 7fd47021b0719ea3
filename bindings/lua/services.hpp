// bindings/lua/services.hpp: RunServices, what a run needs from the world
// outside its Lua state: the journal (every log line, step and action is
// reported here as it happens), the latest cluster snapshot, the engine's
// action service and approvals. The scheduler owns one; tests use the
// default implementation, which journals nothing and has no cluster.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "bindings/api/errors.hpp"
#include "bindings/api/value.hpp"
#include "bindings/lua/run.hpp"

namespace medic::model {
class ClusterSnapshot;
}

namespace medic::lua {

/// Result of asking the engine to carry out (or plan) one action.
struct ActionOutcome {
    using State = ActionState;
    State state = State::Failed;
    ActionResult result;       ///< the planned action + expected change, or the verified result;
                               ///< result.audit_id is kept for refusals and failures too
    /// When Refused / Failed (set it then; the planned path builds none).
    std::optional<api::HostError> error;
    /// When Pending: poll until the action is verified (PD operator finished).
    /// A Done poll's value is the verified result (action_result_value).
    std::function<Suspension::Poll()> poll;
};

/// One action call's checked arguments: the action's parameters (its spec,
/// in declaration order) and the values aligned with them, defaults filled
/// in; a nil value is an optional parameter the call left out. Views into
/// the dispatcher's argument slots: valid during submit_action only.
struct ActionArgs {
    std::span<const api::ParamSpec> params;
    std::span<const api::Value> values;
    /// The arguments as a map, name -> value, absent ones left out.
    api::Value to_map() const;
};

/// The verified result of a live action as plain data (what a Done poll
/// returns and the runbook receives): the fields of actions.Result.
api::Value action_result_value(const ActionResult& res, std::string_view action, RunMode mode);

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
    /// The run parked (suspended) on `what` (Suspension::waiting_for) / went
    /// on after it. A wait_until loop reports one wait, not one per poll.
    virtual void on_wait(Run&, const std::string& /*what*/) {}
    virtual void on_resume(Run&) {}
    /// Polled by the scheduler: has someone asked (from another process) to cancel this run?
    virtual bool cancel_requested(Run&, bool& /*compensate*/) { return false; }

    /// Called once the header is known, before the body runs. Non-empty =
    /// the run is refused with that reason (E_SAFETY_REQUIRE): e.g. another
    /// live run of a runbook whose header says concurrency = "one".
    virtual std::string refuse_start(Run&) { return ""; }

    // -- cluster
    virtual std::shared_ptr<const model::ClusterSnapshot> snapshot() { return nullptr; }
    /// Open incidents as plain data (an array of maps); empty without a monitor.
    virtual api::Value incidents() { return api::Value::array(); }

    // -- actions: plan (dry-run) or execute through the engine's safety gate
    // `name` is the registry's action name; `args` views the checked
    // arguments (copy what must outlive the call). Called on the VM thread;
    // dry-run answers synchronously (never Pending).
    virtual ActionOutcome submit_action(Run&, std::string_view name, const ActionArgs& args);

    // -- approvals: poll returns Done(true) when approved, Failed when rejected/expired
    virtual std::function<Suspension::Poll()> request_approval(Run&, const ApprovalRequest&);
};

}  // namespace medic::lua
