// engine/actions/params.hpp: checking and normalising action parameters
// against their ParamSpec, and their canonical text forms.
//
// Every outside input (Lua, CLI flags, the advisor's JSON) becomes a ParamMap
// and passes check_params() before anything else looks at it: types, ranges,
// choices, required parameters, defaults filled in, unknown names refused.
// Errors name the action, the parameter, what was expected and what came, in
// the shape DESIGN principle 5 asks for:
//   "transfer_leader: to_store must be a store id (integer), got string".
#pragma once

#include "actions/spec.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace medic::actions {

/// Parameters by name. std::map: the canonical order is by name, which keeps
/// the approval hash independent of the order a caller supplied them in.
using ParamMap = std::map<std::string, ParamValue, std::less<>>;

/// Outcome of check_params: on success `params` is normalised (defaults
/// filled in); otherwise `error` holds the one-line message.
struct ParamCheck {
    ParamMap params;
    std::string error;  ///< "" = ok
    bool ok() const { return error.empty(); }
};

/// Check `input` against `spec` and fill in defaults.
ParamCheck check_params(const ActionSpec& spec, const ParamMap& input);

/// Parse a command-line value for one parameter ("12", "1.5", "true",
/// "a,b,c" for lists). Returns the error text in `error` when it does not parse.
ParamValue parse_param_text(const ParamSpec& p, std::string_view text, std::string& error);

/// The type name of a value as a user sees it ("integer", "string", "nil").
const char* value_type_name(const ParamValue& v);

/// Compact JSON of one value / of a whole map (keys sorted): the canonical form
/// used in the audit log and for approval hashes.
std::string value_to_json(const ParamValue& v);
std::string params_to_json(const ParamMap& m);

/// Escape a string for a JSON string literal (without the quotes).
std::string json_escape(std::string_view s);

/// Typed accessors for code that runs after check_params (the value is there
/// and has the spec's type; a missing optional parameter gives the fallback).
int64_t param_int(const ParamMap& m, std::string_view name, int64_t fallback = 0);
double param_number(const ParamMap& m, std::string_view name, double fallback = 0);
std::string param_string(const ParamMap& m, std::string_view name, std::string fallback = "");
std::vector<std::string> param_strings(const ParamMap& m, std::string_view name);

}  // namespace medic::actions
