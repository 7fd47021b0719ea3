// engine/actions/kinds_gate.cpp: the non-PD action kind `approval`, a gate
// that parks its caller until a person decides.
//
// A runbook's `safety.approve{summary=...}` submits it (ActionService
// submit / submit_async, mode Execute): risk critical, so check_autonomy
// asks a person at every autonomy level, and the normal machinery applies
// (`medic actions approve|reject ID`, the GUI's buttons, expiry = declined,
// the requester can never approve itself, frozen by the kill switch). It
// makes no PD request; its post-condition is the approval itself, so once
// approved it goes executing -> verifying -> succeeded at once.
//
// It is deliberately NOT in action_specs(): that table is the catalog of
// cluster actions the Lua `actions` module, the advisor and `medic act`
// list. find_action_spec() still finds it, so the CLI and the service accept
// the name.
#include "actions/kind.hpp"

namespace medic::actions {
namespace {

constexpr size_t kMaxSummaryChars = 500;

// Characters, not bytes: a UTF-8 summary ("store 4 ausgefallen: Räumen?")
// is limited by what a person reads.
size_t utf8_chars(std::string_view s) {
    size_t n = 0;
    for (unsigned char ch : s) n += (ch & 0xC0) != 0x80;
    return n;
}

bool blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

FactNeeds no_facts(const ParamMap&, bool) {
    FactNeeds n;
    n.operators = false;
    n.stores = false;
    return n;
}

Plan plan_approval(const ParamMap& p, const Facts&) {
    std::string summary = param_string(p, "summary");
    if (blank(summary)) return invalid("summary_empty", "summary must say what the person approves (1..500 characters)");
    size_t chars = utf8_chars(summary);
    if (chars > kMaxSummaryChars)
        return invalid("summary_too_long", "summary has " + std::to_string(chars) + " characters (max 500)");
    for (unsigned char ch : summary)
        if (ch < 0x20 && ch != '\n' && ch != '\t')
            return invalid("summary_control_char", "summary contains a control character (code " + std::to_string(ch) + ")");
    Plan out;
    out.description = "a person must approve: " + summary;
    // Bound into the approval hash with kind and params: nothing else to bind.
    out.facts_json = "{}";
    out.timeout_s = 0;
    return out;
}

// Reached only after the approval was granted (the service never executes an
// action awaiting a decision): the post-condition holds by construction.
Check verify_approval(const ParamMap&, const Plan&, const Facts&) {
    return {CheckState::Done, "approved by a person"};
}

}  // namespace

std::vector<ActionSpec> gate_action_specs() {
    std::vector<ActionSpec> v;
    v.push_back({"approval", "wait until a person approves (or rejects) a step of a runbook",
                 "No cluster effect. Parks the caller until a person decides through the normal approval "
                 "machinery (medic actions approve|reject ID, the GUI). Rejected or expired = declined.",
                 Risk::Critical, true, "", Effect::Local, true,
                 {ParamSpec{"summary", ParamType::String, "what the person approves (1..500 characters)", 0, 0,
                            true, {}, {}, "one line shown to the approver"}}});
    return v;
}

std::vector<KindImpl> gate_kinds() { return {{"approval", no_facts, plan_approval, verify_approval}}; }

}  // namespace medic::actions
