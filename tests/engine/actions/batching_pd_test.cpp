// Write batching against pdsim: a dry-run forces no fsync, an executed action
// exactly one (its records up to `executing` and the pd_request row, written
// together right before the PD request), and the records keep their order.
#include "fixture.hpp"

#include "store/action_store.hpp"
#include "store/audit_log.hpp"

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
    CHECK(events == std::vector<std::string>{"action_proposed", "action_validated", "action_approved", "action_executing",
                                             "pd_request", "action_verifying", "action_succeeded"});
    auto ts = store::list_transitions(*db, out.action_id);
    for (size_t i = 1; i < ts.size(); ++i) CHECK(ts[i - 1].at_ms <= ts[i].at_ms);  // event times, in order
    CHECK(store::verify_audit(*db).ok);
}
