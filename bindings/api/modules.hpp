// bindings/api/modules.hpp: the module tables, each defined in its own
// *_api.cpp (the single declaration of that module).
#pragma once

#include "bindings/api/errors.hpp"
#include "bindings/api/spec.hpp"
#include "bindings/lua/run.hpp"

namespace medic::api {

extern const ModuleSpec kRunbookModule;
extern const ModuleSpec kLogModule;
extern const ModuleSpec kSafetyModule;
extern const ModuleSpec kClusterModule;
/// Generated at first use from engine/actions' registry (actions_api.cpp).
const ModuleSpec& actions_module();

}  // namespace medic::api
