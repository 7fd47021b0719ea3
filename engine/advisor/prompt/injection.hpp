// engine/advisor/prompt/injection.hpp: a heuristic for instruction-like text
// inside untrusted data (labels, region keys, log lines, incident evidence).
//
// It does not block anything by itself: a proposal whose cited evidence
// matches is flagged `possible_prompt_injection` and shown as such; the
// gate and a person decide. Case-insensitive; sanitized and raw forms are
// both checked so zero-width characters cannot split a phrase.
#pragma once

#include <string>
#include <string_view>

namespace medic::advisor {

/// The first instruction-like phrase found in `text`, or "" when none.
std::string instruction_like(std::string_view text);

}  // namespace medic::advisor
