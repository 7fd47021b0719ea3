// bindings/lua/services.cpp: RunServices defaults: without an engine there
// is nothing to act on and nobody to approve, which is an operational error
// the runbook sees, never a silent success.
#include "bindings/lua/services.hpp"

namespace medic::lua {

api::Value ActionArgs::to_map() const {
    api::Value out = api::Value::map();
    out.m->reserve(params.size());
    for (size_t i = 0; i < params.size() && i < values.size(); i++)
        if (!values[i].is_nil()) out.set(params[i].name, values[i]);
    return out;
}

api::Value action_result_value(const ActionResult& res, std::string_view action, RunMode mode) {
    api::Value v = api::Value::map();
    v.set("action", api::Value::string(std::string(action)));
    v.set("mode", api::Value::string(kRunModeNames[size_t(mode)]));
    v.set("status", api::Value::string(res.status));
    if (!res.description.empty()) v.set("description", api::Value::string(res.description));
    v.set("audit_id", api::Value::integer(res.audit_id));
    if (!res.calls.empty()) {
        api::Value calls = api::Value::array();
        for (const auto& c : res.calls) calls.push(api::Value::string(c));
        v.set("calls", std::move(calls));
    }
    if (!res.observed.empty()) v.set("observed", api::Value::string(res.observed));
    return v;
}

ActionOutcome RunServices::submit_action(Run&, std::string_view name, const ActionArgs&) {
    ActionOutcome o;
    o.state = ActionOutcome::State::Failed;
    o.error = {api::ErrorCode::E_HOST, "cannot run " + std::string(name) + ": this host has no action service"};
    return o;
}

std::function<Suspension::Poll()> RunServices::request_approval(Run&, const ApprovalRequest&) {
    return [] {
        Suspension::Poll p;
        p.state = Suspension::State::Failed;
        p.error = {api::ErrorCode::E_APPROVAL_REJECTED, "no approver is connected to this host"};
        return p;
    };
}

}  // namespace medic::lua
