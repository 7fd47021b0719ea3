// engine/advisor/proposal/render.hpp: plain-text rendering of a stored
// proposal envelope (its JSON body) for the CLI: outcome class first, then
// the plan or the reasons it was rejected, evidence, alternatives, flags and
// the source. Everything a model wrote is shown as plain, sanitized text,
// never interpreted.
#pragma once

#include <string>

#include "../json/json_value.hpp"

namespace medic::advisor {

/// Multi-line text for one envelope JSON (ProposalEnvelope::to_json()).
std::string render_envelope(const json::Value& env);

/// One line: "#12 proposal  low  rules  Move the leader of ...".
std::string render_envelope_line(const json::Value& env);

}  // namespace medic::advisor
