// tests/gui/proposal_view_test.cpp: the approver's list of checks for an
// action. The engine writes one transition row for several lifecycle steps
// on the straight path ("steps" in its detail); the view shows each step, as
// for a record written step by step, and trusts only a well-formed list that
// runs from the row's `from` to its `to`.
#include <catch2/catch.hpp>

#include "gui/bridge/proposal_view.hpp"

namespace medic::gui {
namespace {

store::TransitionRecord row(std::string from, std::string to, std::string reason, std::string detail = "{}") {
    store::TransitionRecord t;
    t.from = std::move(from);
    t.to = std::move(to);
    t.reason = std::move(reason);
    t.detail = std::move(detail);
    return t;
}

std::string names(const ProposalView& p) {
    std::string s;
    for (const auto& c : p.checks) s += (s.empty() ? "" : ",") + c.name + (c.ok ? "" : "!");
    return s;
}

bridge::LinkedAction executed(std::vector<store::TransitionRecord> transitions) {
    bridge::LinkedAction l;
    l.action.id = 7;
    l.action.kind = "transfer_leader";
    l.action.params = R"({"region":12,"to_store":4})";
    l.action.status = actions::ActionStatus::Succeeded;
    l.action.mode = "execute";
    l.transitions = std::move(transitions);
    return l;
}

}  // namespace

TEST_CASE("gui/proposal view: a folded transition row shows each step it stands for", "[gui]") {
    auto l = executed({
        row("", "proposed", "submitted"),
        row("proposed", "executing", "sending the PD request",
            R"({"steps":"proposed -> validated -> approved -> executing","approved_by":"policy",)"
            R"("approval_reason":"autonomy 2: low risk runs without a person","facts":{}})"),
        row("executing", "succeeded", "leader of region 12 is on store 4",
            R"({"steps":"executing -> verifying -> succeeded","verifying_at_ms":5})"),
    });
    auto p = bridge::render_standalone_action(l, 0);
    CHECK(names(p) == "proposed,validated,approved,executing,verifying,succeeded");
    REQUIRE(p.checks.size() == 6);
    CHECK(p.checks[2].detail == "by policy: autonomy 2: low risk runs without a person");
    CHECK(p.checks[3].detail == "sending the PD request");
    CHECK(p.checks[5].detail == "leader of region 12 is on store 4");
}

TEST_CASE("gui/proposal view: rows written step by step, and steps that do not fit the row, show as they are", "[gui]") {
    auto plain = bridge::render_standalone_action(
        executed({row("", "proposed", "submitted"), row("proposed", "validated", "ok"),
                  row("validated", "failed", "leader still on store 1")}),
        0);
    CHECK(names(plain) == "proposed,validated,failed!");
    // A detail edited in the file: steps not ending at the row's state, a
    // step name with markup, not JSON at all. Each row shows once, as itself.
    auto odd = bridge::render_standalone_action(
        executed({row("proposed", "executing", "a", R"({"steps":"proposed -> approved -> succeeded"})"),
                  row("executing", "succeeded", "b", R"({"steps":"executing -> <b>x</b> -> succeeded"})"),
                  row("succeeded", "failed", "c", "not json")}),
        0);
    CHECK(names(odd) == "executing,succeeded,failed!");
}

}  // namespace medic::gui
