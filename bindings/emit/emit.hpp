// bindings/emit/emit.hpp: writers driven by the same spec tables as the
// dispatcher (STYLE 3.5): the LuaLS definition file, the API reference, and
// the LuaLS workspace config. Pure functions of the specs; `medic api` writes
// them and a test fails when the committed copies are stale.
#pragma once

#include <string>

namespace medic::emit {

/// workflows/types/medic.d.lua
std::string luals();
/// workflows/docs/api.md
std::string markdown();
/// workflows/.luarc.json
std::string luarc();


}  // namespace medic::emit
