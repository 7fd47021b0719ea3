// engine/advisor/prompt/prompt_builder.hpp: the system and user text sent to
// a model: role and rules, the incident, the action and runbook catalog
// generated from the registry, and the observations fenced with a
// per-request random marker that does not occur inside them.
#pragma once

#include <string>

#include "../llm/llm_types.hpp"
#include "observations.hpp"

namespace medic::advisor {

struct BuiltPrompt {
    llm::LlmPrompt prompt;
    std::string marker;  ///< the fence marker used (8 hex digits)
};

/// @param mode tool call or structured output (changes one instruction line).
/// @param marker_seed "" = random marker; tests pass a fixed one.
BuiltPrompt build_prompt(const AdviceRequest& req, const ObservationSet& obs, llm::OutputMode mode,
                         const std::string& marker_seed = "");

/// A random 8-hex-digit marker not contained in `avoid`.
std::string fence_marker(const std::string& avoid);

}  // namespace medic::advisor
