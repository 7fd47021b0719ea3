// The `approval` gate kind (kinds_gate.cpp) through ActionService with no PD
// at all: it always waits for a person (even at autonomy 3 and for a
// user-initiated request), is released by approve, ends on reject/expiry,
// refuses its own requester, validates its summary, and never needs PD.
#include "../safety/test_db.hpp"
#include "actions/service.hpp"
#include "store/action_store.hpp"
#include "store/approval_store.hpp"
#include "store/database.hpp"

#include <catch2/catch.hpp>

#include <future>
#include <string>
#include <thread>

using namespace medic;
using actions::ActionStatus;

namespace {

std::unique_ptr<actions::ActionService> gate_service(const test::TempDb& db, int autonomy, int64_t timeout_ms = 60000) {
    safety::Policy p;
    p.autonomy = autonomy;
    p.approval_timeout_ms = timeout_ms;
    p.maintenance_windows = {{0x7F, 0, 1}};  // one minute a day: a cluster change would be refused
    actions::ServiceOptions o;
    o.db_path = db.path;
    o.policy = p;  // no PD client: the approval kind must not need one
    o.approval_poll_ms = 5;
    o.db_poll_ms = 5;
    return std::make_unique<actions::ActionService>(o);
}

actions::ActionRequest approval(std::string summary, std::string actor = "runbook:drain.lua:12") {
    actions::ActionRequest r;
    r.kind = "approval";
    r.params = {{"summary", std::move(summary)}};
    r.actor = std::move(actor);
    r.mode = actions::Mode::Execute;
    r.wait_for_approval = false;
    return r;
}

}  // namespace

TEST_CASE("approval kind: parks until a person approves, then succeeds naming the approver", "[approval]") {
    test::TempDb db;
    auto svc = gate_service(db, 3);  // autonomy 3: critical still needs a person
    auto a = svc->submit(approval("drain store 4 (disk 97% full)?"));
    REQUIRE(a.status == ActionStatus::AwaitingApproval);
    CHECK(a.description == "a person must approve: drain store 4 (disk 97% full)?");
    CHECK(a.calls.empty());
    CHECK(svc->resume(a.action_id).status == ActionStatus::AwaitingApproval);  // still pending
    CHECK(svc->approve(a.action_id, "runbook:drain.lua:12").find("policy no_self_approval") == 0);
    REQUIRE(svc->approve(a.action_id, "carol") == "");
    auto done = svc->resume(a.action_id);
    REQUIRE(done.status == ActionStatus::Succeeded);
    CHECK(done.observed == "approved by a person (user:carol)");
    auto rdb = store::Database::open(db.path);
    auto rec = store::get_action(*rdb, a.action_id);
    REQUIRE(rec);
    CHECK(rec->kind == "approval");
    CHECK(rec->risk == "critical");
    CHECK(rec->status == ActionStatus::Succeeded);
}

TEST_CASE("approval kind: a person's own request still waits; reject and expiry decline", "[approval]") {
    test::TempDb db;
    auto svc = gate_service(db, 3, 100);
    auto mine = svc->submit(approval("restart the drill", "user:dave"));
    REQUIRE(mine.status == ActionStatus::AwaitingApproval);
    CHECK(svc->approve(mine.action_id, "dave") != "");  // the requester never approves itself
    REQUIRE(svc->reject(mine.action_id, "erin", "not now") == "");
    auto rejected = svc->resume(mine.action_id);
    CHECK(rejected.status == ActionStatus::Rejected);
    CHECK(rejected.error == "rejected by user:erin: not now");

    auto late = svc->submit(approval("nobody answers"));
    REQUIRE(late.status == ActionStatus::AwaitingApproval);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    CHECK(svc->approval_state(late.action_id) == actions::ApprovalState::Expired);
    CHECK(svc->resume(late.action_id).status == ActionStatus::Expired);
}

TEST_CASE("approval kind: submit_async calls back once approved from another handle", "[approval]") {
    test::TempDb db;
    auto svc = gate_service(db, 1);
    std::promise<actions::ActionOutcome> done;
    svc->submit_async(approval("scale down?"), [&](const actions::ActionOutcome& o) { done.set_value(o); });
    auto fut = done.get_future();
    int64_t id = 0;
    for (int i = 0; i < 2000 && !id; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        auto rdb = store::Database::open(db.path);
        auto rows = store::list_actions(*rdb, "awaiting_approval");
        if (!rows.empty()) id = rows.front().id;
    }
    REQUIRE(id);
    REQUIRE(fut.wait_for(std::chrono::milliseconds(50)) == std::future_status::timeout);
    // A second service on the same database stands in for `medic actions approve`.
    auto other = gate_service(db, 1);
    REQUIRE(other->approve(id, "frank") == "");
    REQUIRE(fut.wait_for(std::chrono::seconds(20)) == std::future_status::ready);
    auto o = fut.get();
    CHECK(o.status == ActionStatus::Succeeded);
    CHECK(o.observed == "approved by a person (user:frank)");
}

TEST_CASE("approval kind: the summary is validated; dry-run asks nobody", "[approval]") {
    test::TempDb db;
    auto svc = gate_service(db, 1);
    auto empty = svc->submit(approval("  "));
    CHECK(empty.status == ActionStatus::Failed);
    CHECK(empty.error_code == "summary_empty");
    auto too_long = svc->submit(approval(std::string(501, 'x')));
    CHECK(too_long.status == ActionStatus::Failed);
    CHECK(too_long.error_code == "summary_too_long");
    std::string umlauts;
    for (int i = 0; i < 500; ++i) umlauts += "\xC3\xA4";  // 500 characters, 1000 bytes
    auto ok = svc->submit(approval(umlauts));
    CHECK(ok.status == ActionStatus::AwaitingApproval);
    auto ctl = svc->submit(approval(std::string("a\x1b[2Jb")));
    CHECK(ctl.error_code == "summary_control_char");
    auto missing = approval("x");
    missing.params.clear();
    CHECK(svc->submit(missing).error_code == "invalid_params");
    auto dry = approval("would ask");
    dry.mode = actions::Mode::DryRun;
    auto d = svc->submit(dry);
    CHECK(d.status == ActionStatus::DryRun);
    CHECK(d.description == "a person must approve: would ask");
    CHECK(actions::find_action_spec("approval") != nullptr);
    bool listed = false;
    for (const auto& s : actions::action_specs()) listed |= s.name == "approval";
    CHECK_FALSE(listed);  // not a cluster action: not in the catalog Lua's `actions` and the advisor list
}
