// gui/approval_guard.hpp: binds an approval to exactly what is on screen.
// The proposal panel feeds it the proposal it shows every frame; when the
// proposal, its plan hash or any cluster fact it depends on changes, the
// guard resets (the panel clears typed confirmations and reject reasons) and
// says why, and approving stays disabled until the person acknowledges the
// change. Pure logic, no ImGui, so it is unit-tested directly.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ui_snapshot.hpp"

namespace medic::gui {

class ApprovalGuard {
public:
    /// Feeds the proposal currently on screen (null: none).
    /// @return true when the shown proposal changed under the person, so any
    ///         half-done approval or rejection must be cleared.
    bool observe(const ProposalView* shown);

    /// True after a change until acknowledge(): Approve stays disabled.
    bool needs_ack() const { return needs_ack_; }
    void acknowledge() { needs_ack_ = false; }
    /// The person picked another proposal themselves: nothing changed under
    /// them, so the next observe() pins it without asking for a review.
    void start_over() {
        have_ = false;
        needs_ack_ = false;
    }
    /// Why the last reset happened, e.g. "cluster facts changed: store 4 state Down -> Up".
    const std::string& reason() const { return reason_; }

    std::int64_t shown_id() const { return id_; }
    const std::string& shown_binding() const { return binding_; }

private:
    void remember(const ProposalView& p);
    bool have_ = false;
    std::int64_t id_ = 0;
    std::string binding_;
    std::vector<KeyValue> facts_;
    bool was_open_ = false;
    bool needs_ack_ = false;
    std::string reason_;
};

/// Describes how `now` differs from `before` ("store 4 state Down -> Up; store 7 gone").
/// @return empty when the facts are the same.
std::string describe_fact_changes(const std::vector<KeyValue>& before, const std::vector<KeyValue>& now,
                                  const char* arrow = "->");

}  // namespace medic::gui
