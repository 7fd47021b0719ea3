// bindings/emit/emit_common.hpp: helpers shared by the two emitters: LuaLS
// type of a parameter, the keyset class name of a named-args function.
#pragma once

#include <string>

#include "bindings/api/spec.hpp"

namespace medic::emit {

/// LuaLS type of a parameter ("integer", "\"low\"|\"high\"", "fun(): any", ...).
std::string param_type(const api::ParamSpec& p);
/// The doc of a parameter without a leading "fun(...) -- " type.
std::string param_doc(const api::ParamSpec& p);
/// "actions.TransferLeaderArgs" for a named-args function.
std::string args_class(const api::ApiFn& fn);
/// "integer > 0", "one of ...": the domain phrase for docs.
std::string domain_phrase(const api::Domain& d);

}  // namespace medic::emit
