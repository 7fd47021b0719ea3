// cli/command.hpp: the registry of `medic` subcommands.
// Each subcommand lives in its own cli/cmd_<name>.cpp and registers itself
// with MEDIC_COMMAND; cli/main.cpp only dispatches. Commands return the
// process exit code and print one-line errors to stderr themselves.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace medic::cli {

using Args = std::vector<std::string>;  // the arguments after the subcommand name
using CommandFn = std::function<int(const Args&)>;

struct Command {
    std::string name;
    std::string summary;  // one line for `medic help`
    CommandFn run;
};

/// All registered commands, ordered by name.
std::map<std::string, Command>& commands();

struct Registrar {
    Registrar(std::string name, std::string summary, CommandFn fn);
};

}  // namespace medic::cli

#define MEDIC_CLI_CAT2(a, b) a##b
#define MEDIC_CLI_CAT(a, b) MEDIC_CLI_CAT2(a, b)
/// MEDIC_COMMAND("status", "show stores, region health and open incidents", run_status);
#define MEDIC_COMMAND(name, summary, fn) \
    static ::medic::cli::Registrar MEDIC_CLI_CAT(medic_cmd_, __LINE__){name, summary, fn}
