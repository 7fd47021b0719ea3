// Each action against pdsim over real HTTP: its effect on the cluster, its
// verification on observed state, idempotency (a second run is skipped),
// and validation errors that send nothing.
#include "fixture.hpp"

#include "store/action_store.hpp"
#include "store/audit_log.hpp"
#include "store/settings_store.hpp"

#include <httplib.h>

using namespace medic;
using actions::ActionStatus;
using actions::ParamMap;

namespace {

void require_status(const actions::ActionOutcome& o, ActionStatus want) {
    INFO("action " << o.action_id << ": " << actions::status_name(o.status) << " " << o.error_code << " " << o.error
                   << " observed: " << o.observed);
    REQUIRE(o.status == want);
}

// High/critical risk always needs a person: approve as someone else, then resume.
actions::ActionOutcome act_approved(test::WriteFixture& f, const std::string& kind, ParamMap p) {
    actions::ActionRequest r;
    r.kind = kind;
    r.params = std::move(p);
    r.mode = actions::Mode::Execute;
    r.actor = "user:tester";
    r.wait_for_approval = false;
    auto first = f.svc->submit(r);
    if (first.status != ActionStatus::AwaitingApproval) return first;
    REQUIRE(f.svc->approve(first.action_id, "reviewer") == "");
    return f.with_clock([&] { return f.svc->resume(first.action_id); });
}

}  // namespace

TEST_CASE("actions/pdsim: transfer_leader moves the leader, verifies it, then is skipped", "[pdsim]") {
    test::WriteFixture f;
    auto [r, free_store] = f.region_and_free_store();
    uint64_t to = test::follower_store(r);
    auto out = f.act("transfer_leader", {{"region", int64_t(r.id)}, {"to_store", int64_t(to)}});
    require_status(out, ActionStatus::Succeeded);
    CHECK(f.region(r.id).leader.store_id == to);
    CHECK(out.description.find("transfer leader of region " + std::to_string(r.id)) == 0);
    auto again = f.act("transfer_leader", {{"region", int64_t(r.id)}, {"to_store", int64_t(to)}});
    require_status(again, ActionStatus::Skipped);
    auto db = store::Database::open(f.tmp.path);
    CHECK(store::verify_audit(*db).ok);
}

// PD's rule checker removes a 4th voter of a 3-replica region as an orphan
// peer (remove-orphan-peer) right after it is promoted: in step mode that
// happens within one clock advance, so the voter add_peer verifies was gone
// before any poll could see it (the old "learner never observed" timeout).
// An SRE adding a replica by hand stops the replica checker first; so does
// this test, through the engine's own set_schedule_limit.
TEST_CASE("actions/pdsim: replica actions (add, remove, transfer peer)", "[pdsim]") {
    test::WriteFixture f;
    require_status(f.act("set_schedule_limit", {{"kind", std::string("replica")}, {"limit", int64_t(0)}}),
                   ActionStatus::Succeeded);
    auto [r, free_store] = f.region_and_free_store();
    auto on = [&](uint64_t store) {
        for (const auto& p : f.region(r.id).peers)
            if (p.store_id == store) return true;
        return false;
    };
    auto add = f.act("add_peer", {{"region", int64_t(r.id)}, {"store", int64_t(free_store)}});
    require_status(add, ActionStatus::Succeeded);
    CHECK(on(free_store));
    f.sim.advance(60);
    CHECK(on(free_store));  // still there: nothing trimmed it
    uint64_t victim = test::follower_store(f.region(r.id));
    auto rm = act_approved(f, "remove_peer", {{"region", int64_t(r.id)}, {"store", int64_t(victim)}});
    require_status(rm, ActionStatus::Succeeded);
    CHECK_FALSE(on(victim));
    CHECK(f.region(r.id).peers.size() == 3);
    auto now = f.region(r.id);
    uint64_t from = test::follower_store(now), to = 0;
    auto stores = f.pd->stores();
    REQUIRE(stores.ok());
    for (const auto& s : stores.value())
        if (!on(s.id)) to = s.id;
    REQUIRE(to != 0);
    auto mv = f.act("transfer_peer", {{"region", int64_t(r.id)}, {"from_store", int64_t(from)}, {"to_store", int64_t(to)}});
    require_status(mv, ActionStatus::Succeeded);
    CHECK(on(to));
    CHECK_FALSE(on(from));
}

TEST_CASE("actions/pdsim: split, merge and scatter", "[pdsim]") {
    test::WriteFixture f;
    auto r = f.inner_region();
    auto split = act_approved(f, "split_region", {{"region", int64_t(r.id)}});  // irreversible: needs a person
    require_status(split, ActionStatus::Succeeded);
    auto after = f.region(r.id);
    CHECK(after.version > r.version);
    // The split-off neighbour is adjacent to the shrunk region; merge it back.
    auto sib = f.sim.get("/pd/api/v1/regions/sibling/" + std::to_string(r.id));
    REQUIRE(sib.status == 200);
    uint64_t right = 0;
    for (size_t pos = 0; (pos = sib.body.find("{\"id\":", pos)) != std::string::npos; ++pos) {
        uint64_t id = std::stoull(sib.body.substr(pos + 6));
        if (id && id != r.id && f.region(id).start_key == after.end_key) right = id;
    }
    REQUIRE(right != 0);
    auto merge = act_approved(f, "merge_region", {{"source_region", int64_t(right)}, {"target_region", int64_t(r.id)}});
    require_status(merge, ActionStatus::Succeeded);
    CHECK_FALSE(f.pd->region(right).value().has_value());
    auto scatter = act_approved(f, "scatter_region", {{"region", int64_t(r.id)}});
    require_status(scatter, ActionStatus::Succeeded);
}

TEST_CASE("actions/pdsim: leader schedulers, drain and cancel", "[pdsim]") {
    test::WriteFixture f;
    auto ev = f.act("evict_leader", {{"store", int64_t(2)}});
    require_status(ev, ActionStatus::Succeeded);
    CHECK(f.sim.get("/pd/api/v1/scheduler-config/evict-leader-scheduler/list").body.find("\"2\"") != std::string::npos);
    require_status(f.act("evict_leader", {{"store", int64_t(2)}}), ActionStatus::Skipped);
    require_status(f.act("remove_evict_leader", {{"store", int64_t(2)}}), ActionStatus::Succeeded);
    require_status(act_approved(f, "grant_leader", {{"store", int64_t(3)}}), ActionStatus::Succeeded);
    require_status(f.act("remove_grant_leader", {{"store", int64_t(3)}}), ActionStatus::Succeeded);
    require_status(act_approved(f, "drain_store", {{"store", int64_t(5)}}), ActionStatus::Succeeded);
    CHECK(f.pd->store(5).value().state == pd::StoreState::Offline);
    require_status(f.act("cancel_drain", {{"store", int64_t(5)}}), ActionStatus::Succeeded);
    CHECK(f.pd->store(5).value().state == pd::StoreState::Up);
}

TEST_CASE("actions/pdsim: config actions (schedule limit, schedulers, store limit)", "[pdsim]") {
    test::WriteFixture f;
    require_status(f.act("set_schedule_limit", {{"kind", std::string("leader")}, {"limit", int64_t(9)}}), ActionStatus::Succeeded);
    CHECK(f.pd->schedule_config().value().leader_schedule_limit == 9);
    require_status(f.act("set_schedule_limit", {{"kind", std::string("hot-region")}, {"limit", int64_t(2)}}), ActionStatus::Succeeded);
    CHECK(f.pd->schedule_config().value().hot_region_schedule_limit == 2);
    require_status(f.act("pause_scheduler", {{"scheduler", std::string("evict-slow-store-scheduler")}, {"delay_s", int64_t(300)}}),
                   ActionStatus::Succeeded);
    CHECK(f.sim.get("/pd/api/v1/schedulers?status=paused").body.find("evict-slow-store-scheduler") != std::string::npos);
    require_status(f.act("pause_scheduler", {{"scheduler", std::string("evict-slow-store-scheduler")}}), ActionStatus::Skipped);
    require_status(f.act("resume_scheduler", {{"scheduler", std::string("evict-slow-store-scheduler")}}), ActionStatus::Succeeded);
    CHECK(f.sim.get("/pd/api/v1/schedulers?status=paused").body.find("evict-slow-store-scheduler") == std::string::npos);
    require_status(f.act("set_store_limit", {{"store", int64_t(1)}, {"rate", 30.0}, {"type", std::string("add-peer")}}),
                   ActionStatus::Succeeded);
    CHECK(f.sim.get("/pd/api/v1/stores/limit").body.find("30") != std::string::npos);
}

TEST_CASE("actions/pdsim: validation errors send nothing and name the problem", "[pdsim]") {
    test::WriteFixture f;
    auto [r, free_store] = f.region_and_free_store();
    f.sim.post_chaos("/chaos/store/" + std::to_string(free_store) + "/partition", "{}");
    f.sim.advance(30);  // no heartbeat for > 20 s: Disconnected
    int64_t writes = f.pd_writes();
    struct Case {
        const char* kind;
        ParamMap p;
        const char* code;
    };
    std::vector<Case> cases = {
        {"transfer_leader", {{"region", int64_t(987654)}, {"to_store", int64_t(1)}}, "region_not_found"},
        {"transfer_leader", {{"region", int64_t(r.id)}, {"to_store", int64_t(free_store)}}, "store_not_up"},
        {"add_peer", {{"region", int64_t(r.id)}, {"store", int64_t(free_store)}}, "store_not_up"},
        {"transfer_leader", {{"region", int64_t(r.id)}, {"to_store", int64_t(77)}}, "store_not_found"},
        {"remove_peer", {{"region", int64_t(r.id)}, {"store", int64_t(r.leader.store_id)}}, "is_leader"},
        {"pause_scheduler", {{"scheduler", std::string("no-such-scheduler")}}, "scheduler_not_found"},
        {"transfer_leader", {{"region", std::string("12")}, {"to_store", int64_t(1)}}, "invalid_params"},
    };
    for (const auto& c : cases) {
        auto o = f.act(c.kind, c.p);
        INFO(c.kind << ": " << o.error);
        CHECK(o.status == ActionStatus::Failed);
        CHECK(o.error_code == c.code);
    }
    CHECK(f.pd_writes() == writes);
}

TEST_CASE("actions/pdsim: wait, log and notify (Slack and PagerDuty payloads, secrets redacted)", "[pdsim]") {
    test::WriteFixture f;
    require_status(f.act("wait", {{"seconds", 0.01}}), ActionStatus::Succeeded);
    require_status(f.act("log", {{"message", std::string("draining store 4")}}), ActionStatus::Succeeded);
    httplib::Server hook;
    std::vector<std::string> bodies;
    std::mutex mu;
    hook.Post(R"(/hook/.*)", [&](const httplib::Request& req, httplib::Response& res) {
        std::lock_guard lk(mu);
        bodies.push_back(req.body);
        res.status = 202;
    });
    int port = hook.bind_to_any_port("127.0.0.1");
    std::thread t([&] { hook.listen_after_bind(); });
    std::string url = "http://127.0.0.1:" + std::to_string(port) + "/hook/T0SECRET";
    {
        auto db = store::Database::open(f.tmp.path);
        store::set_setting(*db, "notify.url", url, "test");
        store::set_setting(*db, "notify.format", "slack", "test");
    }
    require_status(f.act("notify", {{"message", std::string("store 4 down")}, {"severity", std::string("critical")}}),
                   ActionStatus::Succeeded);
    {
        auto db = store::Database::open(f.tmp.path);
        store::set_setting(*db, "notify.format", "pagerduty", "test");
        store::set_setting(*db, "notify.routing_key", "R0UTINGKEY", "test");
    }
    require_status(f.act("notify", {{"message", std::string("store 4 down")}, {"severity", std::string("error")}}),
                   ActionStatus::Succeeded);
    hook.stop();
    t.join();
    REQUIRE(bodies.size() == 2);
    CHECK(bodies[0].find("\"text\":\"[medic] *critical*: store 4 down") != std::string::npos);
    CHECK(bodies[1].find("\"event_action\":\"trigger\"") != std::string::npos);
    CHECK(bodies[1].find("\"routing_key\":\"R0UTINGKEY\"") != std::string::npos);
    auto db = store::Database::open(f.tmp.path);
    for (const auto& row : store::read_audit(*db)) {
        CHECK(row.ev.detail.find("T0SECRET") == std::string::npos);
        CHECK(row.ev.detail.find("R0UTINGKEY") == std::string::npos);
    }
    {
        auto w = store::Database::open(f.tmp.path);
        store::set_setting(*w, "notify.url", "http://127.0.0.1:1/nothing-listens", "test");
        store::set_setting(*w, "notify.format", "webhook", "test");
    }
    auto fail = f.act("notify", {{"message", std::string("x")}});
    CHECK(fail.status == ActionStatus::Failed);
    CHECK(fail.error_code == "notify_failed");
}

// store_down runbooks raise PD's max-store-down-time while a store restarts
// (so PD does not re-replicate a store that is coming back) and restore it.
TEST_CASE("actions/pdsim: set_store_down_time sets max-store-down-time, verifies it, and is undone", "[pdsim]") {
    test::WriteFixture f;
    auto down_time = [&] {
        auto r = f.sim.get("/pd/api/v1/config/schedule");
        REQUIRE(r.status == 200);
        auto p = r.body.find("\"max-store-down-time\":");
        REQUIRE(p != std::string::npos);
        auto q = r.body.find('"', p + 22);
        return r.body.substr(q + 1, r.body.find('"', q + 1) - q - 1);
    };
    REQUIRE(down_time() == "30m0s");
    // Out of range: refused before anything is read or sent.
    int64_t writes = f.pd_writes();
    auto bad = f.act("set_store_down_time", {{"seconds", int64_t(30)}});
    require_status(bad, ActionStatus::Failed);
    CHECK(bad.error_code == "invalid_params");
    auto dry = f.act("set_store_down_time", {{"seconds", int64_t(120)}}, actions::Mode::DryRun);
    require_status(dry, ActionStatus::DryRun);
    CHECK(dry.description == "max-store-down-time 30m0s -> 2m0s");
    REQUIRE(dry.calls.size() == 1);
    CHECK(dry.calls[0].text() == "POST /config {\"max-store-down-time\":\"120s\"}");
    CHECK(f.pd_writes() == writes);

    // High risk: a person approves it.
    auto set = act_approved(f, "set_store_down_time", {{"seconds", int64_t(120)}});
    require_status(set, ActionStatus::Succeeded);
    CHECK(set.description == "max-store-down-time 30m0s -> 2m0s");
    CHECK(set.observed == "max-store-down-time is 2m0s");
    CHECK(down_time() == "2m0s");
    {   // the previous value is recorded with the plan (what the compensation restores)
        auto db = store::Database::open(f.tmp.path);
        auto rec = store::get_action(*db, set.action_id);
        REQUIRE(rec);
        CHECK(rec->facts.find("\"previous_s\":1800") != std::string::npos);
    }
    require_status(act_approved(f, "set_store_down_time", {{"seconds", int64_t(120)}}), ActionStatus::Skipped);
    auto undo = act_approved(f, "set_store_down_time", {{"seconds", int64_t(1800)}});
    require_status(undo, ActionStatus::Succeeded);
    CHECK(undo.description == "max-store-down-time 2m0s -> 30m0s");
    CHECK(down_time() == "30m0s");
    const auto* spec = actions::find_action_spec("set_store_down_time");
    REQUIRE(spec);
    CHECK(spec->risk == actions::Risk::High);
    CHECK(spec->reversible);
    CHECK(spec->compensation == "set_store_down_time");
    auto db = store::Database::open(f.tmp.path);
    CHECK(store::verify_audit(*db).ok);
}
