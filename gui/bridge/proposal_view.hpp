// gui/bridge/proposal_view.hpp: renders a recorded proposal (the envelope
// JSON in `proposals.body`, written by the engine) plus the actions the
// engine submitted for it into a ProposalView. The envelope is engine output
// but still parsed defensively: a malformed body yields a proposal that
// says so and cannot be approved.
#pragma once

#include <string>
#include <vector>

#include "gui/ui_snapshot.hpp"
#include "store/action_store.hpp"
#include "store/approval_store.hpp"
#include "store/proposal_store.hpp"

namespace medic::gui::bridge {

struct LinkedAction {
    store::ActionRecord action;
    std::optional<store::ApprovalRecord> approval;
    std::vector<store::TransitionRecord> transitions;
};

/// @param now_ms wall clock, for the proposal's age
ProposalView render_proposal(const store::ProposalRow& row, const std::vector<LinkedAction>& linked,
                             std::int64_t now_ms);

/// An action waiting for (or decided by) a person that belongs to no proposal
/// (a runbook's, or one submitted with `medic` in another terminal).
ProposalView render_standalone_action(const LinkedAction& a, std::int64_t now_ms);

}  // namespace medic::gui::bridge
