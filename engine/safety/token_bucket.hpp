// engine/safety/token_bucket.hpp: thread-safe token buckets for the rate
// limits (policy: rate_limit.global, rate_limit.kind). Time is passed in, so
// tests drive it without sleeping.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace medic::safety {

class TokenBucket {
public:
    TokenBucket(double rate_per_s, double burst) : rate_(rate_per_s), burst_(burst), tokens_(burst) {}
    /// Take one token at time now_ms; false (and nothing taken) when empty.
    bool take(int64_t now_ms);
    double tokens(int64_t now_ms);
    double rate() const { return rate_; }
    double burst() const { return burst_; }

private:
    void refill(int64_t now_ms);
    double rate_, burst_, tokens_;
    int64_t last_ms_ = -1;
};

/// One global bucket plus one per action kind. take() takes from both or neither.
class RateLimiter {
public:
    RateLimiter(double global_rate, double global_burst, double kind_rate, double kind_burst);
    /// Empty string when allowed; otherwise the policy id that refused.
    std::string take(const std::string& kind, int64_t now_ms);
    double global_rate() const { return global_.rate(); }
    double kind_rate() const { return kind_rate_; }
    double global_burst() const { return global_.burst(); }
    double kind_burst() const { return kind_burst_; }

private:
    std::mutex mu_;
    TokenBucket global_;
    double kind_rate_, kind_burst_;
    std::map<std::string, TokenBucket, std::less<>> kinds_;
};

}  // namespace medic::safety
