// engine/advisor/llm/llm_error.hpp: one failed LLM interaction, classified
// as retryable or fatal, decoded from whichever error body shape the server
// used (OpenAI, Anthropic, llama.cpp, Ollama /v1 and native, vLLM flat and
// wrapped, plain text or an HTML page from a proxy).
//
// Error text from a server is untrusted: it is sanitized and capped here and
// must only ever be shown or logged, never sent back to a model.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "http_transport.hpp"

namespace medic::advisor::llm {

enum class LlmErrorKind : uint8_t {
    HttpStatus,        ///< non-2xx answer
    Transport,         ///< connect/timeout/reset before a complete response
    StreamError,       ///< an error event inside a 2xx stream
    StreamIncomplete,  ///< stream ended without its terminator (no finish, no [DONE] / message_stop)
    Malformed,         ///< 2xx body that is not what the API documents (not JSON, bad UTF-8, ...)
    Config,            ///< our side: missing API key, bad URL, unknown provider
    Budget,            ///< attempts or time budget used up
    Count
};

inline constexpr const char* kLlmErrorKindNames[] = {"http_status", "transport",  "stream_error", "stream_incomplete",
                                                     "malformed",   "config",     "budget"};
static_assert(std::size(kLlmErrorKindNames) == size_t(LlmErrorKind::Count));
inline const char* llm_error_kind_name(LlmErrorKind k) { return kLlmErrorKindNames[size_t(k)]; }

struct LlmError {
    LlmErrorKind kind = LlmErrorKind::Transport;
    bool retryable = false;
    long status = 0;
    std::string type;        ///< body error.type (e.g. rate_limit_error, insufficient_quota)
    std::string code;        ///< body error.code as text (string or integer)
    std::string message;     ///< sanitized, capped server or transport message
    std::string request_id;  ///< x-request-id / request-id / body request_id
    std::optional<std::chrono::milliseconds> retry_after;  ///< server-requested delay, if any

    /// One line: "http 429 rate_limit_exceeded (retryable): Rate limit reached ...".
    std::string to_string() const;
};

/// The fields of an error document, whatever its shape.
struct ErrorBody {
    std::string type, code, message, request_id;
    bool json = false;  ///< false: not JSON (HTML page, plain text)
};

/// Decodes an error body of any known shape; non-JSON bodies yield a short
/// description ("HTML page: <title>").
ErrorBody parse_error_body(std::string_view body, std::string_view content_type);

/// Classifies a non-2xx response (x-should-retry wins; then 408/409/429/5xx
/// retry, except insufficient_quota and context-size errors).
LlmError classify_http_error(const HttpResponse& resp);

/// Classifies a transport failure: connection problems and timeouts are
/// retryable; a bad URL or cancellation is not.
LlmError classify_transport_error(const TransportError& e);

/// Classifies an error payload received inside a 2xx stream (OpenAI-style
/// {"error":{...}}, Anthropic {"type":"error",...}, a bare string).
LlmError classify_stream_error(std::string_view payload);

/// Server-requested delay from retry-after-ms / retry-after (seconds, float,
/// or HTTP-date relative to `now`). nullopt when absent or unparsable.
std::optional<std::chrono::milliseconds> parse_retry_after(const HttpResponse& resp,
                                                           std::chrono::system_clock::time_point now);

}  // namespace medic::advisor::llm
