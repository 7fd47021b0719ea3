// bindings/runner/workflows_dir.hpp: where medic's runbooks are. One search
// order for every command that starts runbooks by name (the GUI, `medic
// monitor --propose`, drills): a flag, $MEDIC_WORKFLOWS, the source tree
// next to a build (build/cli/medic -> workflows/), an installed share dir,
// then ./workflows.
#pragma once

#include <string>

namespace medic::lua {

/// `flag` if given (and a directory), else the first directory of the
/// search order above; "" when none exists.
std::string find_workflows_dir(const std::string& flag);

/// `<dir>/<name>.lua` when `name` is a plain runbook name (lowercase
/// letters, digits, '_'; nothing a path could hide in) and the file is
/// readable; else "" and *why says which.
std::string runbook_file(const std::string& dir, const std::string& name, std::string* why);

}  // namespace medic::lua
