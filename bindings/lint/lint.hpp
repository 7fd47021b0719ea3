// bindings/lint/lint.hpp: static checks of a runbook without running it:
// it compiles (text only), every `<module>.<name>` it uses exists in the API
// spec, named-argument calls with a literal table use known keys and give the
// required ones, functions absent from the sandbox are not used, and the
// file ends with `return runbook.define{...}`.
#pragma once

#include <string>
#include <vector>

namespace medic::lint {

struct Finding {
    int line = 0;
    std::string message;  ///< "drain.lua:12: actions.transfer_leadr is not ..."
};

/// Lint one runbook; `chunk` is the name used in messages ("drain.lua").
std::vector<Finding> lint_source(const std::string& chunk, const std::string& source);

}  // namespace medic::lint
