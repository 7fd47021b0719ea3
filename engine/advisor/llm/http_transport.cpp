// engine/advisor/llm/http_transport.cpp: libcurl POST with timeouts, caps,
// cancellation and 2xx streaming.
#include "http_transport.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>

namespace medic::advisor::llm {
namespace {

void global_init() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return out;
}

std::string trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
        s.remove_suffix(1);
    return std::string(s);
}

struct Ctx {
    CURL* curl = nullptr;
    const HttpRequest* req = nullptr;
    const ChunkSink* sink = nullptr;
    HttpResponse resp;
    size_t received = 0;
    bool too_large = false;
    bool sink_aborted = false;
    bool got_headers = false;
};

size_t on_header(char* data, size_t size, size_t n, void* user) {
    auto* ctx = static_cast<Ctx*>(user);
    std::string_view line(data, size * n);
    if (line.rfind("HTTP/", 0) == 0) {  // a new response (after 100 Continue): start over
        ctx->resp.headers.clear();
        return size * n;
    }
    auto colon = line.find(':');
    if (colon != std::string_view::npos && colon > 0)
        ctx->resp.headers.emplace_back(lower(trim(line.substr(0, colon))), trim(line.substr(colon + 1)));
    else if (trim(line).empty())
        ctx->got_headers = true;
    return size * n;
}

size_t on_body(char* data, size_t size, size_t n, void* user) {
    auto* ctx = static_cast<Ctx*>(user);
    size_t len = size * n;
    ctx->received += len;
    if (ctx->received > ctx->req->max_body_bytes) {
        ctx->too_large = true;
        return 0;
    }
    long status = 0;
    curl_easy_getinfo(ctx->curl, CURLINFO_RESPONSE_CODE, &status);
    bool stream = ctx->sink && *ctx->sink && status >= 200 && status < 300;
    if (!stream) {
        ctx->resp.body.append(data, len);
        return len;
    }
    if (!(*ctx->sink)(std::string_view(data, len))) {
        ctx->sink_aborted = true;
        return 0;
    }
    return len;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    auto* ctx = static_cast<Ctx*>(user);
    return (ctx->req->cancel && ctx->req->cancel->load()) ? 1 : 0;
}

TransportError to_error(CURLcode rc, const Ctx& ctx, const char* errbuf) {
    TransportError e;
    e.detail = errbuf[0] ? errbuf : curl_easy_strerror(rc);
    e.got_response = ctx.got_headers;
    e.status = ctx.resp.status;
    switch (rc) {
    case CURLE_OPERATION_TIMEDOUT: e.kind = TransportErrorKind::Timeout; break;
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY: e.kind = TransportErrorKind::Refused; break;
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL: e.kind = TransportErrorKind::BadUrl; break;
    case CURLE_ABORTED_BY_CALLBACK: e.kind = TransportErrorKind::Cancelled; break;
    default: e.kind = TransportErrorKind::Transport;
    }
    if (ctx.too_large) {
        e.kind = TransportErrorKind::TooLarge;
        e.detail = "response body larger than " + std::to_string(ctx.req->max_body_bytes) + " bytes";
    } else if (ctx.sink_aborted) {
        e.kind = TransportErrorKind::Cancelled;
        e.detail = "stream consumer stopped the transfer";
    }
    return e;
}

struct CurlDeleter {
    void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
    void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

}  // namespace

std::string HttpResponse::header(std::string_view name) const {
    for (const auto& [k, v] : headers)
        if (k == name) return v;
    return {};
}

std::string HttpResponse::content_type() const { return lower(header("content-type")); }

Expected<HttpResponse, TransportError> http_post(const HttpRequest& req, const ChunkSink& sink) {
    global_init();
    std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    if (!curl) return TransportError{TransportErrorKind::Transport, "curl_easy_init failed"};
    std::unique_ptr<curl_slist, SlistDeleter> hdrs;
    for (const auto& [k, v] : req.headers) {
        std::string line = k + ": " + v;
        hdrs.reset(curl_slist_append(hdrs.release(), line.c_str()));
    }
    hdrs.reset(curl_slist_append(hdrs.release(), "Expect:"));  // no 100-continue round trip

    Ctx ctx;
    ctx.curl = curl.get();
    ctx.req = &req;
    ctx.sink = &sink;
    char errbuf[CURL_ERROR_SIZE] = {0};
    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, req.url.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, req.body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(req.body.size()));
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs.get());
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &ctx);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &ctx);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, &ctx);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, long(req.connect_timeout.count()));
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, long(req.total_timeout.count()));
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, long(req.idle_timeout.count()));
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");  // accept what curl can decode

    CURLcode rc = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &ctx.resp.status);
    if (rc != CURLE_OK) return to_error(rc, ctx, errbuf);
    return std::move(ctx.resp);
}

}  // namespace medic::advisor::llm
