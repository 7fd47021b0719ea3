// Lifecycle table: walks every (from, to) pair against the list of moves the
// design allows (STYLE 3.8 exhaustiveness test).
#include "actions/status.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <utility>

using namespace medic::actions;
using S = ActionStatus;

TEST_CASE("actions/status: the transition table allows exactly the designed moves", "[actions]") {
    const std::set<std::pair<S, S>> allowed = {
        {S::Proposed, S::Validated}, {S::Proposed, S::Failed}, {S::Proposed, S::Skipped},
        {S::Proposed, S::Rejected}, {S::Proposed, S::Cancelled},
        {S::Validated, S::AwaitingApproval}, {S::Validated, S::Approved}, {S::Validated, S::DryRun},
        {S::Validated, S::Skipped}, {S::Validated, S::Rejected}, {S::Validated, S::Cancelled},
        {S::Validated, S::Failed},
        {S::AwaitingApproval, S::Approved}, {S::AwaitingApproval, S::Rejected},
        {S::AwaitingApproval, S::Expired}, {S::AwaitingApproval, S::Cancelled},
        {S::AwaitingApproval, S::Failed}, {S::AwaitingApproval, S::Skipped},
        {S::Approved, S::Executing}, {S::Approved, S::AwaitingApproval}, {S::Approved, S::Rejected},
        {S::Approved, S::Cancelled}, {S::Approved, S::Failed}, {S::Approved, S::Skipped},
        {S::Approved, S::Expired},
        {S::Executing, S::Verifying}, {S::Executing, S::Failed}, {S::Executing, S::Cancelled},
        {S::Executing, S::Interrupted}, {S::Executing, S::Skipped},
        {S::Verifying, S::Succeeded}, {S::Verifying, S::Failed}, {S::Verifying, S::Cancelled},
        {S::Verifying, S::Interrupted},
    };
    int checked = 0;
    for (size_t f = 0; f < size_t(S::Count); ++f) {
        for (size_t t = 0; t < size_t(S::Count); ++t) {
            INFO(status_name(S(f)) << " -> " << status_name(S(t)));
            CHECK(can_transition(S(f), S(t)) == (allowed.count({S(f), S(t)}) == 1));
            ++checked;
        }
    }
    CHECK(checked == int(S::Count) * int(S::Count));
}

TEST_CASE("actions/status: terminal statuses have no way out and names round-trip", "[actions]") {
    for (size_t f = 0; f < size_t(S::Count); ++f) {
        auto s = S(f);
        CHECK(parse_status(status_name(s)) == s);
        if (!is_terminal(s)) continue;
        for (size_t t = 0; t < size_t(S::Count); ++t) CHECK_FALSE(can_transition(s, S(t)));
    }
    CHECK_FALSE(parse_status("running").has_value());
}
