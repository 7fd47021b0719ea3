// engine/advisor/record.hpp: writing advisor decisions to SQLite through
// store::ProposalStore — every envelope (any outcome), the LLM exchanges
// behind it, and the link from a rules fallback to the failed LLM attempt —
// before anything is shown or acted on.
#pragma once

#include <cstdint>
#include <vector>

#include "llm_advisor.hpp"
#include "store/proposal_store.hpp"

namespace medic::advisor {

/// Stores one envelope (and its exchanges); sets env.id. Returns the row id.
int64_t record_envelope(store::ProposalStore& ps, ProposalEnvelope& env,
                        const std::vector<llm::Exchange>& exchanges = {});

/// Stores an LLM advice: the model's envelope with its exchanges, then the
/// rules fallback (if any) pointing at it. Returns the final envelope's id.
int64_t record_advice(store::ProposalStore& ps, LlmAdvice& advice);

}  // namespace medic::advisor
