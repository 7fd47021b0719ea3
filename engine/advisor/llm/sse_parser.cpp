// engine/advisor/llm/sse_parser.cpp: WHATWG-style incremental SSE parsing.
#include "sse_parser.hpp"

namespace medic::advisor::llm {

SseParser::SseParser(Sink sink, size_t max_event_bytes) : sink_(std::move(sink)), max_event_bytes_(max_event_bytes) {}

void SseParser::feed(std::string_view bytes) {
    for (char c : bytes) {
        if (c == '\n' && last_was_cr_) {  // the LF of a CRLF split across (or within) chunks
            last_was_cr_ = false;
            continue;
        }
        last_was_cr_ = (c == '\r');
        if (c == '\r' || c == '\n') {
            line(buf_);
            buf_.clear();
            continue;
        }
        if (buf_.size() < max_event_bytes_) buf_.push_back(c);
        else overflowed_ = true;
    }
}

void SseParser::finish() {
    if (!buf_.empty()) {
        line(buf_);
        buf_.clear();
    }
    dispatch();
}

void SseParser::line(std::string_view l) {
    if (l.empty()) {
        dispatch();
        return;
    }
    if (l.front() == ':') {
        ++comments_;
        return;
    }
    auto colon = l.find(':');
    std::string_view field = l.substr(0, colon);
    std::string_view value = colon == std::string_view::npos ? std::string_view{} : l.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    if (field == "data") {
        if (has_data_) cur_.data.push_back('\n');
        if (cur_.data.size() + value.size() > max_event_bytes_) {
            overflowed_ = true;
            return;
        }
        cur_.data.append(value);
        has_data_ = true;
    } else if (field == "event") {
        cur_.event = std::string(value);
    } else if (field == "id") {
        cur_.id = std::string(value);
    } else if (field == "error") {
        cur_.error_field = std::string(value);
    }
    // "retry" and unknown fields are ignored, as the spec says.
}

void SseParser::dispatch() {
    if (has_data_ || !cur_.error_field.empty()) {
        ++events_;
        sink_(cur_);
    }
    cur_ = SseEvent{};
    has_data_ = false;
}

}  // namespace medic::advisor::llm
