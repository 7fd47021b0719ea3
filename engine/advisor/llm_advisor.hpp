// engine/advisor/llm_advisor.hpp: an Advisor backed by an LLM endpoint
// (OpenAI-compatible or Anthropic), treated as untrusted input.
//
// Flow: observations -> fenced prompt -> LlmClient (retries) -> extract
// candidate objects (tool calls, structured text, fenced JSON) -> the same
// evaluation as the rules (schema, snapshot, set-level safety, injection
// flags). Refusals and truncation are no_proposal; endpoint failures are
// error_retryable / error_fatal, and then the rule-based proposal is used,
// its envelope saying which LLM failed and why. Every exchange (secrets
// redacted) comes back in LlmAdvice for storage.
#pragma once

#include <optional>
#include <vector>

#include "advisor.hpp"
#include "llm/llm_client.hpp"
#include "prompt/observations.hpp"

namespace medic::advisor {

/// Everything one LLM-backed advice produced.
struct LlmAdvice {
    ProposalEnvelope llm;                      ///< the model's outcome (always set)
    std::vector<llm::Exchange> exchanges;      ///< every HTTP attempt, redacted
    std::string request_body;                  ///< the prompt as sent
    std::optional<ProposalEnvelope> fallback;  ///< rules envelope when the LLM errored
    /// The envelope to act on: the fallback when there is one, else llm.
    const ProposalEnvelope& final_envelope() const { return fallback ? *fallback : llm; }
};

class LlmAdvisor final : public Advisor {
public:
    /// @param client a configured client (its sleeper/env hooks are kept).
    explicit LlmAdvisor(llm::LlmClient client);

    /// The detailed result (for storage and the CLI).
    LlmAdvice run(const AdviceRequest& req) const;
    ProposalEnvelope advise(const AdviceRequest& req) override { return run(req).final_envelope(); }
    std::string name() const override;

private:
    llm::LlmClient client_;
};

/// Turns a decoded reply into an outcome (exposed for tests): refusal,
/// truncation, unknown tools, bad JSON, then evaluate_candidates.
void evaluate_reply(ProposalEnvelope& env, const llm::LlmReply& reply, llm::OutputMode mode,
                    const ObservationSet& obs, const model::ClusterSnapshot& snap);

}  // namespace medic::advisor
