// engine/advisor/llm/llm_client.cpp: the retry loop around one LLM request,
// streaming and non-streaming decoding, and redacted exchange records.
#include "llm_client.hpp"

#include <cstdlib>
#include <random>
#include <thread>

#include "../text_sanitize.hpp"
#include "http_transport.hpp"
#include "sse_parser.hpp"
#include "wire.hpp"

namespace medic::advisor::llm {
namespace {

using Clock = std::chrono::steady_clock;
constexpr size_t kMaxStoredBody = 1u << 20;

bool is_secret_header(std::string name) {
    for (auto& c : name) c = char(std::tolower(static_cast<unsigned char>(c)));
    return name == "authorization" || name == "x-api-key" || name == "api-key" || name == "proxy-authorization";
}

std::string header_lines(const Headers& h, bool redact) {
    std::string out;
    for (const auto& [k, v] : h) out += k + ": " + (redact && is_secret_header(k) ? "<redacted>" : v) + "\n";
    return out;
}

std::string scrub(std::string text, const std::string& key) {
    if (key.size() < 6) return text;  // too short to search for without false hits
    for (size_t pos = text.find(key); pos != std::string::npos; pos = text.find(key, pos))
        text.replace(pos, key.size(), "<redacted>");
    return text;
}

LlmError config_error(std::string msg) {
    LlmError e;
    e.kind = LlmErrorKind::Config;
    e.retryable = false;
    e.message = std::move(msg);
    return e;
}

struct Attempt {
    Expected<LlmReply, LlmError> reply = LlmError{};
    std::string raw;
};

bool is_event_stream(const HttpResponse& r) { return r.content_type().find("text/event-stream") != std::string::npos; }

Attempt run_stream(const WireFormat& wire, const HttpRequest& req, HttpResponse* resp_out) {
    Attempt a;
    auto decoder = wire.stream_decoder();
    SseParser parser([&](const SseEvent& ev) { decoder->on_event(ev); });
    ChunkSink sink = [&](std::string_view chunk) {
        if (a.raw.size() < kMaxStoredBody * 4) a.raw.append(chunk);
        parser.feed(chunk);
        return !decoder->failed();  // stop reading once the server reported an error
    };
    auto resp = http_post(req, sink);
    if (!resp.ok()) {
        if (decoder->failed()) a.reply = decoder->finish().error();
        else a.reply = classify_transport_error(resp.error());
        return a;
    }
    *resp_out = resp.value();
    if (resp->status < 200 || resp->status >= 300) {
        a.raw = resp->body;
        a.reply = classify_http_error(resp.value());
        return a;
    }
    if (!is_event_stream(resp.value()) && !a.raw.empty() && parser.events() == 0) {
        a.reply = wire.decode(a.raw);  // server ignored stream:true and sent one JSON document
        return a;
    }
    parser.finish();
    if (parser.overflowed()) a.reply = malformed("stream event larger than the limit");
    else a.reply = decoder->finish();
    return a;
}

Attempt run_plain(const WireFormat& wire, const HttpRequest& req, HttpResponse* resp_out) {
    Attempt a;
    auto resp = http_post(req);
    if (!resp.ok()) {
        a.reply = classify_transport_error(resp.error());
        return a;
    }
    *resp_out = resp.value();
    a.raw = resp->body;
    if (resp->status < 200 || resp->status >= 300) a.reply = classify_http_error(resp.value());
    else a.reply = wire.decode(resp->body);
    return a;
}

}  // namespace

LlmClient::LlmClient(LlmConfig cfg, Sleeper sleeper, Random random, EnvLookup env)
    : cfg_(std::move(cfg)), sleeper_(std::move(sleeper)), random_(std::move(random)), env_(std::move(env)) {
    if (!sleeper_) sleeper_ = [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
    if (!random_) {
        random_ = [] {
            thread_local std::mt19937_64 gen{std::random_device{}()};
            return std::uniform_real_distribution<double>(0.0, 1.0)(gen);
        };
    }
    if (!env_) {
        env_ = [](const std::string& name) -> std::optional<std::string> {
            const char* v = std::getenv(name.c_str());
            return v ? std::optional<std::string>(v) : std::nullopt;
        };
    }
}

CallResult LlmClient::call(const LlmPrompt& prompt, const std::atomic<bool>* cancel) const {
    CallResult res;
    if (cfg_.base_url.empty()) return CallResult{config_error("no LLM endpoint URL configured"), {}, {}, {}};
    if (cfg_.model.empty()) return CallResult{config_error("no model name configured"), {}, {}, {}};
    std::string key;
    if (!cfg_.api_key_env.empty()) {
        auto v = env_(cfg_.api_key_env);
        if (!v || v->empty())
            return CallResult{config_error("environment variable " + cfg_.api_key_env + " (API key) is not set"), {}, {}, {}};
        key = *v;
    }
    auto wire = make_wire(cfg_.provider);
    HttpRequest req;
    req.url = wire->url(cfg_.base_url);
    req.headers = wire->headers(key);
    req.body = wire->body(cfg_, prompt);
    req.connect_timeout = cfg_.connect_timeout;
    req.total_timeout = cfg_.timeout;
    req.idle_timeout = cfg_.idle_timeout;
    req.max_body_bytes = cfg_.max_response_bytes;
    req.cancel = cancel;
    res.request_body = req.body;

    const auto deadline = Clock::now() + cfg_.retry.total_budget;
    std::chrono::milliseconds waited{0};
    for (int attempt = 1; attempt <= std::max(1, cfg_.retry.max_attempts); ++attempt) {
        Exchange ex;
        ex.attempt = attempt;
        ex.url = req.url;
        ex.request_headers = header_lines(req.headers, true);
        ex.request_body = req.body;
        ex.waited_before_ms = waited.count();
        auto t0 = Clock::now();
        HttpResponse resp;
        Attempt a = cfg_.stream ? run_stream(*wire, req, &resp) : run_plain(*wire, req, &resp);
        ex.elapsed_ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count();
        ex.status = resp.status;
        ex.response_headers = scrub(header_lines(resp.headers, true), key);
        ex.response_body = scrub(a.raw.substr(0, kMaxStoredBody), key);
        res.raw_response = ex.response_body;
        if (a.reply.ok()) {
            res.exchanges.push_back(std::move(ex));
            res.reply = std::move(a.reply);
            return res;
        }
        LlmError err = a.reply.error();
        err.message = scrub(err.message, key);
        ex.error = err.to_string();
        res.exchanges.push_back(std::move(ex));
        res.reply = err;
        bool cancelled = cancel && cancel->load();
        if (!err.retryable || cancelled || attempt >= cfg_.retry.max_attempts) break;
        waited = retry_delay(cfg_.retry, err, attempt - 1, random_());
        if (Clock::now() + waited > deadline) {
            res.reply.error().message += " (retry budget exhausted)";
            break;
        }
        sleeper_(waited);
    }
    return res;
}

}  // namespace medic::advisor::llm
