// engine/advisor/llm/sse_parser.hpp: an incremental Server-Sent Events parser
// following the WHATWG rules that real LLM servers rely on: lines end with
// \n, \r\n or \r (a CR at the end of one chunk and its LF at the start of the
// next are one line end); lines starting with ':' are comments (llama.cpp
// keep-alives); one optional space after the field colon; several data lines
// join with \n; a blank line dispatches; finish() flushes a last event that
// has no blank line after it (the SDKs do the same).
//
// It knows nothing about OpenAI or Anthropic payloads. It does record the
// non-standard `error:` field that older llama.cpp builds send, because
// dropping it would hide a mid-stream failure.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace medic::advisor::llm {

struct SseEvent {
    std::string event;        ///< event type; "" when no event: field was given
    std::string data;         ///< data lines joined with \n
    std::string id;
    std::string error_field;  ///< value of a non-standard `error:` line, if any
};

class SseParser {
public:
    using Sink = std::function<void(const SseEvent&)>;

    /// @param sink called once per dispatched event, in order.
    /// @param max_event_bytes an event larger than this sets overflowed().
    explicit SseParser(Sink sink, size_t max_event_bytes = 4u << 20);

    /// Feeds the next bytes of the stream (any split point is fine).
    void feed(std::string_view bytes);
    /// End of stream: completes a pending line and dispatches a pending event.
    void finish();

    size_t events() const { return events_; }
    size_t comments() const { return comments_; }
    bool overflowed() const { return overflowed_; }

private:
    void line(std::string_view l);
    void dispatch();

    Sink sink_;
    size_t max_event_bytes_;
    std::string buf_;       // bytes of the current, unterminated line
    bool last_was_cr_ = false;
    SseEvent cur_;
    bool has_data_ = false;
    size_t events_ = 0;
    size_t comments_ = 0;
    bool overflowed_ = false;
};

}  // namespace medic::advisor::llm
