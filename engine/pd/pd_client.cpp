// engine/pd/pd_client.cpp: PdClient transport — curl handle pool, timeouts,
// GET retries with backoff + jitter and endpoint failover, single-shot writes.
#include "pd/pd_client.hpp"

#include "pd/pd_format.hpp"
#include "pd/region_stream.hpp"
#include "pd/scan_pipe.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <functional>
#include <random>
#include <thread>

namespace medic::pd {

namespace detail {

struct BodyStream {
    std::function<void()> begin;                      ///< before each attempt
    std::function<bool(const char*, size_t)> write;   ///< false: stop; error() says why
    std::function<PdError()> error;
    bool stopped = false;
};

}  // namespace detail

namespace {

constexpr size_t kPadding = 64;  // == SIMDJSON_PADDING; kept spare so bodies parse in place

void global_init() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Sink {
    std::string* body;
    CURL* h;
    detail::BodyStream* stream = nullptr;  // set: a 2xx body goes there
    bool sized = false;
};

size_t on_write(char* data, size_t size, size_t n, void* user) {
    auto* s = static_cast<Sink*>(user);
    size_t bytes = size * n;
    if (!s->sized && s->stream) {  // first chunk: stream only a success body
        long status = 0;
        curl_easy_getinfo(s->h, CURLINFO_RESPONSE_CODE, &status);
        if (status < 200 || status >= 300) s->stream = nullptr;
    }
    if (s->stream) {
        s->sized = true;
        if (s->stream->write(data, bytes)) return bytes;
        s->stream->stopped = true;
        return 0;  // abort the transfer: the body is bad, no use reading on
    }
    if (!s->sized) {  // first chunk: reserve the announced length once (no doubling copies)
        s->sized = true;
        curl_off_t len = -1;
        if (curl_easy_getinfo(s->h, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &len) == CURLE_OK && len > 0)
            s->body->reserve(size_t(len) + kPadding);
    }
    if (s->body->capacity() < s->body->size() + bytes + kPadding)
        s->body->reserve(std::max(s->body->size() + bytes + kPadding, s->body->capacity() * 2));
    s->body->append(data, bytes);
    return bytes;
}

ErrorKind kind_of(CURLcode rc) {
    switch (rc) {
        case CURLE_OPERATION_TIMEDOUT: return ErrorKind::Timeout;
        case CURLE_COULDNT_CONNECT:
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_RESOLVE_PROXY: return ErrorKind::Refused;
        case CURLE_URL_MALFORMAT: return ErrorKind::BadArgument;
        default: return ErrorKind::Transport;
    }
}

bool retryable_status(int status) { return status >= 500 || status == 429; }

std::string path_of(std::string_view path) {
    size_t q = path.find('?');
    return std::string(path.substr(0, q));
}

}  // namespace

// ------------------------------------------------------------------ pool

struct PdClient::Pool {
    std::mutex mu;
    std::vector<CURL*> free;
    ~Pool() {
        for (CURL* h : free) curl_easy_cleanup(h);
    }
    CURL* acquire() {
        {
            std::lock_guard<std::mutex> lk(mu);
            if (!free.empty()) {
                CURL* h = free.back();
                free.pop_back();
                return h;
            }
        }
        return curl_easy_init();
    }
    void release(CURL* h) {
        std::lock_guard<std::mutex> lk(mu);
        if (free.size() < 16) free.push_back(h);
        else curl_easy_cleanup(h);
    }
};

// ------------------------------------------------------------------ endpoints

Result<std::vector<std::string>> parse_endpoints(std::string_view text) {
    std::vector<std::string> out;
    auto bad = [&](std::string why) {
        PdError e;
        e.kind = ErrorKind::BadArgument;
        e.endpoint = "(config)";
        e.detail = "invalid PD URL list '" + std::string(text) + "': " + why;
        return e;
    };
    size_t start = 0;
    while (start <= text.size()) {
        size_t comma = text.find(',', start);
        std::string u(text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
        start = comma == std::string_view::npos ? text.size() + 1 : comma + 1;
        while (!u.empty() && u.back() == ' ') u.pop_back();
        while (!u.empty() && u.front() == ' ') u.erase(0, 1);
        if (u.empty()) continue;
        if (u.find("://") == std::string::npos) u = "http://" + u;
        if (u.rfind("http://", 0) != 0 && u.rfind("https://", 0) != 0)
            return bad("'" + u + "' is not an http(s) URL");
        while (u.back() == '/') u.pop_back();
        std::string host = u.substr(u.find("://") + 3);
        if (host.empty() || host.front() == ':' || host.find_first_of(" /?#") != std::string::npos)
            return bad("'" + u + "' has no valid host[:port]");
        size_t colon = host.rfind(':');
        if (colon != std::string::npos && host.find(']') == std::string::npos) {
            std::string port = host.substr(colon + 1);
            if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
                std::stoi(port) > 65535 || std::stoi(port) == 0)
                return bad("'" + u + "' has an invalid port");
        }
        out.push_back(u);
    }
    if (out.empty()) return bad("no URL given");
    return out;
}

std::string api_url(const std::string& endpoint, std::string_view path) {
    std::string u = endpoint + "/pd/api/v1";
    if (!path.empty() && path.front() != '/') u += '/';
    u += path;
    return u;
}

// ------------------------------------------------------------------ client

PdClient::PdClient(PdClientOptions opts) : opts_(std::move(opts)), pool_(std::make_unique<Pool>()) {}
PdClient::~PdClient() = default;

Result<std::unique_ptr<PdClient>> PdClient::create(PdClientOptions opts) {
    global_init();
    std::string joined;
    for (const auto& e : opts.endpoints) joined += (joined.empty() ? "" : ",") + e;
    auto eps = parse_endpoints(joined);
    if (!eps) return eps.error();
    opts.endpoints = std::move(eps.value());
    if (opts.get_rounds < 1) opts.get_rounds = 1;
    if (opts.timeout_ms <= 0 || opts.connect_timeout_ms <= 0) {
        PdError e;
        e.kind = ErrorKind::BadArgument;
        e.endpoint = "(config)";
        e.detail = "timeouts must be positive";
        return e;
    }
    return std::unique_ptr<PdClient>(new PdClient(std::move(opts)));
}

std::string PdClient::preferred_endpoint() const {
    return opts_.endpoints[preferred_.load() % opts_.endpoints.size()];
}

Result<HttpResponse> PdClient::perform(const char* method, const std::string& url, std::string_view body,
                                       const RequestOptions& ro, int default_timeout_ms, detail::BodyStream* stream) {
    CURL* h = pool_->acquire();
    PdError err;
    err.url = url;
    if (!h) {
        err.kind = ErrorKind::Transport;
        err.detail = "curl_easy_init failed";
        return err;
    }
    curl_easy_reset(h);  // keeps the connection cache, clears options
    HttpResponse resp;
    resp.url = url;
    Sink sink{&resp.body, h, stream};
    if (stream) {
        stream->stopped = false;
        if (stream->begin) stream->begin();
    }
    char errbuf[CURL_ERROR_SIZE] = {0};
    curl_slist* headers = nullptr;
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, long(ro.connect_timeout_ms ? ro.connect_timeout_ms : opts_.connect_timeout_ms));
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, long(ro.timeout_ms ? ro.timeout_ms : default_timeout_ms));
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_write);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_USERAGENT, "medic/0.1");
    if (std::string_view(method) == "POST") {
        headers = curl_slist_append(headers, ("Content-Type: " + ro.content_type).c_str());
        curl_easy_setopt(h, CURLOPT_POST, 1L);
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.size()));
        curl_easy_setopt(h, CURLOPT_COPYPOSTFIELDS, body.data());
    } else if (std::string_view(method) == "DELETE") {
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "DELETE");
    }
    headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    CURLcode rc = curl_easy_perform(h);
    curl_slist_free_all(headers);
    if (rc == CURLE_OK) {
        long status = 0;
        char* ct = nullptr;
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
        curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &ct);
        resp.status = int(status);
        if (ct) resp.content_type = ct;
    }
    pool_->release(h);
    if (rc == CURLE_WRITE_ERROR && stream && stream->stopped) {
        PdError pe = stream->error();  // malformed body, found while it downloaded
        pe.url = url;
        return pe;
    }
    if (rc != CURLE_OK) {
        err.kind = kind_of(rc);
        err.detail = errbuf[0] ? errbuf : curl_easy_strerror(rc);
        while (!err.detail.empty() && err.detail.back() == '\n') err.detail.pop_back();
        if (rc == CURLE_PARTIAL_FILE) err.detail = "truncated body: " + err.detail;
        return err;
    }
    if (resp.body.capacity() < resp.body.size() + kPadding) resp.body.reserve(resp.body.size() + kPadding);
    return resp;
}

void PdClient::sleep_backoff(int round) {
    thread_local std::mt19937 rng{std::random_device{}()};
    long cap = std::min<long>(opts_.backoff_max_ms, long(opts_.backoff_base_ms) << std::min(round, 20));
    std::uniform_int_distribution<long> dist(cap / 2, std::max(cap, 1L));  // "equal jitter"
    std::this_thread::sleep_for(std::chrono::milliseconds(dist(rng)));
}

namespace {

PdError status_error(const HttpResponse& r, std::string_view path) {
    PdError e;
    e.kind = ErrorKind::HttpStatus;
    e.endpoint = path_of(path);
    e.url = r.url;
    e.http_status = r.status;
    e.pd_message = pd_error_message(r.body);
    return e;
}

}  // namespace

Result<HttpResponse> PdClient::get(std::string_view path, const RequestOptions& ro) {
    return get_parsed<HttpResponse>(path, [](HttpResponse&& r) -> Result<HttpResponse> { return std::move(r); },
                                    ro.timeout_ms);
}

template <class T, class Parse>
Result<T> PdClient::get_parsed(std::string_view path, Parse&& parse, int timeout_ms, detail::BodyStream* stream) {
    const size_t n = opts_.endpoints.size();
    RequestOptions ro;
    ro.timeout_ms = timeout_ms;
    std::optional<PdError> last;
    for (int round = 0; round < opts_.get_rounds; ++round) {
        if (round > 0) sleep_backoff(round - 1);
        size_t first = preferred_.load();
        for (size_t k = 0; k < n; ++k) {
            size_t i = (first + k) % n;
            auto r = perform("GET", api_url(opts_.endpoints[i], path), {}, ro, opts_.timeout_ms, stream);
            if (!r) {
                last = r.error();
                if (last->kind != ErrorKind::Malformed) last->endpoint = path_of(path);
                if (last->kind == ErrorKind::BadArgument) return *last;
                continue;  // transport failure: next endpoint
            }
            if (r->status < 200 || r->status >= 300) {
                last = status_error(r.value(), path);
                if (!retryable_status(r->status)) return *last;
                continue;
            }
            std::string url = r->url;
            Result<T> parsed = parse(std::move(r.value()));
            if (parsed) {
                preferred_.store(i);
                return parsed;
            }
            last = parsed.error();
            last->url = url;  // malformed (truncated or corrupted) body: try again
        }
    }
    if (last && opts_.get_rounds * n > 1)
        last->detail += (last->detail.empty() ? "" : "; ") + std::string("gave up after ") +
                        std::to_string(opts_.get_rounds) + " round(s) over " + std::to_string(n) + " endpoint(s)";
    return *last;
}

Result<HttpResponse> PdClient::send_write(const char* method, std::string_view path, std::string_view body,
                                          const RequestOptions& ro) {
    const size_t n = opts_.endpoints.size();
    size_t first = preferred_.load();
    std::optional<PdError> last;
    for (size_t k = 0; k < n; ++k) {
        size_t i = (first + k) % n;
        auto r = perform(method, api_url(opts_.endpoints[i], path), body, ro, opts_.timeout_ms);
        if (!r) {
            last = r.error();
            last->endpoint = path_of(path);
            // Only a connection that was never made is safe to redirect:
            // PD cannot have seen the request. Anything else goes back as is.
            if (last->kind == ErrorKind::Refused) continue;
            return *last;
        }
        if (r->status < 200 || r->status >= 300) return status_error(r.value(), path);
        preferred_.store(i);
        return r;
    }
    return *last;
}

Result<HttpResponse> PdClient::post(std::string_view path, std::string_view body, const RequestOptions& ro) {
    return send_write("POST", path, body, ro);
}

Result<HttpResponse> PdClient::del(std::string_view path, const RequestOptions& ro) {
    return send_write("DELETE", path, {}, ro);
}

Result<HttpResponse> PdClient::probe(const std::string& url, int timeout_ms, int connect_timeout_ms) {
    RequestOptions ro;
    ro.timeout_ms = timeout_ms;
    ro.connect_timeout_ms = connect_timeout_ms;
    auto r = perform("GET", url, {}, ro, timeout_ms);
    if (!r) {
        PdError e = r.error();
        e.endpoint = url;
        return e;
    }
    return r;
}

// ------------------------------------------------------------------ typed readers
// Each reader parses inside get_parsed, so a malformed or truncated body is
// retried like a transport failure (GETs are idempotent).

Result<std::vector<Store>> PdClient::stores(bool include_tombstone) {
    std::string path = include_tombstone ? "/stores?state=0&state=1&state=2" : "/stores";
    return get_parsed<std::vector<Store>>(path, [](HttpResponse&& r) { return parse_stores(r.body, "/stores"); });
}

Result<Store> PdClient::store(uint64_t id) {
    return get_parsed<Store>("/store/" + std::to_string(id),
                             [](HttpResponse&& r) { return parse_store(r.body, "/store"); });
}

Result<std::optional<Region>> PdClient::region(uint64_t id) {
    auto r = get_parsed<std::optional<Region>>(
        "/region/id/" + std::to_string(id), [](HttpResponse&& r) { return parse_region(r.body, "/region/id"); });
    // master answers 404 for a missing region; older PDs 200 null / id 0.
    if (!r && r.error().kind == ErrorKind::HttpStatus && r.error().http_status == 404)
        return std::optional<Region>{};
    return r;
}

Result<std::vector<Region>> PdClient::regions_check(std::string_view kind) {
    std::string path = "/regions/check/" + std::string(kind);
    return get_parsed<std::vector<Region>>(path, [&](HttpResponse&& r) { return parse_regions(r.body, path); });
}

Result<uint64_t> PdClient::scan_regions(const std::function<void(const Region&)>& sink,
                                        const std::function<void()>& restart,
                                        const std::function<void(uint64_t)>& count_hint) {
    if (opts_.scan_page_regions > 0) return scan_regions_paged(sink, restart);
    // The body is parsed while it downloads (RegionStream), so a million
    // regions never sit in memory as one 550 MB string plus its index. curl
    // runs on a thread of its own and hands the body over through a bounded
    // ScanPipe; this thread parses, so the scan costs max(download, parse),
    // not their sum, and `sink`, `restart` and `count_hint` run here. A body
    // that turns out malformed half-way is retried like any bad GET;
    // `restart` lets the caller drop what the failed attempt fed to `sink`.
    detail::ScanPipe pipe;
    detail::BodyStream bs;
    bs.begin = [&] { pipe.begin(); };
    bs.write = [&](const char* data, size_t n) { return pipe.write(data, n); };
    bs.error = [&] { return pipe.stop_error(); };
    auto aborted = [](const std::exception& e) {
        PdError err;
        err.endpoint = "/regions";
        err.detail = std::string("scan aborted: ") + e.what();
        return err;
    };
    std::thread download([&] {
        Result<uint64_t> r = PdError{};
        try {
            r = get_parsed<uint64_t>("/regions", [&](HttpResponse&&) { return pipe.end(); }, opts_.scan_timeout_ms, &bs);
        } catch (const std::exception& e) {
            r = aborted(e);
        }
        pipe.close(std::move(r));
    });
    std::unique_ptr<RegionStream> rs;
    bool failed = false;  // the current attempt's body is bad: skip the rest of it
    auto fresh = [&] {
        if (restart) restart();
        rs = std::make_unique<RegionStream>("/regions", sink, count_hint);
    };
    while (true) {
        detail::ScanPipe::Item it = pipe.pop();
        switch (it.kind) {
            case detail::ScanPipe::Kind::Begin:
                rs.reset();
                failed = false;
                break;
            case detail::ScanPipe::Kind::Data:
                try {  // the sink may throw (bad_alloc): this attempt fails, the download goes on to its end
                    if (!failed && !rs) fresh();
                    if (!failed && !rs->feed(it.data.data(), it.data.size())) {
                        failed = true;
                        pipe.stop(*rs->error());
                    }
                } catch (const std::exception& e) {
                    failed = true;
                    pipe.stop(aborted(e));
                }
                pipe.recycle(std::move(it.data));
                break;
            case detail::ScanPipe::Kind::End: {
                Result<uint64_t> r = PdError{};
                try {
                    if (failed) r = pipe.stop_error();
                    else if (!rs) fresh();  // an empty body: finish() says so
                    if (!failed) r = rs->finish();
                } catch (const std::exception& e) {
                    r = aborted(e);
                }
                rs.reset();
                pipe.answer(std::move(r));
                break;
            }
            case detail::ScanPipe::Kind::Closed:
                download.join();
                return pipe.closed_result();
        }
    }
}

Result<uint64_t> PdClient::scan_regions_paged(const std::function<void(const Region&)>& sink,
                                              const std::function<void()>& restart) {
    // Each page is fetched (with the usual retries) and parsed whole before
    // any of it reaches `sink`, so a retried page is never fed twice. The
    // next page starts at the last region's end key; an empty end key is the
    // end of the key space.
    if (restart) restart();
    const std::string limit = std::to_string(std::min(opts_.scan_page_regions, 10240));
    std::string key;  // raw start key of the next page
    uint64_t total = 0;
    while (true) {
        std::string path = "/regions/key?format=hex&limit=" + limit + "&key=" + hex_encode(key);
        auto page = get_parsed<std::vector<Region>>(
            path, [](HttpResponse&& r) { return parse_regions(r.body, "/regions/key"); }, opts_.scan_timeout_ms);
        if (!page) return page.error();
        if (page->empty()) return total;
        for (const auto& r : page.value()) sink(r);
        total += page->size();
        const std::string& next = page->back().end_key;
        if (next.empty()) return total;
        if (next <= key) {  // PD went backwards: stop rather than loop forever
            PdError e;
            e.kind = ErrorKind::Malformed;
            e.endpoint = "/regions/key";
            e.detail = "page ends at key " + hex_encode(next) + ", not after its start " + hex_encode(key);
            return e;
        }
        key = next;
    }
}

Result<uint64_t> PdClient::regions_count() {
    return get_parsed<uint64_t>("/regions/count", [](HttpResponse&& r) { return parse_regions_count(r.body); });
}

Result<HotRegions> PdClient::hot_regions(HotKind kind) {
    std::string path = std::string("/hotspot/regions/") + kHotKindNames[size_t(kind)];
    return get_parsed<HotRegions>(path, [&](HttpResponse&& r) { return parse_hot_regions(r.body, kind, path); });
}

Result<HotStores> PdClient::hot_stores() {
    return get_parsed<HotStores>("/hotspot/stores", [](HttpResponse&& r) { return parse_hot_stores(r.body); });
}

Result<std::vector<OperatorInfo>> PdClient::operators() {
    return get_parsed<std::vector<OperatorInfo>>("/operators?object=1",
                                                 [](HttpResponse&& r) { return parse_operators(r.body); });
}

Result<ScheduleConfig> PdClient::schedule_config() {
    return get_parsed<ScheduleConfig>("/config/schedule",
                                      [](HttpResponse&& r) { return parse_schedule_config(r.body); });
}

Result<ReplicationConfig> PdClient::replication_config() {
    return get_parsed<ReplicationConfig>("/config/replicate",
                                         [](HttpResponse&& r) { return parse_replication_config(r.body); });
}

Result<std::vector<PdMember>> PdClient::health() {
    return get_parsed<std::vector<PdMember>>("/health", [](HttpResponse&& r) { return parse_health(r.body); });
}

Result<PdMember> PdClient::leader() {
    return get_parsed<PdMember>("/leader", [](HttpResponse&& r) { return parse_leader(r.body); });
}

Status PdClient::refresh_leader() {
    auto l = leader();
    if (!l) return l.error();
    for (const auto& cu : l->client_urls) {
        std::string u = cu;
        while (!u.empty() && u.back() == '/') u.pop_back();
        for (size_t i = 0; i < opts_.endpoints.size(); ++i)
            if (opts_.endpoints[i] == u) {
                preferred_.store(i);
                return Ok{};
            }
    }
    return Ok{};  // leader not among our endpoints: keep using a proxying member
}

}  // namespace medic::pd
