// bindings/lua/vm_thread.hpp: run a function on a dedicated thread with a
// 16 MiB stack and wait for it. The Lua VM runs there: LuaJIT coroutines
// share the C stack of whoever resumes them, and the remaining C-recursive
// library paths (SANDBOX 1.6) are bounded by nesting counters sized for it.
#pragma once

#include <cstddef>
#include <functional>

namespace medic::lua {

inline constexpr size_t kVmStackBytes = size_t(16) << 20;

/// Run fn on a new thread with a kVmStackBytes stack; returns after it ends.
/// Exceptions from fn are rethrown here.
void run_on_vm_thread(const std::function<void()>& fn);

}  // namespace medic::lua
