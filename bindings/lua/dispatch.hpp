// bindings/lua/dispatch.hpp: the one generic entry point for every API
// function (STYLE 3.5). A C closure over its ApiFn checks the run state
// (ended, limits, cancel, re-entrancy, mode), the arity, and every argument
// against the spec (type, finiteness, integrality, range, choices, string
// length and NUL bytes, tables without metatables, unknown keys), fills in
// defaults, then calls the implementation inside a try block. Every message
// is built from the spec data; implementations never check arguments.
#pragma once

#include <string>

#include "bindings/api/errors.hpp"
#include "bindings/api/spec.hpp"

struct lua_State;

namespace medic::lua {

struct Run;

/// Push the Lua function for one API entry. stack: +1
void push_api_function(lua_State* L, const api::ApiFn& fn);

/// An argument error (misuse): code, subject and the "must be ..." message.
struct ArgError {
    api::ErrorCode code = api::ErrorCode::E_ARG_TYPE;
    std::string subject;
    std::string message;
};

/// Check the call's arguments (stack slots 1..top) against fn into `out`
/// (reused: its vectors keep their capacity). `keys`: the lua_topointer
/// addresses of fn's interned parameter names (named arguments; nullptr
/// compares text). Exposed for
/// tests and benchmarks.
bool check_args(lua_State* L, const api::ApiFn& fn, api::Args& out, ArgError& err, const void* const* keys = nullptr);

/// Parse a default literal ("30", "true", "\"info\"") for a domain type.
api::Value parse_default(const api::ParamSpec& p);

/// "(integer > 0)" without parentheses: the type/range text of a domain.
std::string domain_text(const api::Domain& d);

/// The yield check for implementations that may suspend: the run's own
/// coroutine only (never a coroutine the script created).
bool can_suspend(const api::Call& call);

}  // namespace medic::lua
