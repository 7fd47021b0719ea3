// bindings/lua/engine_services.cpp: EngineServices (engine_services.hpp).
#include "bindings/lua/engine_services.hpp"

#include <mutex>

#include "actions/service.hpp"
#include "bindings/api/errors.hpp"
#include "bindings/lua/run_ops.hpp"

namespace medic::lua {
namespace {

actions::ParamValue to_param(const api::Value& v) {
    using K = api::Value::Kind;
    switch (v.kind) {
    case K::Integer: return v.i;
    case K::Number: return v.n;
    case K::String: return v.s;
    case K::Boolean: return v.b;
    case K::Array: {
        bool ints = !v.a->empty() && (*v.a)[0].kind == K::Integer;
        if (ints) {
            std::vector<int64_t> out;
            for (const auto& e : *v.a) out.push_back(e.i);
            return out;
        }
        std::vector<std::string> out;
        for (const auto& e : *v.a) out.push_back(e.s);
        return out;
    }
    default: return std::monostate{};
    }
}

ActionResult result_of(const actions::ActionOutcome& o) {
    ActionResult res;
    res.status = actions::status_name(o.status);
    res.description = o.description;
    res.audit_id = o.action_id;
    res.calls.reserve(o.calls.size());
    for (const auto& c : o.calls) res.calls.push_back(c.text());
    res.observed = o.observed;
    return res;
}

/// Map an engine outcome to what the runbook sees.
ActionOutcome convert(const actions::ActionOutcome& o, std::string_view name, bool dry) {
    ActionOutcome out;
    out.result = result_of(o);
    if (o.ok()) {
        out.state = dry ? ActionOutcome::State::Planned : ActionOutcome::State::Succeeded;
        return out;
    }
    bool refused = o.status == actions::ActionStatus::Rejected || o.status == actions::ActionStatus::Expired ||
                   o.status == actions::ActionStatus::Cancelled;
    out.state = refused ? ActionOutcome::State::Refused : ActionOutcome::State::Failed;
    api::ErrorCode code = refused ? api::ErrorCode::E_SAFETY_VETO
                          : o.error_code == "pd_error" ? api::ErrorCode::E_PD
                                                        : api::ErrorCode::E_ACTION_FAILED;
    std::string what = o.error.empty() ? std::string(actions::status_name(o.status)) : o.error;
    // details.reason is the engine's stable code ("no_voter_on_store",
    // "operator_running", ...): runbooks tell a stale plan from a failure by
    // it, the same under `medic run`, the GUI and `medic test`.
    api::Value details = action_result_value(out.result, name, dry ? RunMode::DryRun : RunMode::Live);
    if (!o.error_code.empty()) details.set("reason", api::Value::string(o.error_code));
    out.error = {code, (refused ? "refused: " : "failed: ") + what, "", std::move(details)};
    return out;
}

struct Pending {
    std::mutex mu;
    bool done = false;
    actions::ActionOutcome outcome;
};

}  // namespace

ActionOutcome EngineServices::submit_action(Run& r, std::string_view name, const ActionArgs& args) {
    if (service_ == nullptr) return RunServices::submit_action(r, name, args);
    actions::ActionRequest req;
    req.kind = name;
    for (size_t i = 0; i < args.params.size() && i < args.values.size(); i++)
        if (!args.values[i].is_nil()) req.params[args.params[i].name] = to_param(args.values[i]);
    req.actor = "runbook:" + r.chunk;
    req.mode = r.dry_run() ? actions::Mode::DryRun : actions::Mode::Execute;
    req.run_id = r.id;
    if (r.dry_run()) return convert(service_->submit(req), name, true);
    auto pending = std::make_shared<Pending>();
    service_->submit_async(req, [pending](const actions::ActionOutcome& o) {
        std::lock_guard lock(pending->mu);
        pending->outcome = o;
        pending->done = true;
    });
    ActionOutcome out;
    out.state = ActionOutcome::State::Pending;
    out.poll = [pending, name = std::string(name)]() {
        Suspension::Poll p;
        std::lock_guard lock(pending->mu);
        if (!pending->done) return p;
        ActionOutcome o = convert(pending->outcome, name, false);
        if (o.state == ActionOutcome::State::Succeeded) {
            p.state = Suspension::State::Done;
            p.value = action_result_value(o.result, name, RunMode::Live);
        } else {
            p.state = Suspension::State::Failed;
            p.error = o.error ? *o.error : api::HostError{api::ErrorCode::E_ACTION_FAILED, "failed"};
        }
        return p;
    };
    return out;
}

namespace {

Suspension::Poll poll_failed(api::ErrorCode code, std::string message) {
    Suspension::Poll p;
    p.state = Suspension::State::Failed;
    p.error = {code, std::move(message)};
    return p;
}

/// What an ended `approval` action means to the runbook. Rejection and
/// expiry have their own stable codes; anything else (kill switch, cancel,
/// policy) is the gate refusing.
Suspension::Poll approval_result(const actions::ActionOutcome& o) {
    using AS = actions::ActionStatus;
    Suspension::Poll p;
    if (o.ok()) {
        p.state = Suspension::State::Done;
        p.value = api::Value::boolean(true);
        return p;
    }
    std::string what = o.error.empty() ? std::string(actions::status_name(o.status)) : o.error;
    // "rejected" is a person's decision; kill_switch / observe_only are the gate.
    if (o.status == AS::Rejected && (o.error_code.empty() || o.error_code == "rejected"))
        return poll_failed(api::ErrorCode::E_APPROVAL_REJECTED, what);
    if (o.status == AS::Expired) return poll_failed(api::ErrorCode::E_APPROVAL_TIMEOUT, what);
    if (o.status == AS::Failed && o.error_code.rfind("summary_", 0) == 0)
        return poll_failed(api::ErrorCode::E_ARG_DOMAIN, what);
    return poll_failed(api::ErrorCode::E_SAFETY_VETO, "refused: " + what);
}

}  // namespace

std::function<Suspension::Poll()> EngineServices::request_approval(Run& r, const ApprovalRequest& req) {
    if (service_ == nullptr) return RunServices::request_approval(r, req);
    actions::ActionRequest ar;
    ar.kind = "approval";
    ar.params["summary"] = req.summary;
    ar.actor = "runbook:" + (req.where.empty() ? r.chunk : req.where);
    ar.mode = actions::Mode::Execute;
    ar.run_id = r.id;
    ar.wait_for_approval = false;  // the run waits, suspended; no thread blocks
    actions::ActionOutcome first = service_->submit(ar);
    if (first.status != actions::ActionStatus::AwaitingApproval) {
        Suspension::Poll p = approval_result(first);
        return [p] { return p; };
    }
    int64_t id = first.action_id;
    append_log(r, "warn",
               "waiting for approval: action " + std::to_string(id) + " (" + req.summary +
                   "); decide with `medic actions approve " + std::to_string(id) + "` or `medic actions reject " +
                   std::to_string(id) + " --reason ...`, or in the GUI",
               "", "");
    if (!req.details.empty()) append_log(r, "info", "approval details: " + req.details, "", "");
    actions::ActionService* service = service_;
    r.suspension.abandon = [service, id] {
        service->cancel(id, "engine", "the runbook stopped waiting for this approval");
    };
    return [service, id]() {
        if (service->approval_state(id) == actions::ApprovalState::Pending) return Suspension::Poll{};
        return approval_result(service->resume(id));
    };
}

std::vector<pd::OperatorInfo> EngineServices::pd_operators() {
    if (!operators_)
        throw api::HostError{api::ErrorCode::E_MODE, "PD's operators cannot be read in this host (no PD connection)"};
    return operators_();
}

}  // namespace medic::lua
