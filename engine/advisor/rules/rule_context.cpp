// engine/advisor/rules/rule_context.cpp: evidence, alternatives, action and
// store-picking helpers shared by the rules.
#include "rule_context.hpp"

#include "../proposal/catalog.hpp"

namespace medic::advisor::rules {
namespace {

std::string claimed_level(actions::Risk r) {
    return r == actions::Risk::Low ? "low" : r == actions::Risk::Medium ? "medium" : "high";
}

}  // namespace

RuleCtx::RuleCtx(const AdviceRequest& r, const ObservationSet& o) : req(r), snap(*r.snapshot), obs(o) {
    p.schema_version = kSchemaVersion;
    p.confidence = "medium";
    p.severity = "warning";
    p.verification_within_s = 300;
}

void RuleCtx::cite(const Observation* o, std::string claim) {
    if (!o) return;  // never cite what was not observed
    for (const auto& e : p.evidence)
        if (e.observation_id == o->id && e.claim == claim) return;
    p.evidence.push_back({o->id, std::move(claim)});
}

void RuleCtx::cite_store(uint64_t id, std::string claim) { cite(obs.find_subject("pd_store", "store_id", id), std::move(claim)); }

void RuleCtx::cite_region(uint64_t id, std::string claim) {
    const Observation* o = obs.find_subject("hot_region", "region_id", id);
    if (!o) o = obs.find_subject("pd_region", "region_id", id);
    cite(o, std::move(claim));
}

void RuleCtx::cite_incident(std::string claim) {
    for (const auto& o : obs.all())
        if (o.kind == "incident") return cite(&o, std::move(claim));
}

void RuleCtx::cite_cluster(std::string claim) {
    for (const auto& o : obs.all())
        if (o.kind == "cluster") return cite(&o, std::move(claim));
}

void RuleCtx::alt(std::string description, std::string why_not) {
    p.alternatives.push_back({std::move(description), std::move(why_not)});
}

void RuleCtx::act(const std::string& kind, std::optional<int64_t> region, std::optional<int64_t> store,
                  std::optional<int64_t> target, std::optional<std::string> runbook) {
    p.action = WireAction{kind, region, store, target, runbook};
    actions::Risk risk = actions::Risk::Low;
    bool reversible = false;
    std::string undo;
    if (const WireKind* k = find_wire_kind(kind)) {
        risk = k->spec->risk;
        reversible = k->spec->reversible;
        undo = k->spec->compensation;
    } else if (const RunbookSpec* rb = runbook ? find_runbook(*runbook) : nullptr) {
        risk = rb->risk;
    }
    p.risk_level = claimed_level(risk);
    p.reversible = reversible;
    p.rollback_possible = reversible;
    p.rollback_plan = reversible ? "undo with " + undo : (kind == "none" ? "nothing to roll back" : "see the runbook's own rollback steps");
}

void RuleCtx::diagnose(std::string severity, std::string symptom, std::string hypothesis) {
    p.severity = std::move(severity);
    p.symptom = std::move(symptom);
    p.hypothesis = std::move(hypothesis);
}

std::vector<const pd::Store*> RuleCtx::up_stores() const {
    std::vector<const pd::Store*> v;
    for (const auto& s : snap.stores())
        if (s.state_name == pd::StoreStateName::Up && !s.is_tiflash()) v.push_back(&s);
    return v;
}

const pd::Store* RuleCtx::least_leaders(const std::set<uint64_t>& candidates, const std::set<uint64_t>& exclude) const {
    const pd::Store* best = nullptr;
    for (const pd::Store* s : up_stores()) {
        if (exclude.count(s->id) || (!candidates.empty() && !candidates.count(s->id))) continue;
        if (!best || s->leader_count < best->leader_count) best = s;
    }
    return best;
}

uint64_t RuleCtx::max_replicas() const {
    return snap.replication().max_replicas ? snap.replication().max_replicas : 3;
}

}  // namespace medic::advisor::rules
