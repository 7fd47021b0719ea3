// engine/advisor/llm/retry_policy.cpp: server-directed delay or capped,
// jittered exponential backoff.
#include "retry_policy.hpp"

#include <algorithm>

namespace medic::advisor::llm {

std::chrono::milliseconds retry_delay(const RetryPolicy& p, const LlmError& e, int retry, double rand01) {
    using std::chrono::milliseconds;
    if (e.retry_after && e.retry_after->count() > 0 && *e.retry_after <= p.max_server_delay) return *e.retry_after;
    double backoff = double(p.base.count());
    for (int i = 0; i < retry && backoff < double(p.max_backoff.count()); ++i) backoff *= 2;
    backoff = std::min(backoff, double(p.max_backoff.count()));
    double j = std::clamp(rand01, 0.0, 1.0) * std::clamp(p.jitter, 0.0, 1.0);
    return milliseconds(int64_t(backoff * (1.0 - j)));
}

}  // namespace medic::advisor::llm
