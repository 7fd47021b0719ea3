// bindings/lua/convert.hpp: moving plain data across the boundary.
// push_value pushes a Value tree (bounded depth, lua_checkstack first);
// render_actual renders a script value for "got <actual>" without running
// any metamethod (STYLE 3.4: strings quoted and cut at 32 characters).
#pragma once

#include <string>

#include <lua.hpp>

#include "bindings/api/value.hpp"

namespace medic::lua {

/// lua_absindex for the Lua 5.1 API.
inline int lua_absindex(lua_State* L, int i) { return (i > 0 || i <= LUA_REGISTRYINDEX) ? i : lua_gettop(L) + i + 1; }

/// Push v. stack: +1
void push_value(lua_State* L, const api::Value& v);

/// "nil", "true", "12", "1.5", "nan", "inf", "\"abc...\"", "table", ...
std::string render_actual(lua_State* L, int idx);

/// A number as the messages show it ("12", "1.5", "nan", "-inf").
std::string render_number(double d);

/// Compact JSON text of a Value (for the journal and --json).
std::string value_to_json(const api::Value& v);

/// JSON string literal with quotes. Always valid UTF-8: bytes that are not
/// part of a well-formed UTF-8 sequence are written as \u00XX.
std::string json_quote(std::string_view s);

/// Length of the well-formed UTF-8 sequence starting at s[i] (1 for ASCII),
/// or 0 when s[i] does not start one: stray continuation bytes, overlong
/// forms, UTF-16 surrogates (ED A0..BF) and code points above U+10FFFF are
/// all refused (RFC 3629), so text that passes is valid for any JSON parser.
size_t utf8_sequence_length(std::string_view s, size_t i);

}  // namespace medic::lua
