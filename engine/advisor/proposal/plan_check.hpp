// engine/advisor/proposal/plan_check.hpp: turning schema-valid wire
// proposals into typed plan steps, checking them against the snapshot they
// were built on (ids exist, stores are Up, the region has a peer there, is it
// already done), and judging the whole set against the safety policy — never
// one proposal at a time, because two individually harmless steps can
// together leave fewer Up stores than replicas.
//
// This is the advisor's own pre-check; the engine's action service and
// safety gate check every step again, with fresh facts, before execution.
#pragma once

#include <string>
#include <vector>

#include "model/cluster_snapshot.hpp"
#include "proposal.hpp"

namespace medic::advisor {

struct PlanCheck {
    std::vector<PlannedStep> steps;
    std::vector<Issue> invalid;   ///< ids that do not exist, bad parameters, impossible moves
    std::vector<Issue> unsafe;    ///< safety policy violations of the set
    std::vector<std::string> satisfied;  ///< steps that are already done (dropped from the plan)
};

/// Checks every proposal's action and the set as a whole.
PlanCheck check_plan(const std::vector<WireProposal>& proposals, const model::ClusterSnapshot& snap);

}  // namespace medic::advisor
