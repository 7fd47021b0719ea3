// cli/cmd_runs.cpp: `medic runs list | show ID | cancel ID [--compensate]
// [--db PATH] [--json]`: the workflow journal. list and show read it (runs a
// crashed host left 'running' are shown as interrupted); cancel asks the host
// running the run to stop it at its next API call or limit check.
#include <signal.h>

#include <algorithm>
#include <cerrno>
#include <vector>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "command.hpp"
#include "common_flags.hpp"
#include "store/database.hpp"
#include "store/run_journal.hpp"

namespace medic::cli {
namespace {

bool pid_alive(int64_t pid) { return pid > 0 && (kill(pid_t(pid), 0) == 0 || errno == EPERM); }

int usage() {
    std::fprintf(stderr, "usage: medic runs list [--limit N] | show ID | cancel ID [--compensate]  [--db PATH]\n");
    return 2;
}

bool parse_id(const std::string& s, int64_t& id) {
    char* end = nullptr;
    long long v = std::strtoll(s.c_str(), &end, 10);
    if (s.empty() || *end != '\0' || v <= 0) return false;
    id = v;
    return true;
}

void show(store::RunJournal& j, const store::RunRow& r) {
    std::printf("run %lld  %s  %s  %s\n", (long long)r.id, r.workflow.c_str(), r.mode.c_str(), r.status.c_str());
    std::printf("  params: %s\n", r.params.c_str());
    if (!r.error.empty()) std::printf("  error: %s\n", r.error.c_str());
    if (!r.waiting_for.empty()) std::printf("  waiting for: %s\n", r.waiting_for.c_str());
    std::printf("  steps:\n");
    for (const auto& s : j.steps(r.id))
        std::printf("    %3lld  %-20s %-18s %s\n", (long long)s.seq, s.name.c_str(), s.status.c_str(), s.detail.c_str());
    std::printf("  log:\n");
    for (const auto& l : j.logs(r.id)) std::printf("    [%s] %s\n", l.level.c_str(), l.message.c_str());
}

int run_runs(const Args& args) {
    std::string db = std::getenv("MEDIC_DB") && *std::getenv("MEDIC_DB") ? std::getenv("MEDIC_DB") : "medic.db";
    std::vector<std::string> pos;
    bool compensate = false;
    int limit = 50;
    for (size_t i = 0; i < args.size(); i++) {
        if (args[i] == "--db" && i + 1 < args.size()) db = args[++i];
        else if (args[i] == "--limit" && i + 1 < args.size()) {
            std::string err;
            auto n = parse_whole("--limit", args[++i], 1, 1000000, &err);  // atoi read "x" as 1
            if (!n) return std::fprintf(stderr, "medic runs: %s\n", err.c_str()), 2;
            limit = int(*n);
        }
        else if (args[i] == "--compensate") compensate = true;
        else if (args[i].rfind("--", 0) == 0) return usage();
        else pos.push_back(args[i]);
    }
    if (pos.empty()) return usage();
    auto database = store::Database::open(db);
    store::RunJournal journal(*database);
    journal.mark_interrupted(pid_alive);
    if (pos[0] == "list" && pos.size() == 1) {
        for (const auto& r : journal.list(limit))
            std::printf("%6lld  %-12s %-8s %-30s %s\n", (long long)r.id, r.status.c_str(), r.mode.c_str(),
                        r.workflow.c_str(),
                        !r.error.empty() || r.waiting_for.empty() ? r.error.c_str()
                                                                  : ("waiting for: " + r.waiting_for).c_str());
        return 0;
    }
    int64_t id = 0;
    if (pos.size() != 2 || !parse_id(pos[1], id)) return usage();
    if (pos[0] == "show") {
        store::RunRow r;
        if (!journal.get(id, r)) return std::fprintf(stderr, "medic runs: no run %lld\n", (long long)id), 1;
        show(journal, r);
        return 0;
    }
    if (pos[0] == "cancel") {
        std::string err = journal.request_cancel(id, compensate);
        if (!err.empty()) return std::fprintf(stderr, "medic runs: %s\n", err.c_str()), 1;
        std::printf("cancel requested for run %lld%s\n", (long long)id, compensate ? " (with compensation)" : "");
        return 0;
    }
    return usage();
}

}  // namespace

MEDIC_COMMAND("runs", "list, show or cancel runbook runs from the journal", run_runs);

}  // namespace medic::cli
