// bindings/lua/alloc.hpp: the capped allocator every run's lua_State uses.
// It counts bytes exactly from osize/nsize and refuses growth past the cap
// (LuaJIT then raises "not enough memory"); shrinking and freeing never fail
// (SANDBOX 2.4). The userdata is the Run (run.hpp).
#pragma once

#include <cstddef>

namespace medic::lua {

/// lua_Alloc for lua_newstate(capped_alloc, run).
void* capped_alloc(void* ud, void* ptr, size_t osize, size_t nsize);

}  // namespace medic::lua
