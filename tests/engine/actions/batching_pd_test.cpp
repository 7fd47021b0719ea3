// Write batching against pdsim: a dry-run forces no fsync, an executed action
// exactly one (its records up to `executing` and the pd_request row, written
// together right before the PD request), and the records keep their order.
#include "fixture.hpp"

#include "store/action_store.hpp"
#include "store/db_writer.hpp"

using namespace medic;
using actions::ActionStatus;

TEST_CASE("write batching: no fsync per dry-run, one per executed action", "[batching]") {
    test::WriteFixture f;
    f.svc.reset();
    actions::ServiceOptions o;
    o.db_path = f.tmp.path;
    o.pd = f.pd;
    o.policy = test::open_policy();
    o.verify_poll_ms = 5;
    o.idle_sync_ms = 3600 * 1000;  // count only the fsyncs a Now job forces
    actions::ActionService svc(o);
    auto [r, free_store] = f.region_and_free_store();
    uint64_t base = svc.writer().syncs();
    for (int i = 0; i < 10; ++i) {
        actions::ActionRequest req;
        req.kind = "transfer_leader";
        req.params = {{"region", int64_t(r.id)}, {"to_store", int64_t(test::follower_store(r))}};
        req.actor = "user:tester";
        CHECK(svc.submit(req).status == ActionStatus::DryRun);
    }
    CHECK(svc.writer().syncs() == base);

    actions::ActionRequest ex;
    ex.kind = "set_schedule_limit";
    ex.params = {{"kind", std::string("merge")}, {"limit", int64_t(9)}};
    ex.actor = "user:tester";
    ex.mode = actions::Mode::Execute;
    auto out = svc.submit(ex);
    REQUIRE(out.status == ActionStatus::Succeeded);
    CHECK(svc.writer().syncs() == base + 1);

    auto db = store::Database::open(f.tmp.path);
    std::vector<std::string> events;
    for (const auto& row : store::read_audit(*db))
        if (row.ev.subject == "action:" + std::to_string(out.action_id)) events.push_back(row.ev.event);
    // Folded: the records up to executing are one audit row and one
    // transition (they are written in the one durable batch anyway), and a
    // post-condition that held at the first look writes verifying and
    // succeeded as one; each names the steps it stands for.
    CHECK(events == std::vector<std::string>{"action_executing", "pd_request", "action_succeeded"});
    auto ts = store::list_transitions(*db, out.action_id);
    REQUIRE(ts.size() == 2);
    CHECK(ts[0].from == "proposed");
    CHECK(ts[0].to == "executing");
    CHECK(ts[0].detail.find("\"steps\":\"proposed -> validated -> approved -> executing\"") != std::string::npos);
    CHECK(ts[0].detail.find("\"approved_by\":\"user:tester\"") != std::string::npos);
    CHECK(ts[0].detail.find("\"sent\":[{\"method\":\"POST\"") != std::string::npos);
    CHECK(ts[1].from == "executing");
    CHECK(ts[1].to == "succeeded");
    CHECK(ts[1].detail.find("executing -> verifying -> succeeded") != std::string::npos);
    for (size_t i = 1; i < ts.size(); ++i) CHECK(ts[i - 1].at_ms <= ts[i].at_ms);  // event times, in order
    auto rec = store::get_action(*db, out.action_id);
    REQUIRE(rec);
    CHECK(rec->status == ActionStatus::Succeeded);
    CHECK(rec->mode == "execute");
    CHECK(rec->params_hash == out.hash);
    CHECK(rec->description == out.description);
    CHECK(rec->pd_request.find("POST ") == 0);
    CHECK(rec->result == out.observed);
    CHECK(store::verify_audit(*db).ok);
}

// defer_dry_run_records: submit() returns before the records are committed;
// they are written many per batch, under ids reserved in advance that no
// other writer is given, and all of them are there once the service is gone.
TEST_CASE("write batching: deferred dry-run records keep their reserved ids and are all written", "[batching]") {
    test::WriteFixture f;
    f.svc.reset();
    actions::ServiceOptions o;
    o.db_path = f.tmp.path;
    o.pd = f.pd;
    o.policy = test::open_policy();
    o.defer_dry_run_records = true;
    auto svc = std::make_unique<actions::ActionService>(o);
    auto [r, free_store] = f.region_and_free_store();
    std::vector<int64_t> ids;
    for (int i = 0; i < 50; ++i) {
        actions::ActionRequest req;
        req.kind = "transfer_leader";
        req.params = {{"region", int64_t(r.id)}, {"to_store", int64_t(test::follower_store(r))}};
        req.actor = "user:tester";
        auto out = svc->submit(req);
        REQUIRE(out.status == ActionStatus::DryRun);
        REQUIRE(out.action_id > 0);
        if (!ids.empty()) CHECK(out.action_id > ids.back());
        ids.push_back(out.action_id);
    }
    // Another writer (as another process would) is given an id outside the block.
    int64_t other = 0;
    {
        store::DbWriter w(f.tmp.path);
        w.run([&](store::Database& db, store::AuditAppender& a) {
            store::ActionRecord rec;
            rec.kind = "log";
            rec.params = "{}";
            rec.mode = "dry_run";
            rec.actor = "user:other";
            other = store::insert_action(db, a, rec);
        });
    }
    for (int64_t id : ids) CHECK(id != other);
    CHECK(other > ids.back());
    svc.reset();  // every posted record is committed before the writer goes
    auto db = store::Database::open(f.tmp.path);
    for (int64_t id : ids) {
        auto rec = store::get_action(*db, id);
        REQUIRE(rec);
        CHECK(rec->status == ActionStatus::DryRun);
        CHECK(store::list_transitions(*db, id).size() == 1);
    }
    int dry_rows = 0;  // one audit row per dry-run
    for (const auto& row : store::read_audit(*db)) dry_rows += row.ev.event == "action_dry_run";
    CHECK(dry_rows == int(ids.size()));
    auto v = store::verify_audit(*db);
    INFO(v.problem);
    CHECK(v.ok);
}

// A live action that leaves the straight path after its approval (refused by
// the rate limit, or by another action's lock) is written step by step, as
// before the fold: proposed -> validated -> approved -> rejected, each with
// its own time, and the validated step keeps the facts and hash.
TEST_CASE("write batching: a live action refused after its approval records every step", "[batching]") {
    auto policy = test::open_policy();
    policy.kind_rate_per_s = 0.001;
    policy.kind_burst = 1;
    test::WriteFixture f({"--scenario", "balanced", "--step", "--seed", "7"}, policy);
    auto first = f.act("set_schedule_limit", {{"kind", std::string("region")}, {"limit", int64_t(21)}});
    REQUIRE(first.status == ActionStatus::Succeeded);
    auto refused = f.act("set_schedule_limit", {{"kind", std::string("region")}, {"limit", int64_t(22)}});
    REQUIRE(refused.status == ActionStatus::Rejected);
    CHECK(refused.error_code == "rate_limit.kind");
    auto db = store::Database::open(f.tmp.path);
    auto ts = store::list_transitions(*db, refused.action_id);
    std::vector<std::string> to;
    for (const auto& t : ts) to.push_back(t.to);
    CHECK(to == std::vector<std::string>{"proposed", "validated", "approved", "rejected"});
    for (size_t i = 1; i < ts.size(); ++i) CHECK(ts[i - 1].at_ms <= ts[i].at_ms);
    REQUIRE(ts.size() == 4);
    CHECK(ts[1].detail.find("\"hash\":\"" + refused.hash + "\"") != std::string::npos);
    CHECK(ts[2].reason.find("policy autonomy") == 0);
    auto rec = store::get_action(*db, refused.action_id);
    REQUIRE(rec);
    CHECK(rec->status == ActionStatus::Rejected);
    CHECK(rec->params_hash == refused.hash);
    CHECK(rec->pd_request.empty());  // nothing was sent
    std::vector<std::string> events;
    for (const auto& row : store::read_audit(*db))
        if (row.ev.subject == "action:" + std::to_string(refused.action_id)) events.push_back(row.ev.event);
    CHECK(events == std::vector<std::string>{"action_proposed", "action_validated", "action_approved", "action_rejected"});
    CHECK(store::verify_audit(*db).ok);
}
