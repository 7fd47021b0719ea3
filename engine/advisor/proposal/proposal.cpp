// engine/advisor/proposal/proposal.cpp: envelope serialization and sealing.
#include "proposal.hpp"

#include "engine/store/audit_log.hpp"  // store::sha256_hex

namespace medic::advisor {
namespace {

using json::Value;

Value s(const std::string& x) { return Value::make_string(x); }

Value strings(const std::vector<std::string>& v) {
    Value a = Value::make_array();
    for (const auto& x : v) a.push(s(x));
    return a;
}

Value step_json(const PlannedStep& st) {
    Value v = Value::make_object();
    v.set("kind", s(st.kind));
    if (!st.runbook.empty()) v.set("runbook", s(st.runbook));
    auto params = json::parse(st.params_json.empty() ? "{}" : st.params_json);
    v.set("params", params.ok() ? params.value() : Value::make_object());
    v.set("risk", s(actions::risk_name(st.risk)));
    v.set("reversible", Value::make_bool(st.reversible));
    v.set("description", s(st.description));
    v.set("step_hash", s(st.step_hash));
    return v;
}

Value source_json(const SourceInfo& src) {
    Value v = Value::make_object();
    v.set("advisor", s(src.advisor));
    v.set("provider", s(src.provider));
    v.set("model", s(src.model));
    v.set("endpoint", s(src.endpoint));
    v.set("prompt_sha256", s(src.prompt_sha256));
    v.set("response_sha256", s(src.response_sha256));
    v.set("extraction", s(src.extraction));
    v.set("response_id", s(src.response_id));
    v.set("attempts", Value::make_int(src.attempts));
    if (!src.fallback_from.empty()) {
        Value& f = v.set("fallback", Value::make_object());
        f.set("from", s(src.fallback_from));
        f.set("reason", s(src.fallback_reason));
        f.set("llm_proposal_id", Value::make_int(src.fallback_of_id));
    }
    return v;
}

}  // namespace

std::string ProposalEnvelope::headline() const {
    for (const auto& p : proposals)
        if (!p.summary.empty()) return p.summary;
    return reasons.empty() ? std::string(outcome_name(outcome)) : reasons.front();
}

void seal_plan(ProposalEnvelope& env) {
    std::string all;
    actions::Risk max = actions::Risk::Low;
    for (auto& st : env.plan) {
        st.step_hash = store::sha256_hex(st.kind + "\n" + st.runbook + "\n" + st.params_json);
        all += st.step_hash + "\n";
        if (st.risk > max) max = st.risk;
    }
    env.plan_hash = env.plan.empty() ? "" : store::sha256_hex(all);
    env.risk = env.plan.empty() ? "" : actions::risk_name(max);
    // policy: approval_by_engine_risk — routing (auto/notify/approve) is the
    // safety gate's; the envelope only records that a decision is pending.
    env.approval_state = env.outcome == Outcome::Proposal ? "required" : "not_applicable";
}

json::Value ProposalEnvelope::to_json() const {
    Value v = Value::make_object();
    v.set("id", Value::make_int(id));
    v.set("outcome", s(outcome_name(outcome)));
    if (!no_proposal_kind.empty()) v.set("no_proposal_kind", s(no_proposal_kind));
    v.set("headline", s(headline()));
    v.set("reasons", strings(reasons));
    if (!model_text.empty()) v.set("model_text", s(model_text));
    v.set("source", source_json(source));
    Value& sn = v.set("snapshot", Value::make_object());
    sn.set("taken_at_ms", Value::make_int(snapshot.taken_at_ms));
    sn.set("regions_taken_at_ms", Value::make_int(snapshot.regions_taken_at_ms));
    sn.set("stores", Value::make_int(int64_t(snapshot.stores)));
    sn.set("regions", Value::make_int(int64_t(snapshot.regions)));
    Value& inc = v.set("incident", Value::make_object());
    inc.set("id", Value::make_int(incident_id));
    inc.set("kind", s(incident_kind));
    Value& ps = v.set("proposals", Value::make_array());
    for (const auto& p : proposals) ps.push(p.to_json());
    Value& is = v.set("validation", Value::make_array());
    for (const auto& i : issues) {
        Value& x = is.push(Value::make_object());
        x.set("code", s(i.code));
        x.set("path", s(i.path));
        x.set("message", s(i.message));
    }
    Value& pl = v.set("plan", Value::make_array());
    for (const auto& st : plan) pl.push(step_json(st));
    v.set("risk", s(risk));
    v.set("claimed_risk", s(claimed_risk));
    v.set("flags", strings(flags));
    v.set("plan_hash", s(plan_hash));
    Value& ap = v.set("approval", Value::make_object());
    ap.set("state", s(approval_state));
    ap.set("binds_plan_hash", s(plan_hash));
    v.set("execution", Value::make_object()).set("state", s(execution_state));
    v.set("created_at_ms", Value::make_int(created_at_ms));
    return v;
}

}  // namespace medic::advisor
