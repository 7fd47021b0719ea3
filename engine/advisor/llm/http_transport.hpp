// engine/advisor/llm/http_transport.hpp: one HTTP POST to an LLM endpoint
// over libcurl, with connect, total and idle-stream timeouts, a body size
// cap, cancellation, and optional streaming of a 2xx body to a sink.
//
// Transport only: no retries (retry_policy + llm_client do that), no JSON,
// no knowledge of providers. Header names come back lower-cased. The request
// headers may hold an API key: this unit never logs them.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "../expected.hpp"

namespace medic::advisor::llm {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
    std::string url;
    Headers headers;  ///< sent as given; may contain secrets
    std::string body;
    std::chrono::milliseconds connect_timeout{5000};
    std::chrono::milliseconds total_timeout{60000};
    std::chrono::seconds idle_timeout{30};  ///< abort when no byte arrives for this long
    size_t max_body_bytes = 8u << 20;
    const std::atomic<bool>* cancel = nullptr;  ///< set to true to abort
};

struct HttpResponse {
    long status = 0;
    Headers headers;  ///< names lower-cased, in arrival order (last response only)
    std::string body;  ///< full body unless it was streamed to a sink (2xx + sink)
    std::string content_type() const;
    /// First header with this (lower-case) name, or "".
    std::string header(std::string_view name) const;
};

enum class TransportErrorKind : uint8_t { Timeout, Refused, Transport, TooLarge, Cancelled, BadUrl, Count };

inline constexpr const char* kTransportErrorNames[] = {"timeout",   "refused",   "transport",
                                                       "too_large", "cancelled", "bad_url"};
static_assert(std::size(kTransportErrorNames) == size_t(TransportErrorKind::Count));

struct TransportError {
    TransportErrorKind kind = TransportErrorKind::Transport;
    std::string detail;  ///< curl's message
    bool got_response = false;  ///< headers arrived before the failure (a stream broke mid-way)
    long status = 0;
};

/// Receives body bytes of a 2xx response as they arrive; return false to abort.
using ChunkSink = std::function<bool(std::string_view)>;

/// Sends one POST.
/// @param req the request (url, headers, body, timeouts).
/// @param sink if set, 2xx body bytes go to it instead of HttpResponse::body;
///        non-2xx bodies are always buffered (they are error documents).
/// @return the response (any status), or a TransportError when no complete
///         response was received.
Expected<HttpResponse, TransportError> http_post(const HttpRequest& req, const ChunkSink& sink = {});

}  // namespace medic::advisor::llm
