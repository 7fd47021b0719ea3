// engine/safety/token_bucket.cpp: token buckets (token_bucket.hpp).
#include "safety/token_bucket.hpp"

#include <algorithm>

namespace medic::safety {

void TokenBucket::refill(int64_t now_ms) {
    if (last_ms_ >= 0 && now_ms > last_ms_)
        tokens_ = std::min(burst_, tokens_ + rate_ * double(now_ms - last_ms_) / 1000.0);
    if (now_ms > last_ms_) last_ms_ = now_ms;
}

bool TokenBucket::take(int64_t now_ms) {
    refill(now_ms);
    if (tokens_ < 1.0) return false;
    tokens_ -= 1.0;
    return true;
}

double TokenBucket::tokens(int64_t now_ms) {
    refill(now_ms);
    return tokens_;
}

RateLimiter::RateLimiter(double global_rate, double global_burst, double kind_rate, double kind_burst)
    : global_(global_rate, global_burst), kind_rate_(kind_rate), kind_burst_(kind_burst) {}

std::string RateLimiter::take(const std::string& kind, int64_t now_ms) {
    std::lock_guard lk(mu_);
    auto it = kinds_.find(kind);
    if (it == kinds_.end()) it = kinds_.emplace(kind, TokenBucket(kind_rate_, kind_burst_)).first;
    if (it->second.tokens(now_ms) < 1.0) return "rate_limit.kind";
    if (global_.tokens(now_ms) < 1.0) return "rate_limit.global";
    it->second.take(now_ms);
    global_.take(now_ms);
    return "";
}

}  // namespace medic::safety
