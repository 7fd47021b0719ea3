// engine/pd/pd_client.hpp: PdClient, the engine's only door to PD's HTTP API.
//
// Transport (pd_client.cpp): libcurl easy handles kept in a pool (connection
// reuse; any number of threads may call one PdClient concurrently), connect
// and total timeouts on every request, several PD endpoints with failover.
//  - GET is idempotent: a transport failure, 5xx, 429, or (for the typed
//    readers) a malformed body moves to the next endpoint; after a full round
//    of endpoints it backs off exponentially with jitter; attempts are bounded.
//  - POST/DELETE are never retried blindly: one attempt, except that a
//    connection that could not even be established (refused / DNS) moves to
//    the next endpoint, because PD never saw that request. Any other failure
//    is returned to the caller as is.
//  - Any PD member answers any request (followers proxy to the leader), so
//    failover needs no redirect logic; refresh_leader() moves the preferred
//    endpoint to the leader to save the proxy hop.
// Typed readers (pd_api.cpp) fetch and parse with pd_json.
// Errors are values (Result / PdError): nothing here throws for PD's behaviour.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pd/pd_json.hpp"
#include "pd/result.hpp"
#include "pd/types.hpp"

namespace medic::pd {

namespace detail {
struct BodyStream;  // a GET body consumed while it downloads (pd_client.cpp)
}

struct PdClientOptions {
    std::vector<std::string> endpoints;  ///< PD client URLs, e.g. "http://127.0.0.1:2379"
    int connect_timeout_ms = 1000;
    int timeout_ms = 5000;         ///< total time of one request
    int scan_timeout_ms = 120000;  ///< total time of one full /regions scan (or of one page)
    /// Full scan mode. 0: one GET /regions, parsed while it streams in (one
    /// view of the region tree; PD builds the whole body in its memory).
    /// N > 0: pages of GET /regions/key?format=hex&limit=N in key order
    /// (PD caps N at 10240): bounds PD's memory per request, but pages are
    /// taken at different times, so a split or merge between pages can show
    /// a range twice (the table keeps the last row per id) or not at all.
    int scan_page_regions = 0;
    int get_rounds = 3;            ///< GET: rounds over all endpoints (>= 1)
    int backoff_base_ms = 100;     ///< first backoff; doubles per round, with jitter
    int backoff_max_ms = 2000;
};

/// Parse "--pd" style text: "URL[,URL...]"; adds http:// when no scheme is
/// given, drops a trailing '/', rejects other schemes and empty hosts.
Result<std::vector<std::string>> parse_endpoints(std::string_view text);

struct HttpResponse {
    int status = 0;
    std::string body;          ///< has >= 64 bytes spare capacity (simdjson padding)
    std::string content_type;
    std::string url;           ///< the URL that answered
};

/// Per-request overrides.
struct RequestOptions {
    int timeout_ms = 0;          ///< 0 = client default
    int connect_timeout_ms = 0;  ///< 0 = client default
    std::string content_type = "application/json";  ///< for bodies sent
};

class PdClient {
public:
    /// Validates the options (at least one endpoint; URLs checked).
    static Result<std::unique_ptr<PdClient>> create(PdClientOptions opts);
    ~PdClient();
    PdClient(const PdClient&) = delete;
    PdClient& operator=(const PdClient&) = delete;

    // -- raw requests; `path` is relative to /pd/api/v1 ("/stores", "/operators?object=1")
    /// GET with retries and failover. Non-2xx is returned as an HttpStatus error.
    Result<HttpResponse> get(std::string_view path, const RequestOptions& ro = {});
    /// POST once (see the write rule above). Non-2xx -> HttpStatus error with PD's text.
    Result<HttpResponse> post(std::string_view path, std::string_view body, const RequestOptions& ro = {});
    /// DELETE once (see the write rule above).
    Result<HttpResponse> del(std::string_view path, const RequestOptions& ro = {});
    /// One GET of an absolute URL (e.g. a TiKV status address), no retry, no
    /// failover. Any status is returned as a value; only transport errors fail.
    Result<HttpResponse> probe(const std::string& url, int timeout_ms, int connect_timeout_ms);

    // -- typed readers (GET + pd_json; a malformed body counts as a retryable failure)
    Result<std::vector<Store>> stores(bool include_tombstone = false);
    Result<Store> store(uint64_t id);
    Result<std::optional<Region>> region(uint64_t id);
    Result<std::vector<Region>> regions_check(std::string_view kind);  ///< "down-peer", "miss-peer", ...
    /// Full region scan into `sink` (one reused Region). Default: /regions
    /// parsed in batches while it downloads (RegionStream), never held whole
    /// in memory; with options().scan_page_regions, page by page (each page
    /// parsed whole, then handed over). `restart` is called before an attempt
    /// feeds its first region (a malformed or cut body is retried), so the
    /// caller can discard a partial result. `count_hint` is told PD's
    /// "count" when the body states it before the regions (streamed scans
    /// only; unvalidated: cap it before reserving). Returns the region count.
    Result<uint64_t> scan_regions(const std::function<void(const Region&)>& sink,
                                  const std::function<void()>& restart = {},
                                  const std::function<void(uint64_t)>& count_hint = {});
    Result<uint64_t> regions_count();
    Result<HotRegions> hot_regions(HotKind kind);
    Result<HotStores> hot_stores();
    Result<std::vector<OperatorInfo>> operators();
    Result<ScheduleConfig> schedule_config();
    Result<ReplicationConfig> replication_config();
    Result<std::vector<PdMember>> health();
    Result<PdMember> leader();

    /// Ask /leader and prefer the endpoint that serves the leader's client URL.
    Status refresh_leader();

    const std::vector<std::string>& endpoints() const { return opts_.endpoints; }
    std::string preferred_endpoint() const;
    const PdClientOptions& options() const { return opts_; }

private:
    struct Pool;
    struct Attempt;
    explicit PdClient(PdClientOptions opts);
    /// `stream`: a 2xx body goes to stream->write as it arrives instead of
    /// into HttpResponse::body (non-2xx bodies are kept for the error text).
    Result<HttpResponse> perform(const char* method, const std::string& url, std::string_view body,
                                 const RequestOptions& ro, int default_timeout_ms,
                                 detail::BodyStream* stream = nullptr);
    Result<HttpResponse> send_write(const char* method, std::string_view path, std::string_view body,
                                    const RequestOptions& ro);
    /// GET `path` and parse with `parse`; retries transport, 5xx, 429 and malformed bodies.
    template <class T, class Parse>
    Result<T> get_parsed(std::string_view path, Parse&& parse, int timeout_ms = 0,
                         detail::BodyStream* stream = nullptr);
    void sleep_backoff(int round);
    Result<uint64_t> scan_regions_paged(const std::function<void(const Region&)>& sink,
                                        const std::function<void()>& restart);

    PdClientOptions opts_;
    std::unique_ptr<Pool> pool_;
    std::atomic<size_t> preferred_{0};
};

/// "http://host:port" + "/pd/api/v1" + path.
std::string api_url(const std::string& endpoint, std::string_view path);

}  // namespace medic::pd
