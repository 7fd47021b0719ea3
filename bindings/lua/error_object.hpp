// bindings/lua/error_object.hpp: host error objects (STYLE 3.4).
//
// An error object is a plain table {code, api, subject, message, where,
// details} with a shared, locked metatable whose __tostring gives the one-line
// form "<where>: <api>: <message>". Runbooks match on err.code. The host
// recognises its own objects by metatable identity and never runs a script's
// metamethods when it reads an error (SANDBOX 2.5).
#pragma once

#include <string>
#include <string_view>

#include "bindings/api/errors.hpp"
#include "bindings/lua/run.hpp"

struct lua_State;

namespace medic::lua {

/// Create the shared metatable; stores its ref in r.errmeta_ref.
void create_error_metatable(lua_State* L, Run& r);

/// Push a new error object. stack: +1
void push_error(lua_State* L, const Run& r, api::ErrorCode code, std::string_view api,
                std::string_view subject, std::string_view message, std::string_view where,
                const api::Value* details = nullptr);

/// "drain.lua:12" of the innermost runbook frame on L's stack, or
/// "<chunk>:<last line seen by the hook>" when no runbook frame is active.
/// `first_level` 1 skips the running C function (an API call's own frame).
std::string where_of(lua_State* L, const Run& r, int first_level = 0);

/// The line where_of names (0 when there is none): what an action record
/// keeps, so the call builds no text.
int runbook_line(lua_State* L, const Run& r, int first_level = 0);

/// "drain.lua:12" for a line of the run's chunk ("drain.lua" for line 0).
std::string position_text(const Run& r, int line);

/// Is the value at idx one of our error objects?
bool is_error_object(lua_State* L, int idx, const Run& r);

/// Turn the error value at idx (of a finished coroutine `co`) into a
/// ScriptFailure without running any script code.
ScriptFailure failure_from_value(lua_State* co, int idx, const Run& r);

/// Escape control bytes (CR, LF, NUL, ESC, ...) as \n, \r, \xNN and cut to max bytes.
std::string escape_text(std::string_view s, size_t max);

}  // namespace medic::lua
