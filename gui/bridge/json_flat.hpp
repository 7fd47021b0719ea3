// gui/bridge/json_flat.hpp: flattens JSON text from the database (action
// params, facts, evidence, audit detail) into display rows. The database is
// outside input: malformed text yields one row saying so, never a throw.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "gui/ui_snapshot.hpp"

namespace medic::gui::bridge {

/// {"a":1,"b":{"c":"x"}} -> [a=1, b.c=x]; arrays as "k[0]". At most `max_rows`.
std::vector<KeyValue> flatten_json(std::string_view json, std::size_t max_rows = 64);
/// Indented multi-line rendering for expanded audit rows (at most `max_chars`).
std::string pretty_json(std::string_view json, std::size_t max_chars = 8000);

}  // namespace medic::gui::bridge
