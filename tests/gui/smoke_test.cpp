// tests/gui/smoke_test.cpp: every panel drawn against fixture snapshots in a
// headless ImGui context (no window), with balanced stacks, plus the
// interactions that matter: approve needs the typed store id, approval is
// bound to the plan on screen, refused proposals cannot be approved, the
// kill switch is one click.
#include <catch2/catch.hpp>

#include <variant>

#include "gui/fixtures/fixture_snapshot.hpp"
#include "headless.hpp"

using namespace medic;
using namespace medic::gui;

namespace {

std::vector<Command> run_frames(test::HeadlessGui& h, App& app, const UiSnapshot& s, CommandQueue& q, int n) {
    for (int i = 0; i < n; ++i) REQUIRE(h.frame(app, s, q).empty());
    return q.drain();
}

}  // namespace

TEST_CASE("gui/smoke: every panel draws against each fixture with balanced stacks", "[gui]") {
    test::HeadlessGui h;
    CommandQueue q;
    const UiSnapshot fixtures[] = {fixtures::small_cluster(), fixtures::empty_cluster(),
                                   fixtures::large_cluster(200, 50000, 32)};
    for (const auto& snap : fixtures) {
        App app(AppOptions{});
        for (int d = 0; d < static_cast<int>(App::Dock::Count); ++d) {
            app.show_dock(static_cast<App::Dock>(d));
            for (int i = 0; i < 3; ++i) REQUIRE(h.frame(app, snap, q).empty());
        }
    }
}

TEST_CASE("gui/smoke: free layout and a small display still draw", "[gui]") {
    test::HeadlessGui h(800, 500);
    CommandQueue q;
    App app(AppOptions{false, ""});
    auto snap = fixtures::small_cluster();
    for (int i = 0; i < 3; ++i) REQUIRE(h.frame(app, snap, q).empty());
}

TEST_CASE("gui/proposal: high risk approve needs the typed store id and carries the binding", "[gui]") {
    test::HeadlessGui h;
    CommandQueue q;
    App app(AppOptions{});
    auto snap = fixtures::small_cluster();
    run_frames(h, app, snap, q, 2);
    CHECK(app.ui_map().items().count("approve") == 0);  // nothing typed yet
    REQUIRE(app.ui_map().items().count("confirm_input") == 1);
    REQUIRE(h.click(app, snap, q, "confirm_input"));
    h.type("5");  // the wrong store
    run_frames(h, app, snap, q, 2);
    CHECK(app.ui_map().items().count("approve") == 0);
    REQUIRE(h.click(app, snap, q, "confirm_input"));
    ImGuiIO& io = ImGui::GetIO();
    io.KeyMap[ImGuiKey_Backspace] = 8;  // ImGui 1.86: keys arrive through KeyMap/KeysDown
    io.KeysDown[8] = true;
    run_frames(h, app, snap, q, 1);
    io.KeysDown[8] = false;
    h.type("4");
    run_frames(h, app, snap, q, 2);
    REQUIRE(h.click(app, snap, q, "approve"));
    auto cmds = q.drain();
    REQUIRE(cmds.size() == 1);
    auto* approve = std::get_if<ApproveProposal>(&cmds[0]);
    REQUIRE(approve);
    CHECK(approve->proposal_id == 12);
    CHECK(approve->binding == snap.proposals[0].binding);
    CHECK(approve->typed_confirmation == "4");
}

TEST_CASE("gui/proposal: a change in the facts resets the approval and says why", "[gui]") {
    test::HeadlessGui h;
    CommandQueue q;
    App app(AppOptions{});
    auto snap = fixtures::small_cluster();
    snap.proposals[0].risk = Risk::Low;  // no typed confirmation: Approve is live at once
    run_frames(h, app, snap, q, 2);
    REQUIRE(app.ui_map().items().count("approve") == 1);
    auto changed = snap;
    changed.version++;
    changed.proposals[0].facts[0].value = "Up";
    run_frames(h, app, changed, q, 2);
    CHECK(app.ui_map().items().count("approve") == 0);
    REQUIRE(app.ui_map().items().count("ack") == 1);
    REQUIRE(h.click(app, changed, q, "ack"));
    run_frames(h, app, changed, q, 1);
    CHECK(app.ui_map().items().count("approve") == 1);
}

TEST_CASE("gui/proposal: rejected_unsafe shows no Approve and reject needs a reason", "[gui]") {
    test::HeadlessGui h;
    CommandQueue q;
    App app(AppOptions{});
    auto snap = fixtures::small_cluster();
    snap.proposals = {fixtures::proposal(ProposalOutcome::RejectedUnsafe, 11)};
    run_frames(h, app, snap, q, 2);
    CHECK(app.ui_map().items().count("approve") == 0);
    CHECK(app.ui_map().items().count("reject") == 0);

    snap.proposals = {fixtures::proposal(ProposalOutcome::NeedsApproval, 12)};
    run_frames(h, app, snap, q, 2);
    REQUIRE(h.click(app, snap, q, "reject"));
    run_frames(h, app, snap, q, 1);
    CHECK(app.ui_map().items().count("reject_confirm") == 0);  // no reason yet
    REQUIRE(h.click(app, snap, q, "reject_reason"));
    h.type("store 4 is being replaced by hand");
    run_frames(h, app, snap, q, 2);
    REQUIRE(h.click(app, snap, q, "reject_confirm"));
    auto cmds = q.drain();
    REQUIRE(cmds.size() == 1);
    auto* reject = std::get_if<RejectProposal>(&cmds[0]);
    REQUIRE(reject);
    CHECK(reject->proposal_id == 12);
    CHECK(reject->reason == "store 4 is being replaced by hand");
}

TEST_CASE("gui/kill_switch: one click engages, resuming needs a reason", "[gui]") {
    test::HeadlessGui h;
    CommandQueue q;
    App app(AppOptions{});
    auto snap = fixtures::small_cluster();
    run_frames(h, app, snap, q, 2);
    REQUIRE(h.click(app, snap, q, "kill_switch"));
    auto cmds = q.drain();
    REQUIRE(cmds.size() == 1);
    REQUIRE(std::get_if<SetKillSwitch>(&cmds[0]));
    CHECK(std::get<SetKillSwitch>(cmds[0]).engaged);

    snap.kill.engaged = true;
    snap.kill.by = "gui:test";
    run_frames(h, app, snap, q, 2);
    REQUIRE(h.click(app, snap, q, "kill_resume"));
    run_frames(h, app, snap, q, 2);
    CHECK(app.ui_map().items().count("kill_resume_confirm") == 0);
    REQUIRE(h.click(app, snap, q, "kill_resume_reason"));
    h.type("incident over");
    run_frames(h, app, snap, q, 2);
    REQUIRE(h.click(app, snap, q, "kill_resume_confirm"));
    cmds = q.drain();
    REQUIRE(cmds.size() == 1);
    CHECK_FALSE(std::get<SetKillSwitch>(cmds[0]).engaged);
    CHECK(std::get<SetKillSwitch>(cmds[0]).reason == "incident over");
}

TEST_CASE("gui/chaos: buttons emit pdsim chaos requests only in demo mode", "[gui]") {
    test::HeadlessGui h;
    CommandQueue q;
    App app(AppOptions{});
    app.show_dock(App::Dock::Chaos);
    auto snap = fixtures::small_cluster();
    run_frames(h, app, snap, q, 2);
    REQUIRE(h.click(app, snap, q, "chaos_kill"));
    auto cmds = q.drain();
    REQUIRE(cmds.size() >= 1);
    auto* chaos = std::get_if<ChaosRequest>(&cmds.back());
    REQUIRE(chaos);
    CHECK(chaos->path == "/chaos/store/1/kill");
    snap.chaos.available = false;
    run_frames(h, app, snap, q, 2);
    CHECK(app.ui_map().items().count("chaos_kill") == 0);
}

TEST_CASE("gui/proposal: Next waiting jumps to the oldest open one, and after a decision it comes up by itself", "[gui]") {
    test::HeadlessGui h;
    CommandQueue q;
    App app(AppOptions{});
    auto snap = fixtures::small_cluster();
    auto low = [](std::int64_t id) {
        ProposalView p = fixtures::proposal(ProposalOutcome::NeedsApproval, id);
        p.risk = Risk::Low;
        p.actions[0].risk = Risk::Low;
        p.actions[0].confirm_store = 0;
        return p;
    };
    snap.proposals = {low(21), low(20), low(-7)};  // proposals newest first, then a runbook's own action
    snap.proposals[0].age_s = 5;
    snap.proposals[1].age_s = 30;
    snap.proposals[2].age_s = 10;
    run_frames(h, app, snap, q, 2);
    CHECK(app.ui_map().values().at("proposal_id") == 21);  // the newest open one is shown first
    REQUIRE(h.click(app, snap, q, "next_waiting"));
    run_frames(h, app, snap, q, 2);
    CHECK(app.ui_map().values().at("proposal_id") == 20);
    REQUIRE(h.click(app, snap, q, "approve"));
    auto cmds = q.drain();
    REQUIRE(cmds.size() == 1);
    CHECK(std::get<ApproveProposal>(cmds[0]).proposal_id == 20);

    snap.proposals[1].outcome = ProposalOutcome::Executed;
    run_frames(h, app, snap, q, 60);  // one second at 60 fps: the result is still on screen
    CHECK(app.ui_map().values().at("proposal_id") == 20);
    run_frames(h, app, snap, q, 180);
    CHECK(app.ui_map().values().at("proposal_id") == -7);  // the older of the two still waiting
    snap.proposals[2].outcome = ProposalOutcome::Rejected;
    REQUIRE(h.click(app, snap, q, "next_waiting"));
    run_frames(h, app, snap, q, 2);
    CHECK(app.ui_map().values().at("proposal_id") == 21);
    CHECK(app.ui_map().items().count("next_waiting") == 0);  // nothing else waits
}
