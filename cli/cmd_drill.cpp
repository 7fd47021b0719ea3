// cli/cmd_drill.cpp: `medic drill NAME|all [--auto-approve] [--pd URL]
// [--db PATH] [--json] [--seed N]`: run scripted chaos drills
// (drill_catalog.hpp) and print a report per drill. Exit code 0 only when
// every drill's assertions held.
#include <cstdio>

#include "command.hpp"
#include "common_flags.hpp"
#include "drill_runner.hpp"

namespace {

using namespace medic::cli;

int usage() {
    std::fprintf(stderr, "usage: medic drill NAME|all|--list [--auto-approve] [--pd URL] [--db PATH] [--json] [--seed N]\n"
                         "  without --auto-approve the drill stops after the proposal and prints how to approve it\n");
    for (const auto& d : drill_catalog()) std::fprintf(stderr, "  %-18s %s\n", d.name.c_str(), d.summary.c_str());
    return 2;
}

int run_drill_cmd(const Args& args) {
    CommonFlags f;
    if (auto e = parse_common_flags(args, f)) return fail("drill", *e, 2);
    DrillOptions o;
    o.auto_approve = take_switch(f.rest, "--auto-approve");
    bool list = take_switch(f.rest, "--list");
    std::string seed, err;
    if (take_flag(f.rest, "--seed", &seed, &err)) {
        auto v = parse_positive("--seed", seed, &err);
        if (!v) return fail("drill", err, 2);
        o.seed = int(*v);
    }
    if (!err.empty()) return fail("drill", err, 2);
    if (list) {
        for (const auto& d : drill_catalog()) std::printf("%-18s %s\n", d.name.c_str(), d.summary.c_str());
        return 0;
    }
    if (f.rest.size() != 1 || f.rest[0].empty() || f.rest[0][0] == '-') return usage();
    std::vector<const Drill*> drills;
    if (f.rest[0] == "all") {
        for (const auto& d : drill_catalog()) drills.push_back(&d);
    } else if (const Drill* d = find_drill(f.rest[0])) {
        drills.push_back(d);
    } else {
        std::fprintf(stderr, "medic drill: no drill named '%s'\n", f.rest[0].c_str());
        return usage();
    }
    o.pd = f.pd;
    // Without auto-approve the database must outlive this process so the
    // printed `medic actions approve` works; with it a temp one is enough.
    if (f.db_given || !o.auto_approve) o.db = f.db;
    int failed = 0;
    for (const Drill* d : drills) {
        DrillReport r = run_drill(*d, o);
        if (!r.passed) ++failed;
        if (f.json) std::printf("%s\n", drill_report_json(r).c_str());
        else print_drill_report(r, stdout);
        std::fflush(stdout);
    }
    if (!o.auto_approve && !f.json)
        std::printf("(no --auto-approve: stopped after the proposal; with the embedded pdsim the cluster ends with "
                    "this command, so use --pd URL against a running cluster to approve from another terminal)\n");
    return failed == 0 ? 0 : 1;
}

}  // namespace

MEDIC_COMMAND("drill", "run a scripted chaos drill (store failure, hot spot, disk, leader imbalance, two faults)",
              run_drill_cmd);
