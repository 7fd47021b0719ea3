// engine/advisor/record.cpp: envelope -> ProposalStore rows.
#include "record.hpp"

namespace medic::advisor {
namespace {

std::optional<double> confidence_of(const ProposalEnvelope& env) {
    if (env.proposals.empty()) return std::nullopt;
    const std::string& c = env.proposals.front().confidence;
    if (c == "low") return 0.33;
    if (c == "medium") return 0.66;
    if (c == "high") return 1.0;
    return std::nullopt;
}

}  // namespace

int64_t record_envelope(store::ProposalStore& ps, ProposalEnvelope& env, const std::vector<llm::Exchange>& exchanges) {
    store::ProposalRow row;
    if (env.incident_id) row.incident_id = env.incident_id;
    row.advisor = env.source.advisor == "llm" ? "llm:" + env.source.provider + "/" + env.source.model : "rules";
    row.outcome = outcome_name(env.outcome);
    row.status = env.outcome == Outcome::Proposal ? "proposed" : "no_action";
    row.diagnosis = env.headline();
    row.confidence = confidence_of(env);
    row.risk = env.risk;
    if (env.source.fallback_of_id) row.fallback_of = env.source.fallback_of_id;
    row.created_at_ms = env.created_at_ms;
    std::vector<store::ExchangeRow> ex;
    for (const auto& e : exchanges)
        ex.push_back({0, e.attempt, e.url, e.request_headers, e.request_body, e.status, e.response_headers,
                      e.response_body, e.error, e.elapsed_ms, e.waited_before_ms});
    env.id = ps.insert(row, ex, [&](int64_t id) {
        env.id = id;
        return json::serialize(env.to_json());
    });
    return env.id;
}

int64_t record_advice(store::ProposalStore& ps, LlmAdvice& advice) {
    int64_t llm_id = record_envelope(ps, advice.llm, advice.exchanges);
    if (!advice.fallback) return llm_id;
    advice.fallback->source.fallback_of_id = llm_id;
    return record_envelope(ps, *advice.fallback);
}

}  // namespace medic::advisor
