// bindings/lua/internals.hpp: the C helpers only the prelude can call (they
// live in the internals table I, which no runbook can reach): thread checks,
// limit re-checks after a script coroutine returns, print, step bookkeeping,
// the scheduler's sleep, header and parameter handling.
#pragma once

struct lua_State;

namespace medic::lua {

/// Add the helpers to the table at index I.
void register_internals(lua_State* L, int I);

}  // namespace medic::lua
