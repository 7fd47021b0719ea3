// engine/advisor/llm/llm_client.hpp: one LLM call end to end — read the API
// key from the configured environment variable, build the request, POST it
// (streaming or not), retry where the rules allow, decode the reply — and a
// record of every attempt with secrets redacted.
//
// The client returns raw model output (LlmReply); it never interprets it as
// a proposal. The API key is held only for the duration of call(); it is
// never stored in an Exchange, never logged, and scrubbed from any response
// text that echoes it.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "../expected.hpp"
#include "llm_error.hpp"
#include "llm_types.hpp"

namespace medic::advisor::llm {

/// One HTTP attempt, as stored in the proposals log.
struct Exchange {
    int attempt = 0;                 ///< 1-based
    std::string url;
    std::string request_headers;     ///< "name: value" lines, secrets replaced by <redacted>
    std::string request_body;
    long status = 0;
    std::string response_headers;    ///< "name: value" lines
    std::string response_body;       ///< raw bytes (SSE text when streamed), capped, key scrubbed
    std::string error;               ///< LlmError::to_string() when the attempt failed
    int64_t elapsed_ms = 0;
    int64_t waited_before_ms = 0;    ///< backoff slept before this attempt
};

struct CallResult {
    Expected<LlmReply, LlmError> reply = LlmError{};
    std::vector<Exchange> exchanges;
    std::string request_body;   ///< the body sent (identical for every attempt)
    std::string raw_response;   ///< last attempt's raw body (what the proposal was extracted from)
};

class LlmClient {
public:
    using Sleeper = std::function<void(std::chrono::milliseconds)>;
    using Random = std::function<double()>;
    using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;

    /// @param sleeper how to wait between attempts (tests record instead of sleeping).
    /// @param random uniform [0,1) for jitter.
    /// @param env environment lookup for the API key (default: getenv).
    explicit LlmClient(LlmConfig cfg, Sleeper sleeper = {}, Random random = {}, EnvLookup env = {});

    /// Performs the call with retries. Never throws for server behaviour.
    CallResult call(const LlmPrompt& prompt, const std::atomic<bool>* cancel = nullptr) const;

    const LlmConfig& config() const { return cfg_; }

private:
    LlmConfig cfg_;
    Sleeper sleeper_;
    Random random_;
    EnvLookup env_;
};

}  // namespace medic::advisor::llm
