// engine/advisor/llm/wire.hpp: the per-provider wire formats behind one
// interface — request building, non-streaming response decoding, and an
// incremental decoder for SSE streams.
//
// Decoders follow README §6: decide by content, not finish_reason; ignore
// unknown fields, blocks and events; accumulate streamed tool calls per
// index/block and only hand them out when the stream ended properly; any
// error event or missing terminator discards the partial output.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "../expected.hpp"
#include "http_transport.hpp"
#include "llm_error.hpp"
#include "llm_types.hpp"
#include "sse_parser.hpp"

namespace medic::advisor::llm {

class StreamDecoder {
public:
    virtual ~StreamDecoder() = default;
    /// One SSE event from a 2xx stream.
    virtual void on_event(const SseEvent& ev) = 0;
    /// True once an error event arrived (the transfer may be stopped early).
    virtual bool failed() const = 0;
    /// End of stream: the reply, or why the stream is unusable.
    virtual Expected<LlmReply, LlmError> finish() = 0;
};

class WireFormat {
public:
    virtual ~WireFormat() = default;
    /// Full endpoint URL for a base URL (with or without a trailing /v1).
    virtual std::string url(std::string_view base_url) const = 0;
    /// Request headers; `api_key` may be empty (local servers).
    virtual Headers headers(const std::string& api_key) const = 0;
    /// Request body JSON.
    virtual std::string body(const LlmConfig& cfg, const LlmPrompt& prompt) const = 0;
    /// Decodes a complete 2xx JSON body.
    virtual Expected<LlmReply, LlmError> decode(std::string_view body) const = 0;
    virtual std::unique_ptr<StreamDecoder> stream_decoder() const = 0;
};

std::unique_ptr<WireFormat> make_openai_wire();
std::unique_ptr<WireFormat> make_anthropic_wire();
std::unique_ptr<WireFormat> make_wire(Provider p);

/// Joins a base URL and an API path, dropping a duplicate "/v1".
std::string join_url(std::string_view base, std::string_view path_with_v1);

/// A Malformed LlmError with a sanitized message.
LlmError malformed(std::string msg);

}  // namespace medic::advisor::llm
