// gui/bridge/proposal_view.cpp: envelope JSON + linked actions -> ProposalView.
#include "proposal_view.hpp"

#include "actions/spec.hpp"
#include "advisor/json/json_value.hpp"
#include "gui/bridge/json_flat.hpp"

namespace medic::gui::bridge {
namespace {

using advisor::json::Value;
using S = actions::ActionStatus;

std::string text(const Value* v, std::string_view key) {
    const Value* f = v ? v->find(key) : nullptr;
    auto s = f ? f->str() : std::nullopt;
    return s ? std::string(*s) : std::string();
}

const Value* member(const Value* v, std::string_view key) { return v ? v->find(key) : nullptr; }

Risk ui_risk(const std::string& r) {
    if (r == "medium") return Risk::Medium;
    if (r == "high") return Risk::High;
    if (r == "critical") return Risk::Critical;
    return Risk::Low;
}

std::string scalar_text(const Value& v) {
    if (auto s = v.str()) return std::string(*s);
    if (v.is_bool()) return v.boolean ? "true" : "false";
    if (v.is_null()) return "null";
    return v.text.empty() ? advisor::json::serialize(v) : v.text;
}

std::uint64_t confirm_store_of(const std::vector<KeyValue>& params) {
    for (const char* k : {"store", "store_id", "from_store", "to_store"})
        for (const auto& kv : params)
            if (kv.key == k) return std::strtoull(kv.value.c_str(), nullptr, 10);
    return 0;
}

std::string reversibility_of(const std::string& kind, bool fallback) {
    if (const auto* spec = actions::find_action_spec(kind))
        return spec->reversible ? (spec->compensation.empty() ? "reversible" : "reversible: undo with " + spec->compensation)
                                : "irreversible";
    return fallback ? "reversible" : "irreversible";
}

void add_plan(ProposalView& p, const Value* plan) {
    if (!plan || !plan->is_array()) return;
    for (const Value& st : plan->items) {
        ActionView a;
        a.kind = text(&st, "kind");
        if (a.kind == "run_runbook") {
            p.runbook = text(&st, "runbook");
            if (const Value* params = member(&st, "params"))
                for (const auto& [k, v] : params->members) p.runbook_params.push_back({k, scalar_text(v)});
            continue;
        }
        if (const Value* params = member(&st, "params"))
            for (const auto& [k, v] : params->members) a.params.push_back({k, scalar_text(v)});
        a.risk = ui_risk(text(&st, "risk"));
        const Value* rev = member(&st, "reversible");
        a.reversibility = reversibility_of(a.kind, rev && rev->boolean);
        if (auto d = text(&st, "description"); !d.empty()) a.expected.push_back(d);
        a.confirm_store = confirm_store_of(a.params);
        p.actions.push_back(std::move(a));
    }
}

void add_reasoning(ProposalView& p, const Value* wire) {
    if (!wire) return;
    const Value* dg = member(wire, "diagnosis");
    std::string symptom = text(dg, "symptom"), hypothesis = text(dg, "hypothesis");
    p.diagnosis = text(wire, "summary");
    if (!symptom.empty()) p.diagnosis += "\n\nSymptom: " + symptom;
    if (!hypothesis.empty()) p.diagnosis += "\nHypothesis: " + hypothesis;
    if (const Value* ev = member(wire, "evidence"); ev && ev->is_array())
        for (const Value& e : ev->items) p.evidence.push_back({text(&e, "claim"), "observation " + text(&e, "observation_id")});
    if (const Value* al = member(wire, "alternatives"); al && al->is_array())
        for (const Value& a : al->items) p.alternatives.push_back({text(&a, "description"), text(&a, "why_not")});
    std::string conf = text(wire, "confidence");
    p.confidence = conf == "high" ? 0.9 : conf == "medium" ? 0.6 : conf == "low" ? 0.3 : 0;
    const Value* vf = member(wire, "verification");
    p.verification = text(vf, "signal");
    if (const Value* w = member(vf, "expected_within_seconds"); w && w->int64() && *w->int64() > 0)
        p.verification += " (within " + std::to_string(*w->int64()) + " s)";
    p.rollback = text(member(wire, "rollback"), "plan");
    if (auto impact = text(wire, "expected_impact"); !impact.empty() && !p.actions.empty())
        p.actions.front().expected.push_back(impact);
}

/// The proposal's state follows its actions once the engine submitted them.
void derive_outcome(ProposalView& p, const std::vector<LinkedAction>& linked) {
    bool awaiting = false, running = false, failed = false, rejected_person = false, rejected_gate = false,
         expired = false, all_done = !linked.empty(), all_dry = !linked.empty();
    for (const auto& l : linked) {
        S s = l.action.status;
        awaiting |= s == S::AwaitingApproval;
        running |= s == S::Approved || s == S::Executing || s == S::Verifying;
        failed |= s == S::Failed || s == S::Interrupted;
        bool person = l.approval && !l.approval->decided_by.empty();
        rejected_person |= (s == S::Rejected && person) || s == S::Cancelled;
        rejected_gate |= s == S::Rejected && !person;
        expired |= s == S::Expired;
        all_done &= s == S::Succeeded || s == S::Skipped;
        all_dry &= s == S::DryRun;
        if (l.approval && !l.approval->decided_by.empty()) {
            p.decided_by = l.approval->decided_by;
            p.decision_note = l.approval->comment;
        }
        if (s == S::Rejected && !person && !l.action.error.empty()) p.rejection_reasons.push_back(l.action.error);
    }
    if (awaiting) p.outcome = ProposalOutcome::NeedsApproval;
    else if (rejected_gate) p.outcome = ProposalOutcome::RejectedUnsafe;
    else if (rejected_person) p.outcome = ProposalOutcome::Rejected;
    else if (running) p.outcome = ProposalOutcome::Approved;
    else if (failed) p.outcome = ProposalOutcome::Failed;
    else if (expired) p.outcome = ProposalOutcome::Expired;
    else if (all_done) p.outcome = ProposalOutcome::Executed;
    else if (all_dry) {
        p.outcome = ProposalOutcome::NoAction;
        p.decision_note = "dry run only: switch the mode to LIVE to execute";
    } else {
        p.outcome = ProposalOutcome::NoAction;
        p.decision_note = "not submitted to the engine";
    }
}

/// The steps a folded transition row stands for ("proposed -> validated ->
/// approved -> executing"), when its detail names them and they run from the
/// row's `from` to its `to`; else empty. The row is read from a file anyone
/// may edit: only short lowercase step names are taken.
std::vector<std::string> folded_steps(const store::TransitionRecord& t, const Value& detail) {
    std::string steps = text(&detail, "steps");
    std::vector<std::string> out;
    for (size_t at = 0; at <= steps.size() && out.size() < 8;) {
        size_t end = steps.find(" -> ", at);
        std::string step = steps.substr(at, end == std::string::npos ? std::string::npos : end - at);
        if (step.empty() || step.size() > 20 || step.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") != std::string::npos)
            return {};
        out.push_back(std::move(step));
        if (end == std::string::npos) break;
        at = end + 4;
    }
    if (out.size() < 2 || out.front() != t.from || out.back() != t.to) return {};
    return out;
}

/// One check per lifecycle step. On the straight path the engine writes one
/// row for several steps (the "steps" of its detail): each step gets its own
/// entry, so the person sees "validated" and "approved" as for a record
/// written step by step.
void add_checks(ProposalView& p, const store::TransitionRecord& t) {
    bool ok = t.to != "rejected" && t.to != "failed";
    auto detail = advisor::json::parse(t.detail);
    std::vector<std::string> steps = detail.ok() ? folded_steps(t, detail.value()) : std::vector<std::string>{};
    if (steps.empty()) {
        p.checks.push_back(CheckView{t.to, ok, t.reason});
        return;
    }
    std::string approver = text(&detail.value(), "approved_by"), why = text(&detail.value(), "approval_reason");
    for (size_t i = 1; i + 1 < steps.size(); ++i) {
        std::string note = steps[i] == "approved" && !approver.empty()
                               ? "by " + approver + (why.empty() ? "" : ": " + why)
                               : "recorded with the " + t.to + " step";
        p.checks.push_back(CheckView{steps[i], true, note});
    }
    p.checks.push_back(CheckView{t.to, ok, t.reason});
}

void add_linked(ProposalView& p, const std::vector<LinkedAction>& linked) {
    std::string binding;
    for (const auto& l : linked) {
        const auto& a = l.action;
        binding += a.params_hash;
        std::string head = "action " + std::to_string(a.id) + " " + a.kind + " [" + actions::status_name(a.status) +
                           ", " + a.mode + "]";
        p.dry_run.push_back(head + (a.pd_request.empty() ? ": " + a.description : ": " + a.pd_request));
        for (const auto& t : l.transitions) add_checks(p, t);
        for (auto& kv : flatten_json(a.facts, 16)) p.facts.push_back({"action " + std::to_string(a.id) + " " + kv.key, kv.value});
    }
    if (!binding.empty()) p.binding = binding;
}

}  // namespace

ProposalView render_proposal(const store::ProposalRow& row, const std::vector<LinkedAction>& linked, std::int64_t now_ms) {
    ProposalView p;
    p.id = row.id;
    p.label = "Proposal #" + std::to_string(row.id);
    p.incident_id = row.incident_id.value_or(0);
    p.advisor = row.advisor;
    p.outcome_name = row.outcome;
    p.age_s = static_cast<double>(now_ms - row.created_at_ms) / 1000.0;
    auto parsed = advisor::json::parse(row.body);
    if (!parsed.ok()) {
        p.outcome = ProposalOutcome::RejectedInvalid;
        p.rejection_reasons.push_back("recorded proposal body is not valid JSON: " + parsed.error().message);
        return p;
    }
    const Value& env = parsed.value();
    add_plan(p, member(&env, "plan"));
    const Value* wires = member(&env, "proposals");
    add_reasoning(p, wires && wires->is_array() && !wires->items.empty() ? &wires->items.front() : nullptr);
    p.risk = ui_risk(text(&env, "risk"));
    for (const auto& a : p.actions) p.risk = std::max(p.risk, a.risk);
    p.reversibility = p.actions.empty() ? "" : p.actions.front().reversibility;
    p.binding = text(&env, "plan_hash");
    if (const Value* rs = member(&env, "reasons"); rs && rs->is_array())
        for (const Value& r : rs->items) p.rejection_reasons.push_back(scalar_text(r));
    if (const Value* vs = member(&env, "validation"); vs && vs->is_array())
        for (const Value& v : vs->items) p.rejection_reasons.push_back(text(&v, "path") + ": " + text(&v, "message"));
    if (row.outcome == "rejected_invalid") p.outcome = ProposalOutcome::RejectedInvalid;
    else if (row.outcome == "rejected_unsafe") p.outcome = ProposalOutcome::RejectedUnsafe;
    else if (row.outcome != "proposal") p.outcome = ProposalOutcome::NoAction;
    else derive_outcome(p, linked);
    if (p.outcome == ProposalOutcome::NeedsApproval) p.rejection_reasons.clear();
    // The engine withdrew it (its incident closed) or another proposal
    // already covers its plan: say so instead of "rejected by engine".
    if (row.status == "expired" || row.status == "superseded") {
        p.outcome = row.status == "expired" ? ProposalOutcome::Expired : ProposalOutcome::NoAction;
        p.decision_note = row.status + ": " + row.status_reason;
    }
    add_linked(p, linked);
    return p;
}

ProposalView render_standalone_action(const LinkedAction& l, std::int64_t now_ms) {
    const auto& a = l.action;
    ProposalView p;
    p.id = -a.id;
    p.label = "Action #" + std::to_string(a.id);
    p.advisor = a.requester.empty() ? a.actor : a.requester;
    p.outcome_name = actions::status_name(a.status);
    ActionView v;
    v.kind = a.kind;
    v.params = flatten_json(a.params);
    if (!a.description.empty()) v.expected.push_back(a.description);
    v.risk = ui_risk(a.risk);
    v.reversibility = reversibility_of(a.kind, false);
    v.confirm_store = confirm_store_of(v.params);
    p.risk = v.risk;
    p.reversibility = v.reversibility;
    p.actions.push_back(std::move(v));
    p.diagnosis = "Requested by " + p.advisor + " (not from an advisor proposal).";
    p.verification = a.result.empty() ? "The engine verifies the post-condition on observed PD state." : a.result;
    p.age_s = static_cast<double>(now_ms - a.created_at_ms) / 1000.0;
    derive_outcome(p, {l});
    add_linked(p, {l});
    return p;
}

}  // namespace medic::gui::bridge
