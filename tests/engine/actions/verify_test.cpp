// Verification when PD says its operator is done but the cluster does not
// show the change: the action fails promptly with the reason, after a few
// re-reads, instead of polling until its timeout. PD here is pdsim behind a
// small proxy that swallows POST /operators (nothing happens) and answers
// GET /operators/{id} with a finished operator (SUCCESS, or "not found").
#include "fixture.hpp"
#include "forward_proxy.hpp"

#include <httplib.h>

#include <thread>

using namespace medic;
using actions::ActionStatus;

namespace {

// Everything else is forwarded to pdsim unchanged.
class LyingPd {
public:
    LyingPd(const std::string& upstream, bool gone) : up_(upstream), gone_(gone) {
        srv_.Post("/pd/api/v1/operators", [](const httplib::Request&, httplib::Response& res) {
            res.set_content("\"The operator is created.\"", "application/json");
        });
        srv_.Get(R"(/pd/api/v1/operators/(\d+))", [this](const httplib::Request&, httplib::Response& res) {
            if (gone_) {
                res.status = 500;
                res.set_content("\"[PD:operator:ErrOperatorNotFound]operator not found\"", "application/json");
            } else {
                res.set_content("\"status: SUCCESS, operator: \\\"transfer-leader {transfer leader: store 1 to 2}\\\"\"",
                                "application/json");
            }
        });
        auto forward = [this](const httplib::Request& req, httplib::Response& res) {
            medic::test::forward_request(up_, req, res);
        };

        srv_.Get(".*", forward);
        srv_.Post(".*", forward);
        port_ = srv_.bind_to_any_port("127.0.0.1");
        thread_ = std::thread([this] { srv_.listen_after_bind(); });  // bound: connects queue until it accepts
    }
    ~LyingPd() {
        srv_.stop();
        thread_.join();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

private:
    std::string up_;
    bool gone_;
    httplib::Server srv_;
    int port_ = 0;
    std::thread thread_;
};

void check_fails_promptly(bool gone) {
    test::WriteFixture f;
    LyingPd lying(f.sim.url(), gone);
    auto c = pd::PdClient::create({{lying.url()}});
    REQUIRE(c.ok());
    actions::ServiceOptions o;
    o.db_path = f.tmp.path;
    o.pd = std::shared_ptr<pd::PdClient>(std::move(c.value()));
    o.policy = test::open_policy();
    o.verify_poll_ms = 5;
    actions::ActionService svc(o);
    auto [r, free_store] = f.region_and_free_store();
    uint64_t to = test::follower_store(r);
    actions::ActionRequest req;
    req.kind = "transfer_leader";
    req.params = {{"region", int64_t(r.id)}, {"to_store", int64_t(to)}};
    req.actor = "user:tester";
    req.mode = actions::Mode::Execute;
    auto out = svc.submit(req);
    INFO(out.error);
    CHECK(out.status == ActionStatus::Failed);
    CHECK(out.error_code == "post_condition_failed");  // not "timeout": it did not wait its 30 s
    CHECK(out.error.find(gone ? "PD has no operator on the region any more" : "PD's operator ended SUCCESS") !=
          std::string::npos);
    CHECK(out.error.find("still does not hold: leader still on store " + std::to_string(r.leader.store_id)) !=
          std::string::npos);
    CHECK(f.region(r.id).leader.store_id == r.leader.store_id);  // nothing happened indeed
}

}  // namespace

TEST_CASE("verify: PD's operator ended SUCCESS but the leader did not move: fails promptly", "[verify]") {
    check_fails_promptly(false);
}

TEST_CASE("verify: PD has no operator any more and the leader did not move: fails promptly", "[verify]") {
    check_fails_promptly(true);
}
