// The safety gate end to end against pdsim: dry-run sends nothing, approvals
// (granted, rejected, expired, voided by a changed cluster, self-approval
// refused, async without a blocked thread), the kill switch under 100
// concurrent requests and its cancellation of medic's in-flight operator,
// rate-limit, blast-radius and observe-only refusals.
#include "fixture.hpp"

#include "store/action_store.hpp"
#include "store/approval_store.hpp"
#include "store/audit_log.hpp"

#include <atomic>

using namespace medic;
using actions::ActionStatus;
using actions::ParamMap;

namespace {

std::vector<store::TransitionRecord> transitions(const test::WriteFixture& f, int64_t id) {
    auto db = store::Database::open(f.tmp.path);
    return store::list_transitions(*db, id);
}

}  // namespace

TEST_CASE("gate/dry-run: validation runs, what would happen is recorded, zero PD writes", "[gate]") {
    test::WriteFixture f;
    auto [r, free_store] = f.region_and_free_store();
    int64_t before = f.pd_writes();
    std::vector<std::pair<std::string, ParamMap>> all = {
        {"transfer_leader", {{"region", int64_t(r.id)}, {"to_store", int64_t(test::follower_store(r))}}},
        {"add_peer", {{"region", int64_t(r.id)}, {"store", int64_t(free_store)}}},
        {"remove_peer", {{"region", int64_t(r.id)}, {"store", int64_t(test::follower_store(r))}}},
        {"split_region", {{"region", int64_t(r.id)}}},
        {"scatter_region", {{"region", int64_t(r.id)}}},
        {"evict_leader", {{"store", int64_t(1)}}},
        {"grant_leader", {{"store", int64_t(1)}}},
        {"drain_store", {{"store", int64_t(5)}}},
        {"set_schedule_limit", {{"kind", std::string("region")}, {"limit", int64_t(7)}}},
        {"pause_scheduler", {{"scheduler", std::string("evict-slow-store-scheduler")}}},
        {"set_store_limit", {{"store", int64_t(2)}, {"rate", 5.0}}},
    };
    for (const auto& [kind, params] : all) {
        auto o = f.act(kind, params, actions::Mode::DryRun);
        INFO(kind << ": " << o.error);
        CHECK(o.status == ActionStatus::DryRun);
        CHECK_FALSE(o.calls.empty());
        CHECK_FALSE(o.description.empty());
    }
    CHECK(f.pd_writes() == before);
    auto db = store::Database::open(f.tmp.path);
    int dry_rows = 0;
    for (const auto& row : store::read_audit(*db))
        if (row.ev.event == "action_dry_run") {
            ++dry_rows;
            CHECK(row.ev.detail.find("would_send") != std::string::npos);
            // One row says all of it: what, on which facts, how old, who asked.
            for (const char* key : {"\"kind\":", "\"facts\":", "\"facts_age_ms\":", "\"requester\":", "\"verdicts\":"})
                CHECK(row.ev.detail.find(key) != std::string::npos);
        }
    CHECK(dry_rows == int(all.size()));
}

// Dry-runs share facts up to a max age (one GET serves many); anything that
// executes validates on facts read for it, and a PD write by the engine
// drops the shared facts. A max age of a minute keeps this free of timing.
TEST_CASE("gate/dry-run: bounded-age shared facts; executed actions read fresh ones", "[gate]") {
    test::WriteFixture f;
    f.svc.reset();
    auto o = [&] {
        actions::ServiceOptions so;
        so.db_path = f.tmp.path;
        so.pd = f.pd;
        so.policy = test::open_policy();
        so.verify_poll_ms = 5;
        so.dry_run_facts_max_age_ms = 60000;
        return so;
    }();
    actions::ActionService svc(o);
    auto submit = [&](int64_t limit, actions::Mode mode) {
        actions::ActionRequest r;
        r.kind = "set_schedule_limit";
        r.params = {{"kind", std::string("merge")}, {"limit", limit}};
        r.actor = "user:tester";
        r.mode = mode;
        return svc.submit(r);
    };
    auto first = submit(11, actions::Mode::DryRun);
    REQUIRE(first.status == ActionStatus::DryRun);
    CHECK(first.description == "set merge-schedule-limit 8 -> 11");
    // Someone else changes PD: a dry-run within the max age still plans on
    // the shared facts, and its record says how old they were.
    REQUIRE(f.sim.post("/pd/api/v1/config/schedule", "{\"merge-schedule-limit\":11}").status == 200);
    auto cached = submit(11, actions::Mode::DryRun);
    CHECK(cached.status == ActionStatus::DryRun);
    CHECK(cached.description == "set merge-schedule-limit 8 -> 11");
    auto ts = transitions(f, cached.action_id);
    // A dry-run's record is one transition row (proposed -> dry_run) whose
    // detail names the validation step, the facts' age and the verdicts.
    REQUIRE(ts.size() == 1);
    CHECK(ts[0].from == "proposed");
    CHECK(ts[0].to == "dry_run");
    CHECK(ts[0].detail.find("\"facts_age_ms\":") != std::string::npos);
    CHECK(ts[0].detail.find("proposed -> validated -> dry_run") != std::string::npos);
    CHECK(ts[0].reason.find("dry-run: validated on facts ") == 0);
    // Executing reads fresh facts: PD already has 11, so it is skipped.
    CHECK(submit(11, actions::Mode::Execute).status == ActionStatus::Skipped);
    // A PD write by this engine drops the shared facts.
    REQUIRE(submit(12, actions::Mode::Execute).status == ActionStatus::Succeeded);
    auto after = submit(12, actions::Mode::DryRun);
    CHECK(after.status == ActionStatus::Skipped);
    CHECK(after.description == "merge-schedule-limit is already 12");
}

TEST_CASE("gate/approval: granted by a person, never by the requester", "[gate]") {
    test::WriteFixture f({"--scenario", "balanced", "--step", "--seed", "7"}, test::approval_policy());
    auto [r, free_store] = f.region_and_free_store();
    uint64_t to = test::follower_store(r);
    auto first = f.svc->submit(test::runbook_request("transfer_leader", {{"region", int64_t(r.id)}, {"to_store", int64_t(to)}}));
    REQUIRE(first.status == ActionStatus::AwaitingApproval);
    CHECK(f.svc->approval_state(first.action_id) == actions::ApprovalState::Pending);
    CHECK(f.svc->approve(first.action_id, "runbook:drain.lua:7").find("policy no_self_approval") == 0);
    CHECK(f.svc->approve(first.action_id, "advisor:rules").find("policy no_self_approval") == 0);
    int64_t writes = f.pd_writes();
    CHECK(f.svc->approve(first.action_id, "alice") == "");
    CHECK(f.svc->approve(first.action_id, "bob") != "");  // already decided
    auto done = f.with_clock([&] { return f.svc->resume(first.action_id); });
    REQUIRE(done.status == ActionStatus::Succeeded);
    CHECK(f.pd_writes() == writes + 1);
    bool by_alice = false;
    for (const auto& t : transitions(f, first.action_id)) by_alice |= t.to == "approved" && t.actor == "user:alice";
    CHECK(by_alice);
}

TEST_CASE("gate/approval: rejection and expiry end the action without a PD write", "[gate]") {
    auto policy = test::approval_policy();
    policy.approval_timeout_ms = 150;
    test::WriteFixture f({"--scenario", "balanced", "--step", "--seed", "7"}, policy);
    auto [r, free_store] = f.region_and_free_store();
    int64_t writes = f.pd_writes();
    auto a = f.svc->submit(test::runbook_request("set_schedule_limit", {{"kind", std::string("merge")}, {"limit", int64_t(3)}}));
    REQUIRE(a.status == ActionStatus::AwaitingApproval);
    CHECK(f.svc->reject(a.action_id, "alice", "") == "a rejection needs a reason");
    CHECK(f.svc->reject(a.action_id, "alice", "not during peak") == "");
    auto ra = f.svc->resume(a.action_id);
    CHECK(ra.status == ActionStatus::Rejected);
    CHECK(ra.error == "rejected by user:alice: not during peak");
    auto b = f.svc->submit(test::runbook_request("set_schedule_limit", {{"kind", std::string("merge")}, {"limit", int64_t(4)}}));
    REQUIRE(b.status == ActionStatus::AwaitingApproval);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    CHECK(f.svc->approval_state(b.action_id) == actions::ApprovalState::Expired);
    CHECK(f.svc->approve(b.action_id, "alice") != "");
    CHECK(f.svc->resume(b.action_id).status == ActionStatus::Expired);
    CHECK(f.pd_writes() == writes);
}

TEST_CASE("gate/approval: voided when the cluster changed before execution, then re-approved", "[gate]") {
    test::WriteFixture f({"--scenario", "balanced", "--step", "--seed", "7"}, test::approval_policy());
    auto [r, free_store] = f.region_and_free_store();
    uint64_t a = 0, b = 0;
    for (const auto& p : r.peers)
        if (p.store_id != r.leader.store_id) (a ? b : a) = p.store_id;
    auto first = f.svc->submit(test::runbook_request("transfer_leader", {{"region", int64_t(r.id)}, {"to_store", int64_t(a)}}));
    REQUIRE(first.status == ActionStatus::AwaitingApproval);
    // Someone else moves the leader to the third store: the facts behind the approval change.
    REQUIRE(f.sim.post("/pd/api/v1/operators", "{\"name\":\"transfer-leader\",\"region_id\":" + std::to_string(r.id) +
                                                   ",\"to_store_id\":" + std::to_string(b) + "}").status == 200);
    f.sim.advance(10);
    REQUIRE(f.region(r.id).leader.store_id == b);
    REQUIRE(f.svc->approve(first.action_id, "alice") == "");
    auto fut = std::async(std::launch::async, [&] { return f.svc->resume(first.action_id); });
    // The engine voids the approval and asks again, bound to the new facts.
    std::optional<store::ApprovalRecord> again;
    for (int i = 0; i < 2000 && !(again && again->decision == "pending"); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        auto db = store::Database::open(f.tmp.path);
        again = store::latest_approval(*db, first.action_id);
    }
    REQUIRE(again);
    CHECK(again->decision == "pending");
    CHECK(again->action_hash != first.hash);
    REQUIRE(f.svc->approve(first.action_id, "alice") == "");
    while (fut.wait_for(std::chrono::milliseconds(5)) != std::future_status::ready) f.sim.advance(2);
    CHECK(fut.get().status == ActionStatus::Succeeded);
    bool voided = false;
    for (const auto& t : transitions(f, first.action_id))
        voided |= t.from == "approved" && t.to == "awaiting_approval" && t.reason.find("approval void") == 0;
    CHECK(voided);
    CHECK(f.region(r.id).leader.store_id == a);
}

TEST_CASE("gate/approval: submit_async waits for a decision without a caller thread", "[gate]") {
    test::WriteFixture f({"--scenario", "balanced", "--step", "--seed", "7"}, test::approval_policy());
    std::promise<actions::ActionOutcome> done;
    f.svc->submit_async(test::runbook_request("set_schedule_limit", {{"kind", std::string("replica")}, {"limit", int64_t(12)}}),
                        [&](const actions::ActionOutcome& o) { done.set_value(o); });
    auto fut = done.get_future();
    int64_t id = 0;
    for (int i = 0; i < 2000 && !id; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        auto db = store::Database::open(f.tmp.path);
        auto rows = store::list_actions(*db, "awaiting_approval");
        if (!rows.empty()) id = rows.front().id;
    }
    REQUIRE(id);
    REQUIRE(fut.wait_for(std::chrono::milliseconds(50)) == std::future_status::timeout);
    REQUIRE(f.svc->approve(id, "alice") == "");
    REQUIRE(fut.wait_for(std::chrono::seconds(20)) == std::future_status::ready);
    CHECK(fut.get().status == ActionStatus::Succeeded);
}

// 100 threads submit set_schedule_limit (all on one config item, so medic's
// own lock serializes them: the others are refused with "lock") until the kill
// switch refuses them. Diagnosed hang (gdb): every thread sat in curl waiting
// on pdsim, whose 4 workers were each held by an idle kept-alive connection of
// the 100-handle client pool; and concurrent writes of different values to one
// config item left each verification waiting 10 s for a value another action
// had overwritten. Fixed by ServiceOptions::max_pd_inflight and config locks.
TEST_CASE("gate/kill switch: zero PD writes after acknowledgement under 100 concurrent requests", "[gate][kill100]") {
    test::WriteFixture f;
    std::atomic<int> succeeded{0}, refused{0}, finished{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 100; ++t)
        threads.emplace_back([&, t] {
            for (int n = 0; n < 200; ++n) {
                actions::ActionRequest r;
                r.kind = "set_schedule_limit";
                r.params = {{"kind", std::string("region")}, {"limit", int64_t(1000 + t * 200 + n)}};
                r.mode = actions::Mode::Execute;
                r.actor = "user:tester";
                auto o = f.svc->submit(r);
                if (o.status == ActionStatus::Succeeded) succeeded++;
                if (o.error_code == "kill_switch") {
                    refused++;
                    break;
                }
                if (o.error_code == "lock") std::this_thread::sleep_for(std::chrono::milliseconds(5));
            }
            finished++;
        });
    while (succeeded < 20 && finished < 100) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    REQUIRE(succeeded >= 20);
    f.svc->engage_kill_switch("user:alice", "test");
    int64_t at_ack = f.pd_writes();
    for (auto& t : threads) t.join();
    CHECK(f.pd_writes() == at_ack);
    CHECK(refused > 0);
    // Persisted: a restarted engine still has it on.
    f.svc.reset();
    f.svc = f.make_service(test::open_policy());
    CHECK(f.svc->kill_switch_engaged());
    auto o = f.act("set_schedule_limit", {{"kind", std::string("region")}, {"limit", int64_t(5)}});
    CHECK(o.status == ActionStatus::Rejected);
    CHECK(o.error_code == "kill_switch");
    f.svc->release_kill_switch("user:alice");
    CHECK(f.act("set_schedule_limit", {{"kind", std::string("region")}, {"limit", int64_t(5)}}).status == ActionStatus::Succeeded);
}

TEST_CASE("gate/kill switch: cancels the PD operator medic has in flight; approvals frozen", "[gate]") {
    test::WriteFixture f;
    auto [r, free_store] = f.region_and_free_store();
    actions::ActionRequest req;
    req.kind = "transfer_leader";
    req.params = {{"region", int64_t(r.id)}, {"to_store", int64_t(test::follower_store(r))}};
    req.mode = actions::Mode::Execute;
    req.actor = "user:tester";
    // No clock advance: PD's operator stays RUNNING while the action verifies.
    auto fut = std::async(std::launch::async, [&] { return f.svc->submit(req); });
    int64_t id = 0;
    for (int i = 0; i < 4000 && !id; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        auto db = store::Database::open(f.tmp.path);
        auto rows = store::list_actions(*db, "verifying");
        if (!rows.empty()) id = rows.front().id;
    }
    REQUIRE(id);
    auto rep = f.svc->engage_kill_switch("user:alice", "runaway");
    REQUIRE(rep.cancelled_operators.size() == 1);
    CHECK(rep.cancelled_operators[0] == "region " + std::to_string(r.id) + " (action " + std::to_string(id) + ")");
    auto out = fut.get();
    CHECK(out.status == ActionStatus::Cancelled);
    CHECK(f.sim.get("/pd/api/v1/operators/" + std::to_string(r.id)).body.find("RUNNING") == std::string::npos);
    CHECK(f.svc->approve(id, "bob") != "");
}

TEST_CASE("gate/refusals: rate limit, blast radius, observe-only name the policy and numbers", "[gate]") {
    auto policy = test::open_policy();
    policy.kind_rate_per_s = 0.001;
    policy.kind_burst = 2;
    policy.max_leader_share_per_action = 0.05;
    test::WriteFixture f({"--scenario", "balanced", "--step", "--seed", "7"}, policy);
    CHECK(f.act("set_schedule_limit", {{"kind", std::string("leader")}, {"limit", int64_t(5)}}).status == ActionStatus::Succeeded);
    CHECK(f.act("set_schedule_limit", {{"kind", std::string("leader")}, {"limit", int64_t(6)}}).status == ActionStatus::Succeeded);
    auto third = f.act("set_schedule_limit", {{"kind", std::string("leader")}, {"limit", int64_t(7)}});
    CHECK(third.status == ActionStatus::Rejected);
    CHECK(third.error_code == "rate_limit.kind");
    CHECK(third.error == "policy rate_limit.kind: more than 0 actions/s (burst 2) requested");
    auto evict = f.act("evict_leader", {{"store", int64_t(1)}});
    CHECK(evict.status == ActionStatus::Rejected);
    CHECK(evict.error_code == "blast_radius.leaders_per_action");
    CHECK(evict.error.find("exceeds 5.0%") != std::string::npos);
    auto obs = test::open_policy();
    obs.autonomy = 0;
    f.svc->set_policy(obs);
    auto o = f.act("set_schedule_limit", {{"kind", std::string("leader")}, {"limit", int64_t(8)}});
    CHECK(o.error_code == "observe_only");
}

TEST_CASE("gate/blast radius: one store draining at a time", "[gate]") {
    test::WriteFixture f;
    auto req = test::runbook_request("drain_store", {{"store", int64_t(5)}});
    req.actor = "user:tester";
    auto one = f.svc->submit(req);  // critical: needs a person's approval first
    REQUIRE(one.status == ActionStatus::AwaitingApproval);
    REQUIRE(f.svc->approve(one.action_id, "alice") == "");
    REQUIRE(f.with_clock([&] { return f.svc->resume(one.action_id); }).status == ActionStatus::Succeeded);
    auto two = f.act("drain_store", {{"store", int64_t(4)}});
    CHECK(two.status == ActionStatus::Rejected);
    CHECK(two.error_code == "blast_radius.stores_draining");
    CHECK(two.error == "policy blast_radius.stores_draining: 1 stores already draining; at most 1 at once");
}
