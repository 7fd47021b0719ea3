// tests/engine/pd/pd_client_test.cpp: PdClient over real loopback HTTP against
// small servers that play PD's error shapes and faults: retries, failover,
// single-shot writes, timeouts, refused connections, truncated and malformed
// bodies.
#include <catch2/catch.hpp>
#include <httplib.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "pd/pd_client.hpp"
#include "pd_test_text.hpp"

using namespace medic::pd;
using medic::test::pd_fixture;

namespace {

/// An httplib server on a free loopback port, stopped at scope exit.
class FakePd {
public:
    FakePd() {
        port_ = srv_.bind_to_any_port("127.0.0.1");
        th_ = std::thread([this] { srv_.listen_after_bind(); });
        while (!srv_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ~FakePd() {
        srv_.stop();
        th_.join();
    }
    httplib::Server& srv() { return srv_; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

private:
    httplib::Server srv_;
    int port_ = 0;
    std::thread th_;
};

/// A raw TCP server that accepts, reads the request, then sends `reply`
/// verbatim (possibly a lie about Content-Length) or nothing at all.
class RawServer {
public:
    explicit RawServer(std::string reply, bool silent = false) : reply_(std::move(reply)), silent_(silent) {
        fd_ = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
        socklen_t len = sizeof a;
        getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
        port_ = ntohs(a.sin_port);
        listen(fd_, 8);
        th_ = std::thread([this] { serve(); });
    }
    ~RawServer() {
        stop_ = true;
        shutdown(fd_, SHUT_RDWR);
        close(fd_);
        th_.join();
        for (int c : held_) close(c);
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    int hits() const { return hits_; }

private:
    void serve() {
        while (!stop_) {
            int c = accept(fd_, nullptr, nullptr);
            if (c < 0) return;
            ++hits_;
            char buf[4096];
            (void)!read(c, buf, sizeof buf);
            if (silent_) {
                held_.push_back(c);  // never answer: the client must time out
                continue;
            }
            (void)!write(c, reply_.data(), reply_.size());
            close(c);
        }
    }
    std::string reply_;
    bool silent_;
    int fd_ = -1, port_ = 0;
    std::atomic<bool> stop_{false};
    std::atomic<int> hits_{0};
    std::vector<int> held_;
    std::thread th_;
};

/// A loopback port with nothing listening (connection refused). The socket
/// stays bound, not listening, until the test process exits, so a server
/// started by a test running in parallel is never given the port.
std::string closed_url() {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    return "http://127.0.0.1:" + std::to_string(ntohs(a.sin_port));
}

std::unique_ptr<PdClient> client(std::vector<std::string> eps, int timeout_ms = 2000, int rounds = 3) {
    PdClientOptions o;
    o.endpoints = std::move(eps);
    o.timeout_ms = timeout_ms;
    o.connect_timeout_ms = 500;
    o.get_rounds = rounds;
    o.backoff_base_ms = 5;
    o.backoff_max_ms = 20;
    auto c = PdClient::create(o);
    REQUIRE(c.ok());
    return std::move(c.value());
}

}  // namespace

TEST_CASE("endpoint lists are validated", "[pd_client]") {
    auto ok = parse_endpoints("127.0.0.1:2379, http://pd-2:2379/ ,https://pd3");
    REQUIRE(ok.ok());
    CHECK(ok.value() == std::vector<std::string>{"http://127.0.0.1:2379", "http://pd-2:2379", "https://pd3"});
    CHECK_FALSE(parse_endpoints("").ok());
    CHECK_FALSE(parse_endpoints(",,").ok());
    CHECK_THAT(parse_endpoints("ftp://x").error().to_string(), Catch::Contains("not an http(s) URL"));
    CHECK_THAT(parse_endpoints("http://host:99999").error().to_string(), Catch::Contains("invalid port"));
    CHECK_THAT(parse_endpoints("http://:80").error().to_string(), Catch::Contains("no valid host"));
    CHECK_FALSE(PdClient::create(PdClientOptions{}).ok());
}

TEST_CASE("typed GETs parse PD bodies over HTTP", "[pd_client]") {
    FakePd pd;
    pd.srv().Get("/pd/api/v1/stores", [](const httplib::Request&, httplib::Response& res) {
        res.set_content(pd_fixture("stores.json"), "application/json; charset=UTF-8");
    });
    pd.srv().Get("/pd/api/v1/regions", [](const httplib::Request&, httplib::Response& res) {
        res.set_content(pd_fixture("regions.json"), "application/octet-stream");
    });
    pd.srv().Get("/pd/api/v1/region/id/14", [](const httplib::Request&, httplib::Response& res) {
        res.set_content(pd_fixture("region.json"), "application/octet-stream");
    });
    pd.srv().Get("/pd/api/v1/region/id/42", [](const httplib::Request&, httplib::Response& res) {
        res.status = 404;
        res.set_content(pd_fixture("error-404-region-not-found.txt"), "application/json; charset=UTF-8");
    });
    auto c = client({pd.url()});
    auto stores = c->stores();
    REQUIRE(stores.ok());
    CHECK(stores->size() == 7);
    uint64_t n = 0;
    auto scanned = c->scan_regions([&](const Region&) { ++n; });
    REQUIRE(scanned.ok());
    CHECK(n == 7);
    auto r = c->region(14);
    REQUIRE(r.ok());
    CHECK((*r)->id == 14);
    auto missing = c->region(42);  // master's 404 means "no such region", not an error
    REQUIRE(missing.ok());
    CHECK_FALSE(missing->has_value());
}

TEST_CASE("every PD error shape reaches the caller as status + PD's text", "[pd_client][errors]") {
    FakePd pd;
    auto serve = [&](const std::string& path, int status, const std::string& file, const char* type) {
        pd.srv().Get(path, [=](const httplib::Request&, httplib::Response& res) {
            res.status = status;
            res.set_content(file.empty() ? std::string() : pd_fixture(file), type);
        });
    };
    serve("/pd/api/v1/store/99", 404, "error-404-store-not-found.txt", "application/json; charset=UTF-8");
    serve("/pd/api/v1/store/abc", 400, "error-400-store-id-not-a-number.txt", "application/json; charset=UTF-8");
    serve("/pd/api/v1/region/id/0", 400, "error-400-region-id-zero.txt", "application/json; charset=UTF-8");
    serve("/pd/api/v1/nope", 404, "error-404-unknown-route.txt", "text/plain; charset=utf-8");
    serve("/pd/api/v1/ratelimited", 429, "error-429-rate-limited.txt", "text/plain; charset=utf-8");
    serve("/pd/api/v1/noleader", 503, "error-503-redirect-no-leader.txt", "text/plain; charset=utf-8");
    pd.srv().Delete("/pd/api/v1/schedulers/evict-leader-scheduler-9", [](const httplib::Request&, httplib::Response& res) {
        res.status = 404;
        res.set_content("null\n", "application/json; charset=UTF-8");
    });
    auto c = client({pd.url()}, 2000, 2);
    auto e404 = c->get("/store/99");
    REQUIRE_FALSE(e404.ok());
    CHECK(e404.error().kind == ErrorKind::HttpStatus);
    CHECK(e404.error().http_status == 404);
    CHECK(e404.error().pd_message == "[PD:core:ErrStoreNotFound]store 99 not found");
    CHECK(e404.error().to_string() == "pd /store/99: http 404: [PD:core:ErrStoreNotFound]store 99 not found");
    CHECK(c->get("/store/abc").error().pd_message == "input: strconv.ParseUint: parsing \"abc\": invalid syntax");
    auto e0 = c->get("/region/id/0");
    CHECK(e0.error().http_status == 400);
    CHECK(e0.error().pd_message.empty());
    CHECK(c->get("/nope").error().pd_message == "404 page not found");
    auto e429 = c->get("/ratelimited");
    CHECK(e429.error().http_status == 429);
    CHECK(e429.error().pd_message == "Too Many Requests");
    CHECK_THAT(e429.error().to_string(), Catch::Contains("gave up after 2 round(s)"));
    CHECK(c->get("/noleader").error().pd_message == "[PD:apiutil:ErrRedirectNoLeader]redirect finds no leader");
    auto dn = c->del("/schedulers/evict-leader-scheduler-9");
    CHECK(dn.error().http_status == 404);
    CHECK(dn.error().pd_message.empty());
}

TEST_CASE("GET retries 5xx and malformed bodies, POST is sent once", "[pd_client][retry]") {
    FakePd pd;
    std::atomic<int> gets{0}, posts{0}, bad{0};
    pd.srv().Get("/pd/api/v1/stores", [&](const httplib::Request&, httplib::Response& res) {
        if (++gets < 3) {
            res.status = 500;
            res.set_content("\"[PD:server:ErrServerNotStarted]server not started\"\n", "application/json");
            return;
        }
        res.set_content(pd_fixture("stores.json"), "application/json");
    });
    pd.srv().Get("/pd/api/v1/health", [&](const httplib::Request&, httplib::Response& res) {
        res.set_content(++bad == 1 ? "[{\"name\":\"pd-1\",\"health\":tru" : pd_fixture("health.json"), "application/json");
    });
    pd.srv().Get("/pd/api/v1/leader", [&](const httplib::Request&, httplib::Response& res) {
        res.set_content("{\"name\": 12}", "application/json");
    });
    pd.srv().Post("/pd/api/v1/operators", [&](const httplib::Request&, httplib::Response& res) {
        ++posts;
        res.status = 500;
        res.set_content(pd_fixture("error-500-operator-already-exists.txt"), "application/json");
    });
    auto c = client({pd.url()});
    auto s = c->stores();
    REQUIRE(s.ok());
    CHECK(gets == 3);
    auto h = c->health();  // first body truncated mid-literal, second fine
    REQUIRE(h.ok());
    CHECK(bad == 2);
    auto l = c->leader();  // always malformed: a typed error after bounded attempts
    REQUIRE_FALSE(l.ok());
    CHECK(l.error().kind == ErrorKind::Malformed);
    CHECK_THAT(l.error().to_string(), Catch::StartsWith("pd /leader: name: expected string, got number"));
    auto p = c->post("/operators", R"({"name":"transfer-leader","region_id":2,"to_store_id":4})");
    REQUIRE_FALSE(p.ok());
    CHECK(posts == 1);
    CHECK(p.error().http_status == 500);
    CHECK(p.error().pd_message == "[PD:operator:ErrAddOperator]failed to add operator, maybe already have one");
}

TEST_CASE("failover: a dead first endpoint is skipped for reads and for unsent writes", "[pd_client][failover]") {
    FakePd pd;
    std::atomic<int> posts{0};
    pd.srv().Get("/pd/api/v1/stores", [](const httplib::Request&, httplib::Response& res) {
        res.set_content(pd_fixture("stores.json"), "application/json");
    });
    pd.srv().Post("/pd/api/v1/operators", [&](const httplib::Request& req, httplib::Response& res) {
        ++posts;
        CHECK(req.body == "{}");
        res.set_content("\"The operator is created.\"\n", "application/json");
    });
    auto c = client({closed_url(), pd.url()});
    REQUIRE(c->stores().ok());
    CHECK(c->preferred_endpoint() == pd.url());  // sticks to the member that answered
    auto p = c->post("/operators", "{}");
    REQUIRE(p.ok());
    CHECK(p->status == 200);
    CHECK(posts == 1);
    auto all_dead = client({closed_url(), closed_url()}, 500, 2);
    auto e = all_dead->stores();
    REQUIRE_FALSE(e.ok());
    CHECK(e.error().kind == ErrorKind::Refused);
    CHECK_THAT(e.error().to_string(), Catch::StartsWith("pd /stores: refused: "));
}

TEST_CASE("a write that may have reached PD is not retried elsewhere", "[pd_client][failover]") {
    RawServer silent("", true);
    FakePd pd;
    std::atomic<int> posts{0};
    pd.srv().Post("/pd/api/v1/operators", [&](const httplib::Request&, httplib::Response& res) {
        ++posts;
        res.set_content("\"The operator is created.\"\n", "application/json");
    });
    auto c = client({silent.url(), pd.url()}, 300);
    auto p = c->post("/operators", "{}");
    REQUIRE_FALSE(p.ok());
    CHECK(p.error().kind == ErrorKind::Timeout);
    CHECK(posts == 0);
}

TEST_CASE("timeouts, truncated and garbage responses are clear errors", "[pd_client][faults]") {
    RawServer silent("", true);
    auto slow = client({silent.url()}, 200, 1)->stores();
    REQUIRE_FALSE(slow.ok());
    CHECK(slow.error().kind == ErrorKind::Timeout);
    CHECK_THAT(slow.error().to_string(), Catch::StartsWith("pd /stores: timeout: "));

    RawServer truncated("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"count\":7,\"st");
    auto t = client({truncated.url()}, 2000, 2)->stores();
    REQUIRE_FALSE(t.ok());
    CHECK(t.error().kind == ErrorKind::Transport);
    CHECK_THAT(t.error().detail, Catch::Contains("truncated"));
    CHECK(truncated.hits() == 2);  // retried, bounded

    RawServer garbage("this is not HTTP at all\r\n\r\n");
    auto g = client({garbage.url()}, 2000, 1)->stores();
    REQUIRE_FALSE(g.ok());
    CHECK(g.error().kind == ErrorKind::Transport);

    RawServer html("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 28\r\n\r\n<html>502 Bad Gateway</html>");
    auto h = client({html.url()}, 2000, 1)->stores();
    REQUIRE_FALSE(h.ok());
    CHECK(h.error().kind == ErrorKind::Malformed);
    CHECK_THAT(h.error().to_string(), Catch::Contains("near '<html>"));
}

TEST_CASE("probe reports status codes and dead status servers", "[pd_client]") {
    FakePd tikv;
    tikv.srv().Get("/status", [](const httplib::Request&, httplib::Response& res) { res.set_content("", "text/plain"); });
    auto c = client({tikv.url()});
    auto alive = c->probe(tikv.url() + "/status", 500, 300);
    REQUIRE(alive.ok());
    CHECK(alive->status == 200);
    auto dead = c->probe(closed_url() + "/status", 500, 300);
    REQUIRE_FALSE(dead.ok());
    CHECK(dead.error().kind == ErrorKind::Refused);
}

TEST_CASE("concurrent GETs from many threads share the client", "[pd_client]") {
    FakePd pd;
    pd.srv().Get("/pd/api/v1/stores", [](const httplib::Request&, httplib::Response& res) {
        res.set_content(pd_fixture("stores.json"), "application/json");
    });
    auto c = client({pd.url()});
    std::atomic<int> ok{0};
    std::vector<std::thread> ts;
    for (int t = 0; t < 8; ++t)
        ts.emplace_back([&] {
            for (int i = 0; i < 20; ++i) ok += c->stores().ok();
        });
    for (auto& t : ts) t.join();
    CHECK(ok == 160);
}

namespace {

// {"count":n,"regions":[...]} with n small regions; region `bad` (1-based)
// gets a string store id.
std::string regions_body(int n, int bad = 0) {
    std::string b = "{\"count\":" + std::to_string(n) + ",\"regions\":[";
    for (int i = 1; i <= n; ++i) {
        if (i > 1) b += ',';
        std::string sid = i == bad ? "\"1\"" : "1";
        b += R"({"id":)" + std::to_string(i) + R"(,"start_key":"7480000000000000FF00","end_key":"","peers":[{"id":)" +
             std::to_string(i * 10) + R"(,"store_id":)" + sid + R"(,"role_name":"Voter"}],"leader":{"id":)" +
             std::to_string(i * 10) + R"(,"store_id":1,"role_name":"Voter"},"approximate_size":1})";
    }
    return b + "]}";
}

}  // namespace

TEST_CASE("scan_regions parses /regions while it downloads, a body bad half-way is retried from scratch",
          "[pd_client][scan]") {
    FakePd pd;
    std::atomic<int> hits{0}, mode{0};  // 0: first body bad, then good; 1: always bad; 2: http 500
    const std::string good = regions_body(30000), bad = regions_body(30000, 25000);
    REQUIRE(good.size() > 4u << 20);  // more than one parse batch
    pd.srv().Get("/pd/api/v1/regions", [&](const httplib::Request&, httplib::Response& res) {
        ++hits;
        if (mode == 2) {
            res.status = 500;
            res.set_content("\"[PD:server:ErrServerNotStarted]server not started\"\n", "application/json");
            return;
        }
        res.set_content(mode == 1 || hits == 1 ? bad : good, "application/octet-stream");
    });
    auto c = client({pd.url()}, 20000);
    int restarts = 0;
    uint64_t fed = 0;
    auto n = c->scan_regions([&](const Region&) { ++fed; }, [&] { ++restarts, fed = 0; });
    REQUIRE(n.ok());
    CHECK(n.value() == 30000);
    CHECK(fed == 30000);
    CHECK(hits == 2);
    CHECK(restarts == 2);  // each attempt starts from an empty result

    // curl runs on a thread of its own; the sink, restart and count hint run on the caller's.
    hits = 1;
    const auto me = std::this_thread::get_id();
    bool same_thread = true;
    uint64_t hint = 0;
    auto t = c->scan_regions([&](const Region&) { same_thread &= std::this_thread::get_id() == me; },
                             [&] { same_thread &= std::this_thread::get_id() == me; },
                             [&](uint64_t count) { same_thread &= std::this_thread::get_id() == me, hint = count; });
    REQUIRE(t.ok());
    CHECK(same_thread);
    CHECK(hint == 30000);

    // A sink that throws (it runs inside curl's write callback): an error, not a crash.
    mode = 0;
    hits = 1;  // serve the good body
    auto thrown = client({pd.url()}, 20000, 1)->scan_regions([](const Region& r) {
        if (r.id == 100) throw std::runtime_error("boom");
    });
    REQUIRE_FALSE(thrown.ok());
    CHECK_THAT(thrown.error().to_string(), Catch::Contains("scan aborted: boom"));

    hits = 0;
    mode = 1;
    auto e = client({pd.url()}, 20000, 2)->scan_regions([](const Region&) {});
    REQUIRE_FALSE(e.ok());
    CHECK(e.error().kind == ErrorKind::Malformed);
    CHECK_THAT(e.error().to_string(),
               Catch::StartsWith("pd /regions: regions[24999].peers[0].store_id: expected unsigned integer, got string"));
    size_t at = bad.find(R"({"id":25000,"start_key")");
    CHECK_THAT(e.error().to_string(), Catch::Contains("(byte " + std::to_string(bad.find("\"1\"", at)) + ")"));
    CHECK(hits == 2);

    mode = 2;
    auto s = client({pd.url()}, 20000, 1)->scan_regions([](const Region&) {});
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().kind == ErrorKind::HttpStatus);
    CHECK(s.error().pd_message == "[PD:server:ErrServerNotStarted]server not started");
}

#ifdef MEDIC_HAVE_PDSIM
#include <algorithm>

#include "support/pdsim_process.hpp"

TEST_CASE("paged and streamed full scans of pdsim see the same regions", "[pd_client][scan][pdsim]") {
    medic::test::PdsimProcess sim({"--step", "--stores", "6", "--regions", "3000", "--seed", "5"});
    auto scan = [&](int page) {
        PdClientOptions o;
        o.endpoints = {sim.url()};
        o.scan_page_regions = page;
        auto c = PdClient::create(o);
        REQUIRE(c.ok());
        std::vector<std::string> rows;
        int restarts = 0;
        auto n = c.value()->scan_regions(
            [&](const Region& r) {
                rows.push_back(std::to_string(r.id) + " " + r.start_key + "|" + r.end_key + " " +
                               std::to_string(r.peers.size()) + " " + std::to_string(r.leader.store_id));
            },
            [&] { ++restarts; });
        REQUIRE(n.ok());
        CHECK(n.value() == rows.size());
        CHECK(restarts == 1);
        std::sort(rows.begin(), rows.end());
        return rows;
    };
    auto streamed = scan(0);
    CHECK(streamed.size() == 3000);
    CHECK(scan(100) == streamed);    // 30 pages
    CHECK(scan(10240) == streamed);  // one page
    CHECK(scan(99999) == streamed);  // capped at PD's 10240
}
#endif
