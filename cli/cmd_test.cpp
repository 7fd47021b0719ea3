// cli/cmd_test.cpp: `medic test [PATH...] [--filter TEXT]`: run runbook tests
// (*_test.lua next to the runbooks) against pdsim on a simulated clock and
// print one line per case and a summary. Exit code 0 only when every case
// passed (and at least one ran).
#include <cstdio>

#include "bindings/drill/test_runner.hpp"
#include "command.hpp"

namespace {

int run_test(const medic::cli::Args& args) {
    std::vector<std::string> paths;
    medic::drill::TestOptions o;
    for (size_t i = 0; i < args.size(); i++) {
        if (args[i] == "--filter" && i + 1 < args.size()) {
            o.filter = args[++i];
        } else if (args[i] == "--help" || args[i] == "-h") {
            std::printf("usage: medic test [PATH...] [--filter TEXT]\n"
                        "  PATH: *_test.lua files or directories holding them (default: workflows)\n");
            return 0;
        } else if (!args[i].empty() && args[i][0] == '-') {
            std::fprintf(stderr, "medic test: unknown option %s\n", args[i].c_str());
            return 2;
        } else {
            paths.push_back(args[i]);
        }
    }
    if (paths.empty()) paths.push_back("workflows");
    std::string err;
    auto files = medic::drill::find_test_files(paths, err);
    if (!err.empty()) {
        std::fprintf(stderr, "medic test: %s\n", err.c_str());
        return 2;
    }
    if (files.empty()) {
        std::fprintf(stderr, "medic test: no *_test.lua files in the given paths\n");
        return 2;
    }
    medic::drill::TestSummary sum;
    for (const auto& f : files) medic::drill::run_test_file(f, o, sum, stdout);
    std::printf("\n%d file(s): %d passed, %d failed, %d pending\n", sum.files, sum.passed, sum.failed, sum.pending);
    for (const auto& f : sum.failures) std::printf("  FAILED %s\n", f.c_str());
    return sum.failed == 0 && sum.passed > 0 ? 0 : 1;
}

}  // namespace

MEDIC_COMMAND("test", "run runbook tests (workflows/*_test.lua) against pdsim on a simulated clock", run_test);
