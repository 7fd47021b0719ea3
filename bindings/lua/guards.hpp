// bindings/lua/guards.hpp: wrappers around the few standard library functions
// that can run long, recurse on the C stack, or reach script metamethods from
// C (SANDBOX 2.2): string.rep (size cap), string.format (strings and numbers
// only, so no __tostring re-entry), table.sort (nesting cap), os.time (no
// tables with metatables), os.date (bounded format and time), collectgarbage
// ("count" only), rawset (refuses the host's read-only tables) and tostring
// (no heap addresses: "table: 0x0000002a" numbers objects per run; %p is
// refused by string.format for the same reason). The O(n)
// string and table functions check the run's limits first when their input
// is large (hooks do not fire inside C functions).
#pragma once

struct lua_State;

namespace medic::lua {

/// Replace tostring, string.rep/format and table.sort in the real library tables with
/// guarded versions (originals kept as upvalues) and delete string.dump,
/// table.foreach/foreachi. Expects the libraries to be open.
void install_guards(lua_State* L);

/// Push a new table with os.time/clock/date/difftime (guarded). stack: +1
void push_safe_os(lua_State* L);

int guarded_collectgarbage(lua_State* L);
int guarded_rawset(lua_State* L);

/// Raise the nesting termination when the run is already `max_nesting` deep.
void enter_nesting(lua_State* L);

}  // namespace medic::lua
