// engine/advisor/proposal/evaluate.hpp: the one path every advisor's output
// takes to an outcome — decode each candidate object strictly, reject the
// whole reply if any is invalid (never merge or cherry-pick), flag cited
// evidence that carries instruction-like text, check the plan against the
// snapshot and the set-level safety policy, and seal the plan.
#pragma once

#include <vector>

#include "../json/json_value.hpp"
#include "../prompt/observations.hpp"
#include "model/cluster_snapshot.hpp"
#include "proposal.hpp"

namespace medic::advisor {

/// Fills env.snapshot, proposals, issues, plan, risk, flags, reasons and outcome.
/// @param candidates one JSON object per tool call / structured document.
void evaluate_candidates(ProposalEnvelope& env, const std::vector<json::Value>& candidates, const ObservationSet& obs,
                         const model::ClusterSnapshot& snap);

/// Records the snapshot identity in the envelope.
void stamp_snapshot(ProposalEnvelope& env, const model::ClusterSnapshot& snap);

}  // namespace medic::advisor
