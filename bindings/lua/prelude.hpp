// bindings/lua/prelude.hpp: the host's own Lua code, loaded into every run
// state before the runbook: xpcall that runs its handler after unwinding,
// print into the log, contained coroutine wrappers, runbook.step with its
// compensation stack, wait_until, runbook.define and the runner that calls
// the runbook's run(params). Compiled once per process to bytecode (the host
// trusts its own bytecode; runbooks are only ever loaded as text).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

struct lua_State;

namespace medic::lua {

/// Load the prelude chunk onto L's stack as a function (call it with the
/// internals table; it returns the exports table). stack: +1
void push_prelude(lua_State* L);

/// `source` (the host's own Lua, never a runbook) compiled to bytecode in a
/// scratch state capped at `heap_limit` bytes; "" and *err on failure.
/// The host trusts its own bytecode; runbooks are only ever loaded as text.
/// Stripped of debug info: host frames report line 0, so the runbook's
/// frames are the only ones with a line (runbook_line relies on it).
std::string compile_host_chunk(std::string_view source, size_t heap_limit, std::string* err);

/// The prelude source (for lint and tests).
const char* prelude_source();

}  // namespace medic::lua
