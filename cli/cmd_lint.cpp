// cli/cmd_lint.cpp: `medic lint FILE.lua...`: static checks without running
// (bindings/lint): syntax, unknown API names, misuse visible in the text
// (unknown or missing named arguments, sandbox-absent functions), header.
// Prints one finding per line; exit 1 when any file has findings.
#include <cstdio>
#include <string>

#include "bindings/lint/lint.hpp"
#include "bindings/lua/scheduler.hpp"
#include "bindings/runner/runbook_source.hpp"
#include "command.hpp"

namespace medic::cli {
namespace {

int run_lint(const Args& args) {
    if (args.empty() || args[0] == "--help") {
        std::fprintf(stderr, "usage: medic lint FILE.lua...\n");
        return 2;
    }
    int bad = 0;
    for (const auto& file : args) {
        std::string source;
        if (std::string why = lua::read_runbook_source(file, source); !why.empty()) {
            std::fprintf(stderr, "medic lint: %s\n", why.c_str());
            bad++;
            continue;
        }
        auto findings = lint::lint_source(lua::chunk_name_for(file), source);
        for (const auto& f : findings) std::printf("%s\n", f.message.c_str());
        if (!findings.empty()) bad++;
        else std::printf("%s: ok\n", file.c_str());
    }
    return bad ? 1 : 0;
}

}  // namespace

MEDIC_COMMAND("lint", "check runbooks without running them (syntax, API names, arguments, header)", run_lint);

}  // namespace medic::cli
