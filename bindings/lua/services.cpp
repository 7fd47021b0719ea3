// bindings/lua/services.cpp: RunServices defaults: without an engine there
// is nothing to act on and nobody to approve, which is an operational error
// the runbook sees, never a silent success.
#include "bindings/lua/services.hpp"

namespace medic::lua {

ActionOutcome RunServices::submit_action(Run&, const std::string& name, const api::Value&) {
    ActionOutcome o;
    o.state = ActionOutcome::State::Failed;
    o.error = {api::ErrorCode::E_HOST, "cannot run " + name + ": this host has no action service"};
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
