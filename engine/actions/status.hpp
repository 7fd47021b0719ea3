// engine/actions/status.hpp: the lifecycle of one action and the constexpr
// table of legal transitions (PD's OpStatus/validTrans, STYLE 3.8).
//
//   proposed -> validated -> awaiting_approval -> approved -> executing
//            -> verifying -> succeeded | failed
// with the side exits rejected, expired, cancelled, skipped (already
// satisfied), dry_run (validated, recorded, nothing sent) and interrupted (the
// process died while the action was executing or verifying; set by recovery).
// Status names are stable: the audit store persists them.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string_view>

namespace medic::actions {

enum class ActionStatus : uint8_t {
    Proposed,
    Validated,
    AwaitingApproval,
    Approved,
    Executing,
    Verifying,
    Succeeded,
    Failed,
    Rejected,
    Expired,
    Cancelled,
    Skipped,
    DryRun,
    Interrupted,
    Count
};

inline constexpr const char* kActionStatusNames[] = {
    "proposed", "validated", "awaiting_approval", "approved", "executing",
    "verifying", "succeeded", "failed",           "rejected", "expired",
    "cancelled", "skipped",  "dry_run",           "interrupted"};
static_assert(std::size(kActionStatusNames) == size_t(ActionStatus::Count));

inline constexpr const char* status_name(ActionStatus s) { return kActionStatusNames[size_t(s)]; }

/// Inline (no status.cpp): engine/store reads and writes statuses without
/// linking medic_actions, so the two libraries do not depend on each other.
inline std::optional<ActionStatus> parse_status(std::string_view s) {
    for (size_t i = 0; i < size_t(ActionStatus::Count); ++i)
        if (s == kActionStatusNames[i]) return ActionStatus(i);
    return std::nullopt;
}

/// True for statuses no transition leaves.
constexpr bool is_terminal(ActionStatus s) {
    return s >= ActionStatus::Succeeded;
}

namespace detail {
using S = ActionStatus;
constexpr size_t kN = size_t(S::Count);
using Table = std::array<std::array<bool, kN>, kN>;

constexpr void allow(Table& t, S from, std::initializer_list<S> to) {
    for (S s : to) t[size_t(from)][size_t(s)] = true;
}

constexpr Table build_table() {
    Table t{};
    // Any live action may be cancelled (operator, kill switch) or fail.
    allow(t, S::Proposed, {S::Validated, S::Failed, S::Skipped, S::Rejected, S::Cancelled});
    allow(t, S::Validated, {S::AwaitingApproval, S::Approved, S::DryRun, S::Skipped, S::Rejected,
                            S::Cancelled, S::Failed});
    // Re-validation after a snapshot change may find the action done or invalid.
    allow(t, S::AwaitingApproval, {S::Approved, S::Rejected, S::Expired, S::Cancelled, S::Failed,
                                   S::Skipped});
    // An approval voided by a changed snapshot sends the action back for a new one.
    allow(t, S::Approved, {S::Executing, S::AwaitingApproval, S::Rejected, S::Cancelled,
                           S::Failed, S::Skipped, S::Expired});
    allow(t, S::Executing, {S::Verifying, S::Failed, S::Cancelled, S::Interrupted, S::Skipped});
    allow(t, S::Verifying, {S::Succeeded, S::Failed, S::Cancelled, S::Interrupted});
    return t;
}
inline constexpr Table kTransitions = build_table();
}  // namespace detail

/// Whether `from -> to` is a legal move.
constexpr bool can_transition(ActionStatus from, ActionStatus to) {
    return detail::kTransitions[size_t(from)][size_t(to)];
}

static_assert(can_transition(ActionStatus::Proposed, ActionStatus::Validated));
static_assert(!can_transition(ActionStatus::Succeeded, ActionStatus::Executing));

}  // namespace medic::actions
