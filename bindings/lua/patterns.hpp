// bindings/lua/patterns.hpp: string.find / match / gmatch / gsub implemented
// by the host with Lua 5.1 pattern semantics and a step counter.
//
// Why: VM hooks never fire inside C pattern functions, so LuaJIT's own
// matcher lets ("a"):rep(40):find(("a*"):rep(8).."b") run for minutes
// (SANDBOX 1.3). This matcher counts steps and checks the run's limits every
// kCheckSteps steps, bounds recursion ("pattern too complex"), searches plain
// strings with the linear-time memmem, and counts gsub callback nesting so a
// callback that calls gsub cannot exhaust the C stack (SANDBOX 1.6).
#pragma once

struct lua_State;

namespace medic::lua {

int str_find(lua_State* L);
int str_match(lua_State* L);
int str_gmatch(lua_State* L);
int str_gsub(lua_State* L);

}  // namespace medic::lua
