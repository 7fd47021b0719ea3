// engine/advisor/proposal/evaluate.cpp: candidates -> outcome.
#include "evaluate.hpp"

#include "../prompt/injection.hpp"
#include "../text_sanitize.hpp"
#include "plan_check.hpp"

namespace medic::advisor {
namespace {

int risk_rank(const std::string& r) { return r == "high" ? 3 : r == "medium" ? 2 : r == "low" ? 1 : 0; }

void reject(ProposalEnvelope& env, Outcome o, const std::vector<Issue>& issues) {
    env.outcome = o;
    for (const auto& i : issues) {
        env.issues.push_back(i);
        env.reasons.push_back(i.path + ": " + i.message);
    }
}

void flag_injection(ProposalEnvelope& env, const ObservationSet& obs) {
    for (const auto& p : env.proposals)
        for (const auto& e : p.evidence) {
            const Observation* o = obs.find(e.observation_id);
            if (!o) continue;
            std::string hit = instruction_like(o->raw_text);
            if (hit.empty()) hit = instruction_like(o->line());
            if (!hit.empty())
                env.flags.push_back("possible_prompt_injection: " + o->id + " (" + o->kind + ") contains '" + hit +
                                    "'; the proposal cites it");
        }
}

bool decode_all(ProposalEnvelope& env, const std::vector<json::Value>& candidates, const ObservationSet& obs) {
    DecodeContext ctx{obs.ids(), true};
    std::vector<Issue> issues;
    for (size_t i = 0; i < candidates.size(); ++i) {
        Decoded d = decode_wire_proposal(candidates[i], ctx);
        for (auto& is : d.issues) {
            if (candidates.size() > 1) is.path = "[" + std::to_string(i) + "]" + is.path;
            issues.push_back(std::move(is));
        }
        env.proposals.push_back(std::move(d.proposal));
    }
    if (issues.empty()) return true;
    reject(env, Outcome::RejectedInvalid, issues);
    return false;
}

}  // namespace

void stamp_snapshot(ProposalEnvelope& env, const model::ClusterSnapshot& snap) {
    env.snapshot.taken_at_ms = snap.taken_at_ms();
    env.snapshot.regions_taken_at_ms = snap.regions_taken_at_ms();
    env.snapshot.stores = snap.stores().size();
    env.snapshot.regions = snap.region_count();
}

void evaluate_candidates(ProposalEnvelope& env, const std::vector<json::Value>& candidates, const ObservationSet& obs,
                         const model::ClusterSnapshot& snap) {
    stamp_snapshot(env, snap);
    if (candidates.empty()) {
        env.outcome = Outcome::NoProposal;
        env.no_proposal_kind = "no_content";
        env.reasons.push_back("no proposal object in the reply");
        seal_plan(env);
        return;
    }
    if (!decode_all(env, candidates, obs)) {
        seal_plan(env);
        return;
    }
    for (const auto& p : env.proposals)
        if (risk_rank(p.risk_level) > risk_rank(env.claimed_risk)) env.claimed_risk = p.risk_level;
    flag_injection(env, obs);
    bool all_none = true, wants_human = false;
    for (const auto& p : env.proposals) {
        all_none &= p.action.kind == "none";
        if (p.needs_human_attention) {
            wants_human = true;
            env.reasons.push_back("needs human attention: " + sanitize_text(*p.needs_human_attention, 300));
        }
    }
    if (all_none) {
        env.outcome = Outcome::NoProposal;
        env.no_proposal_kind = wants_human ? "needs_human" : "nothing_to_do";
        if (!wants_human) env.reasons.push_back("no action is needed: " + sanitize_text(env.proposals[0].summary, 300));
        seal_plan(env);
        return;
    }
    PlanCheck pc = check_plan(env.proposals, snap);
    if (!pc.invalid.empty()) reject(env, Outcome::RejectedInvalid, pc.invalid);
    else if (!pc.unsafe.empty()) reject(env, Outcome::RejectedUnsafe, pc.unsafe);
    else if (pc.steps.empty()) {
        env.outcome = Outcome::NoProposal;
        env.no_proposal_kind = "nothing_to_do";
        for (const auto& s : pc.satisfied) env.reasons.push_back(s);
    } else {
        env.outcome = Outcome::Proposal;
        env.plan = std::move(pc.steps);
        for (const auto& s : pc.satisfied) env.reasons.push_back(s);
        if (wants_human) env.flags.push_back("model_requests_human_attention");
    }
    seal_plan(env);
}

}  // namespace medic::advisor
