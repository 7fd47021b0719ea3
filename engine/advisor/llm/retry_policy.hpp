// engine/advisor/llm/retry_policy.hpp: how long to wait before retrying an
// LLM request, and whether another attempt fits the budget.
//
// Mirrors the official SDKs: a server delay (retry-after-ms, retry-after) is
// honoured when 0 < delay <= max_server_delay; otherwise exponential backoff
// min(base * 2^n, max_backoff) minus up to `jitter` of it. Attempts and total
// time are bounded. Whether an error may be retried at all is decided by
// LlmError::retryable, not here.
#pragma once

#include <chrono>

#include "llm_error.hpp"

namespace medic::advisor::llm {

struct RetryPolicy {
    int max_attempts = 3;                          ///< first try included
    std::chrono::milliseconds base{500};
    std::chrono::milliseconds max_backoff{8000};
    std::chrono::milliseconds max_server_delay{60000};
    double jitter = 0.25;                          ///< fraction of the backoff removed at random
    std::chrono::milliseconds total_budget{180000};  ///< all attempts and waits together
};

/// Delay before retry number `retry` (0 for the first retry).
/// @param rand01 a uniform random number in [0,1) (injected for tests).
std::chrono::milliseconds retry_delay(const RetryPolicy& p, const LlmError& e, int retry, double rand01);

}  // namespace medic::advisor::llm
