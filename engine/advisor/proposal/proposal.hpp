// engine/advisor/proposal/proposal.hpp: ProposalEnvelope, the one proposal
// record every advisor produces: the wire proposals (what the rules or the
// model said) inside an envelope only the engine writes — source and hashes,
// the snapshot it was built against, validation results, the typed plan with
// engine-computed risk, approval binding and execution state — and an
// explicit outcome class.
//
// Nothing in an envelope executes anything. No field a model controls can
// approve, change autonomy or skip the gate: the model's own risk claim is
// kept only as `claimed_risk` for display; `risk` is recomputed from the
// action registry.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "../json/json_value.hpp"
#include "actions/params.hpp"
#include "wire_proposal.hpp"

namespace medic::advisor {

enum class Outcome : uint8_t {
    Proposal,         ///< a valid, safe plan (still needs the gate and, by risk, approval)
    NoProposal,       ///< refusal, truncation, model needs a human, nothing to do
    RejectedInvalid,  ///< schema / unknown kind / extra fields / bad ids / unknown evidence
    RejectedUnsafe,   ///< the safety policy forbids the plan (judged as a whole)
    ErrorRetryable,   ///< the endpoint failed in a way that may heal
    ErrorFatal,       ///< the endpoint failed permanently (auth, bad request, quota, config)
    Count
};
inline constexpr const char* kOutcomeNames[] = {"proposal",        "no_proposal",     "rejected_invalid",
                                                "rejected_unsafe", "error_retryable", "error_fatal"};
static_assert(std::size(kOutcomeNames) == size_t(Outcome::Count));
inline const char* outcome_name(Outcome o) { return kOutcomeNames[size_t(o)]; }

/// One typed step of the plan: a registry action with checked parameters, or
/// a runbook with parameters.
struct PlannedStep {
    std::string kind;      ///< registry action name, or "run_runbook"
    std::string runbook;   ///< runbook name when kind == "run_runbook"
    actions::ParamMap params;
    std::string params_json;  ///< canonical (actions::params_to_json)
    actions::Risk risk = actions::Risk::Low;
    bool reversible = false;
    std::string description;  ///< one line
    std::string step_hash;    ///< sha256(kind, runbook, params_json): what an approval binds to
};

struct SourceInfo {
    std::string advisor = "rules";  ///< "rules" | "llm"
    std::string provider;           ///< openai | anthropic
    std::string model;
    std::string endpoint;           ///< URL without credentials
    std::string prompt_sha256;      ///< of the exact request body sent
    std::string response_sha256;    ///< of the raw response bytes the proposal came from
    std::string extraction;         ///< rules | tool_call | tool_call_object | structured | fenced_json | text_json
    std::string response_id;
    int attempts = 0;
    std::string fallback_from;      ///< set on a rules envelope used because the LLM failed: "openai/gpt-4o"
    std::string fallback_reason;    ///< that LLM attempt's outcome and error
    int64_t fallback_of_id = 0;     ///< proposals row of the failed LLM attempt
};

struct SnapshotRef {
    int64_t taken_at_ms = 0;
    int64_t regions_taken_at_ms = 0;
    uint64_t stores = 0;
    uint64_t regions = 0;
};

struct ProposalEnvelope {
    int64_t id = 0;  ///< proposals row id once stored
    Outcome outcome = Outcome::NoProposal;
    std::string no_proposal_kind;      ///< refusal | truncated | needs_human | nothing_to_do | no_content
    std::vector<std::string> reasons;  ///< why (rejections, no proposal, errors), one line each
    std::string model_text;            ///< refusal or free text from the model, sanitized
    SourceInfo source;
    SnapshotRef snapshot;
    int64_t incident_id = 0;
    std::string incident_kind;
    std::vector<WireProposal> proposals;  ///< decoded wire objects (one per tool call)
    std::vector<Issue> issues;            ///< validation problems (invalid or unsafe)
    std::vector<PlannedStep> plan;
    std::string risk;          ///< engine-computed: max over the plan ("" without a plan)
    std::string claimed_risk;  ///< what the proposal claimed (display only)
    std::vector<std::string> flags;  ///< possible_prompt_injection, model_requests_human_attention, ...
    std::string plan_hash;     ///< sha256 over the step hashes; approval is void if it changes
    std::string approval_state = "not_requested";  ///< required | not_required | approved | rejected
    std::string execution_state = "not_started";
    int64_t created_at_ms = 0;

    /// The headline: first proposal's summary, or the first reason.
    std::string headline() const;
    json::Value to_json() const;
};

/// Computes step hashes, plan hash, risk and approval state from `plan`.
void seal_plan(ProposalEnvelope& env);

}  // namespace medic::advisor
