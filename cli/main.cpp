// cli/main.cpp: `medic <command> [args...]`, dispatching to the commands that
// cli/cmd_*.cpp register. Unknown commands and `help` list what exists.
#include "command.hpp"

#include <cstdio>
#include <exception>

namespace medic::cli {

std::map<std::string, Command>& commands() {
    static std::map<std::string, Command> registry;
    return registry;
}

Registrar::Registrar(std::string name, std::string summary, CommandFn fn) {
    auto key = name;
    commands().emplace(std::move(key), Command{std::move(name), std::move(summary), std::move(fn)});
}

static void print_usage(std::FILE* out) {
    std::fprintf(out, "usage: medic <command> [options]\n\ncommands:\n");
    for (const auto& [name, cmd] : commands())
        std::fprintf(out, "  %-12s %s\n", name.c_str(), cmd.summary.c_str());
}

}  // namespace medic::cli

int main(int argc, char** argv) {
    using namespace medic::cli;
    if (argc < 2 || std::string(argv[1]) == "help" || std::string(argv[1]) == "--help") {
        print_usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    auto it = commands().find(argv[1]);
    if (it == commands().end()) {
        std::fprintf(stderr, "medic: unknown command '%s'\n", argv[1]);
        print_usage(stderr);
        return 2;
    }
    try {
        return it->second.run(Args(argv + 2, argv + argc));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "medic %s: %s\n", argv[1], e.what());
        return 1;
    }
}
