// engine/advisor/llm/llm_error.cpp: error body decoding and retry
// classification (rules from the official SDKs' _base_client.py, README §4).
#include "llm_error.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>

#include "../json/json_value.hpp"
#include "../text_sanitize.hpp"

namespace medic::advisor::llm {
namespace {

constexpr size_t kMaxMessage = 400;

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return out;
}

std::string scalar_text(const json::Value* v) {
    if (!v) return {};
    if (v->is_string() || v->is_number()) return v->text;
    if (v->is_bool()) return v->boolean ? "true" : "false";
    return {};
}

void read_error_object(const json::Value& e, ErrorBody& out) {
    out.type = scalar_text(e.find("type"));
    out.code = scalar_text(e.find("code"));
    out.message = scalar_text(e.find("message"));
}

std::string html_summary(std::string_view body) {
    std::string low = lower(body.substr(0, 64 * 1024));
    auto t0 = low.find("<title>");
    auto t1 = low.find("</title>");
    if (t0 != std::string::npos && t1 != std::string::npos && t1 > t0)
        return "HTML page: " + std::string(body.substr(t0 + 7, t1 - t0 - 7));
    std::string text;
    bool in_tag = false;
    for (char c : body.substr(0, 4096)) {
        if (c == '<') in_tag = true;
        else if (c == '>') in_tag = false;
        else if (!in_tag) text.push_back(c);
    }
    return "HTML page: " + text;
}

bool retry_status(long s) { return s == 408 || s == 409 || s == 429 || s >= 500; }

/// Errors that look transient by status but never heal on their own.
bool permanent_despite_status(const ErrorBody& b) {
    return b.type == "insufficient_quota" || b.code == "insufficient_quota" ||
           b.type == "exceed_context_size_error" || b.code == "context_length_exceeded";
}

bool retryable_type(std::string_view t) {
    return t.empty() || t == "overloaded_error" || t == "api_error" || t == "rate_limit_error" ||
           t == "server_error" || t == "timeout_error" || t == "unavailable_error";
}

}  // namespace

std::string LlmError::to_string() const {
    std::string s = llm_error_kind_name(kind);
    if (status) s = "http " + std::to_string(status);
    if (!type.empty()) s += " " + type;
    if (!code.empty() && code != type) s += " [" + code + "]";
    s += retryable ? " (retryable)" : " (fatal)";
    if (!message.empty()) s += ": " + message;
    return s;
}

ErrorBody parse_error_body(std::string_view body, std::string_view content_type) {
    ErrorBody out;
    json::ParseOptions opts;
    opts.reject_duplicate_keys = false;  // error documents are shown, not acted on
    auto doc = json::parse(body, opts);
    if (doc.ok() && doc->is_object()) {
        out.json = true;
        const json::Value& v = doc.value();
        const json::Value* e = v.find("error");
        if (e && e->is_object()) read_error_object(*e, out);   // OpenAI, Anthropic, llama.cpp, vLLM wrapped
        else if (e && e->is_string()) out.message = e->text;   // Ollama native
        else read_error_object(v, out);                         // vLLM flat {"object":"error",...}
        if (out.message.empty()) out.message = scalar_text(v.find("detail"));
        if (out.message.empty()) out.message = scalar_text(v.find("message"));
        out.request_id = scalar_text(v.find("request_id"));
    } else if (lower(content_type).find("html") != std::string::npos ||
               lower(body.substr(0, 256)).find("<html") != std::string::npos) {
        out.message = html_summary(body);
    } else {
        out.message = std::string(body.substr(0, 4096));
    }
    out.message = sanitize_text(out.message, kMaxMessage);
    out.type = sanitize_text(out.type, 80);
    out.code = sanitize_text(out.code, 80);
    out.request_id = sanitize_text(out.request_id, 120);
    return out;
}

std::optional<std::chrono::milliseconds> parse_retry_after(const HttpResponse& resp,
                                                           std::chrono::system_clock::time_point now) {
    using std::chrono::milliseconds;
    std::string ms = resp.header("retry-after-ms");
    if (!ms.empty()) {
        char* end = nullptr;
        double v = std::strtod(ms.c_str(), &end);
        if (end != ms.c_str() && *end == '\0' && std::isfinite(v) && v >= 0) return milliseconds(int64_t(v));
    }
    std::string ra = resp.header("retry-after");
    if (ra.empty()) return std::nullopt;
    char* end = nullptr;
    double secs = std::strtod(ra.c_str(), &end);
    if (end != ra.c_str() && *end == '\0' && std::isfinite(secs) && secs >= 0)
        return milliseconds(int64_t(secs * 1000.0));
    time_t when = curl_getdate(ra.c_str(), nullptr);  // HTTP-date (RFC 7231 IMF-fixdate and friends)
    if (when < 0) return std::nullopt;
    auto delta = std::chrono::system_clock::from_time_t(when) - now;
    return std::chrono::duration_cast<milliseconds>(delta);
}

LlmError classify_http_error(const HttpResponse& resp) {
    ErrorBody body = parse_error_body(resp.body, resp.content_type());
    LlmError e;
    e.kind = LlmErrorKind::HttpStatus;
    e.status = resp.status;
    e.type = body.type;
    e.code = body.code;
    e.message = body.message.empty() ? "empty error body" : body.message;
    e.request_id = body.request_id;
    for (const char* h : {"x-request-id", "request-id"})
        if (e.request_id.empty()) e.request_id = sanitize_text(resp.header(h), 120);
    e.retry_after = parse_retry_after(resp, std::chrono::system_clock::now());
    std::string should = lower(resp.header("x-should-retry"));
    if (should == "true") e.retryable = true;
    else if (should == "false") e.retryable = false;
    else e.retryable = retry_status(resp.status);
    // policy: never_retry_quota — a billing or context-size failure repeats forever.
    if (permanent_despite_status(body)) e.retryable = false;
    return e;
}

LlmError classify_transport_error(const TransportError& t) {
    LlmError e;
    e.kind = LlmErrorKind::Transport;
    e.status = t.status;
    e.type = kTransportErrorNames[size_t(t.kind)];
    e.message = sanitize_text(t.detail, kMaxMessage);
    e.retryable = t.kind == TransportErrorKind::Timeout || t.kind == TransportErrorKind::Refused ||
                  t.kind == TransportErrorKind::Transport;
    if (t.kind == TransportErrorKind::BadUrl) e.kind = LlmErrorKind::Config;
    return e;
}

LlmError classify_stream_error(std::string_view payload) {
    ErrorBody body = parse_error_body(payload, "application/json");
    LlmError e;
    e.kind = LlmErrorKind::StreamError;
    e.type = body.type;
    e.code = body.code;
    e.message = body.message.empty() ? sanitize_text(payload, kMaxMessage) : body.message;
    e.retryable = retryable_type(body.type) && !permanent_despite_status(body);
    return e;
}

}  // namespace medic::advisor::llm
