// Shared PD reads never blur two actions' post-conditions: concurrent live
// actions share their facts and verification reads (ReadCoalescer: one GET
// serves every caller that asked before it was sent), yet each action judges
// its OWN post-condition on what that read shows. PD here is pdsim behind a
// small proxy that swallows some POST /config/schedule requests (PD answers
// 200 and changes nothing) and slows GET /config/schedule down, so the
// callers' reads overlap and are shared.
#include "fixture.hpp"
#include "forward_proxy.hpp"

#include "store/action_store.hpp"
#include "store/audit_log.hpp"

#include <httplib.h>

#include <atomic>
#include <thread>

using namespace medic;
using actions::ActionStatus;

namespace {

// Each action's own simulated clock (every submit() runs in its own thread).
thread_local int64_t t_clock_ms = 0;

class PartialPd {
public:
    PartialPd(const std::string& upstream, std::vector<std::string> swallow) : up_(upstream), swallow_(std::move(swallow)) {
        srv_.new_task_queue = [] { return new httplib::ThreadPool(16); };
        srv_.Post("/pd/api/v1/config/schedule", [this](const httplib::Request& req, httplib::Response& res) {
            for (const auto& key : swallow_)
                if (req.body.find("\"" + key + "\"") != std::string::npos) {
                    res.set_content("\"The config is updated.\"", "application/json");  // and nothing happens
                    return;
                }
            forward(req, res);
        });
        srv_.Get("/pd/api/v1/config/schedule", [this](const httplib::Request& req, httplib::Response& res) {
            ++schedule_gets_;
            std::this_thread::sleep_for(std::chrono::milliseconds(30));  // overlapping callers share this read
            forward(req, res);
        });
        srv_.Get(".*", [this](const httplib::Request& req, httplib::Response& res) { forward(req, res); });
        srv_.Post(".*", [this](const httplib::Request& req, httplib::Response& res) { forward(req, res); });
        port_ = srv_.bind_to_any_port("127.0.0.1");
        thread_ = std::thread([this] { srv_.listen_after_bind(); });
    }
    ~PartialPd() {
        srv_.stop();
        thread_.join();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    int schedule_gets() const { return schedule_gets_; }

private:
    void forward(const httplib::Request& req, httplib::Response& res) { medic::test::forward_request(up_, req, res); }

    std::string up_;
    std::vector<std::string> swallow_;
    std::atomic<int> schedule_gets_{0};
    httplib::Server srv_;
    int port_ = 0;
    std::thread thread_;
};

int64_t schedule_value(test::WriteFixture& f, const std::string& key) {
    auto r = f.sim.get("/pd/api/v1/config/schedule");
    auto at = r.body.find("\"" + key + "\":");
    REQUIRE(at != std::string::npos);
    return std::atoll(r.body.c_str() + at + key.size() + 3);
}

}  // namespace

TEST_CASE("shared reads: concurrent live actions share verification reads, each judged on its own post-condition",
          "[shared_reads]") {
    test::WriteFixture f;
    // PD "accepts" the region and merge limits but never applies them.
    PartialPd proxy(f.sim.url(), {"region-schedule-limit", "merge-schedule-limit"});
    auto c = pd::PdClient::create({{proxy.url()}});
    REQUIRE(c.ok());
    actions::ServiceOptions o;
    o.db_path = f.tmp.path;
    o.pd = std::shared_ptr<pd::PdClient>(std::move(c.value()));
    o.policy = test::open_policy();
    // A simulated clock per action for verification deadlines: each pause
    // is 1 s of it, so a swallowed change times out (10 s) after 11 reads
    // (at 0, 1, ..., 10 s), not after 10 s.
    o.now_s = [] { return double(t_clock_ms) / 1000; };
    o.verify_pause = [] {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        t_clock_ms += 1000;
    };
    actions::ActionService svc(o);

    const std::vector<std::pair<std::string, int64_t>> wants = {
        {"leader", 311}, {"region", 312}, {"replica", 313}, {"merge", 314}, {"hot-region", 315}};
    std::vector<int64_t> before;
    for (const auto& [kind, limit] : wants) before.push_back(schedule_value(f, kind + "-schedule-limit"));
    std::vector<actions::ActionOutcome> outs(wants.size());
    std::vector<std::thread> ts;
    for (size_t i = 0; i < wants.size(); ++i)
        ts.emplace_back([&, i] {
            actions::ActionRequest r;
            r.kind = "set_schedule_limit";
            r.params = {{"kind", wants[i].first}, {"limit", wants[i].second}};
            r.actor = "user:tester";
            r.mode = actions::Mode::Execute;
            outs[i] = svc.submit(r);
        });
    for (auto& t : ts) t.join();

    int asked = 0;  // reads of /config/schedule the actions asked for, at least
    for (size_t i = 0; i < wants.size(); ++i) {
        const auto& [kind, limit] = wants[i];
        const std::string key = kind + "-schedule-limit";
        const auto& out = outs[i];
        INFO(kind << ": " << out.error);
        bool swallowed = kind == "region" || kind == "merge";
        if (swallowed) {
            // PD said 200, others' changes landed in the same reads: still failed on its own value.
            CHECK(out.status == ActionStatus::Failed);
            CHECK(out.error_code == "timeout");
            CHECK(out.observed == key + " is still " + std::to_string(before[i]));
            CHECK(schedule_value(f, key) == before[i]);
            asked += 1 + 11;  // facts, and a verification read per simulated second up to the deadline
        } else {
            CHECK(out.status == ActionStatus::Succeeded);
            CHECK(out.observed == key + " is " + std::to_string(limit));
            CHECK(schedule_value(f, key) == limit);
            asked += 2;
        }
    }
    // Shared: fewer GETs reached PD than the actions asked for.
    INFO("GET /config/schedule sent " << proxy.schedule_gets() << ", asked at least " << asked);
    CHECK(proxy.schedule_gets() < asked);

    // The failed ones were written the ordinary way after the folded
    // executing record: executing -> verifying -> failed.
    auto db = store::Database::open(f.tmp.path);
    for (size_t i = 0; i < wants.size(); ++i) {
        auto ts2 = store::list_transitions(*db, outs[i].action_id);
        std::vector<std::string> to;
        for (const auto& t : ts2) to.push_back(t.to);
        bool swallowed = wants[i].first == "region" || wants[i].first == "merge";
        CHECK(to == (swallowed ? std::vector<std::string>{"executing", "verifying", "failed"}
                               : std::vector<std::string>{"executing", "succeeded"}));
    }
    CHECK(store::verify_audit(*db).ok);
}
