// bindings/api/modules.cpp: all_modules, the list the sandbox installs and
// the emitters document, in a stable order.
#include "bindings/api/modules.hpp"

namespace medic::api {

std::span<const ModuleSpec* const> all_modules() {
    static const ModuleSpec* const mods[] = {&kRunbookModule, &kLogModule, &kSafetyModule, &kClusterModule,
                                             &actions_module()};
    return mods;
}

}  // namespace medic::api
