// Approval rows: concurrent deciders (exactly one wins), expiry, voiding;
// action transitions refusing illegal or stale moves; settings and policy.
#include "store/action_store.hpp"
#include "store/approval_store.hpp"
#include "store/db_writer.hpp"
#include "store/settings_store.hpp"
#include "test_db.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <thread>
#include <vector>

using namespace medic::store;
using medic::actions::ActionStatus;

namespace {

int64_t new_action(DbWriter& w, const std::string& requester) {
    ActionRecord rec;
    rec.kind = "transfer_leader";
    rec.params = "{\"region\":1,\"to_store\":2}";
    rec.risk = "low";
    rec.mode = "execute";
    rec.actor = requester;
    rec.requester = requester;
    w.run([&](Database& db, AuditAppender& a) {
        insert_action(db, a, rec);
        transition_action(db, a, rec.id, ActionStatus::Proposed, ActionStatus::Validated, "engine", "ok");
        transition_action(db, a, rec.id, ActionStatus::Validated, ActionStatus::AwaitingApproval, "engine", "needs approval");
    });
    return rec.id;
}

}  // namespace

TEST_CASE("store/approvals: of 16 concurrent approvers exactly one wins", "[approvals]") {
    medic::test::TempDb tmp;
    int64_t id = 0;
    {
        DbWriter w(tmp.path);
        id = new_action(w, "runbook:drain.lua:4");
        w.run([&](Database& db, AuditAppender& a) { request_approval(db, a, id, "h1", "runbook:drain.lua:4", 0); });
    }
    std::atomic<int> wins{0}, losses{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 16; ++i)
        threads.emplace_back([&, i] {
            DbWriter w(tmp.path);  // one connection per thread, like separate processes
            DecideResult r{};
            w.run([&](Database& db, AuditAppender& a) {
                r = decide_approval(db, a, id, "approved", "user:p" + std::to_string(i), "", 1);
            });
            (r == DecideResult::Decided ? wins : losses)++;
        });
    for (auto& t : threads) t.join();
    CHECK(wins == 1);
    CHECK(losses == 15);
    auto db = Database::open(tmp.path);
    auto ap = latest_approval(*db, id);
    REQUIRE(ap);
    CHECK(ap->decision == "approved");
    CHECK(ap->decided_by.rfind("user:p", 0) == 0);
    CHECK(verify_audit(*db).ok);
}

TEST_CASE("store/approvals: a deadline passed means expired, and expired cannot be approved", "[approvals]") {
    medic::test::TempDb tmp;
    DbWriter w(tmp.path);
    int64_t id = new_action(w, "advisor:rules");
    w.run([&](Database& db, AuditAppender& a) { request_approval(db, a, id, "h", "advisor:rules", 1000); });
    DecideResult late{};
    w.run([&](Database& db, AuditAppender& a) { late = decide_approval(db, a, id, "approved", "user:bob", "", 2000); });
    CHECK(late == DecideResult::Expired);
    std::vector<int64_t> expired;
    w.run([&](Database& db, AuditAppender& a) { expired = expire_approvals(db, a, 2000); });
    CHECK(expired == std::vector<int64_t>{id});
    auto db = Database::open(tmp.path);
    CHECK(latest_approval(*db, id)->decision == "expired");
}

TEST_CASE("store/actions: illegal and stale transitions are refused and write nothing", "[approvals]") {
    medic::test::TempDb tmp;
    DbWriter w(tmp.path);
    int64_t id = new_action(w, "user:alice");
    CHECK_THROWS_AS(w.run([&](Database& db, AuditAppender& a) {
        transition_action(db, a, id, ActionStatus::AwaitingApproval, ActionStatus::Succeeded, "engine", "skip ahead");
    }), TransitionConflict);
    CHECK_THROWS_AS(w.run([&](Database& db, AuditAppender& a) {
        transition_action(db, a, id, ActionStatus::Approved, ActionStatus::Executing, "engine", "stale from");
    }), TransitionConflict);
    auto db = Database::open(tmp.path);
    CHECK(get_action(*db, id)->status == ActionStatus::AwaitingApproval);
    CHECK(list_transitions(*db, id).size() == 3);
    CHECK(verify_audit(*db).ok);
}

TEST_CASE("store/settings: policy from settings, malformed values named", "[approvals]") {
    medic::test::TempDb tmp;
    auto db = Database::open(tmp.path);
    CHECK_FALSE(kill_switch_on(*db));
    set_setting(*db, "kill_switch", "on", "user:alice");
    CHECK(kill_switch_on(*db));
    set_setting(*db, "autonomy", "3", "cli");
    set_setting(*db, "maintenance_windows", "0111110:01:00-05:00", "cli");
    auto p = load_policy(*db);
    CHECK(p.autonomy == 3);
    REQUIRE(p.maintenance_windows.size() == 1);
    CHECK(p.maintenance_windows[0].days == 0x3E);
    CHECK(p.maintenance_windows[0].end_minute == 300);
    set_setting(*db, "rate.global_per_s", "fast", "cli");
    CHECK_THROWS_WITH(load_policy(*db), "setting rate.global_per_s must be a number, got 'fast'");
}
