// cli/cmd_demo.cpp: `medic demo [--headless] [--db PATH]`, the README's
// first command. With $DISPLAY and a GUI build it starts pdsim (real-time
// clock x4), spawns `medic gui` on a demo database whose autonomy makes a
// person approve every action, and plays the drills chapter by chapter on
// the terminal: it injects each fault, says what to look at, and waits for
// the incident to close (or the window to close). Without a display (or
// with --headless) it runs every drill with auto-approve on a simulated
// clock, says so, and prints the drill reports.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

#include <simdjson.h>

#include "bindings/drill/embedded_pdsim.hpp"
#include "bindings/drill/session.hpp"
#include "command.hpp"
#include "common_flags.hpp"
#include "drill_runner.hpp"
#include "store/database.hpp"
#include "store/settings_store.hpp"

namespace {

using namespace medic::cli;
namespace drill = medic::drill;
namespace store = medic::store;

constexpr double kSpeed = 4;  // pdsim clock speed in the GUI demo

int headless(const std::string& why) {
    std::printf("medic demo: %s -> running every drill headless on a simulated clock.\n"
                "Every proposal is AUTO-APPROVED by \"drill:auto-approve\" (recorded as such in the audit log),\n"
                "because no person can click Approve without a window.\n\n",
                why.c_str());
    std::fflush(stdout);
    DrillOptions o;
    o.auto_approve = true;
    int failed = 0;
    for (const auto& d : drill_catalog()) {
        DrillReport r = run_drill(d, o);
        if (!r.passed) ++failed;
        print_drill_report(r, stdout);
        std::printf("\n");
        std::fflush(stdout);
    }
    std::printf("medic demo: %zu drill(s), %d failed\n", drill_catalog().size(), failed);
    return failed == 0 ? 0 : 1;
}

std::string self_exe() {
    char buf[PATH_MAX];
    ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
    return n > 0 ? std::string(buf, size_t(n)) : "medic";
}

bool alive(pid_t pid) {
    int st = 0;
    return ::waitpid(pid, &st, WNOHANG) == 0;
}

/// Poll the demo database until `sql` (one integer column, first row) is > 0,
/// the window closes, or `limit_s` passes. Returns the value (0 on give-up).
long long wait_for(store::Database& db, const std::string& sql, long long bind, pid_t gui, double limit_s) {
    auto t0 = std::chrono::steady_clock::now();
    while (alive(gui)) {
        auto& q = db.prepare(sql);
        q.bind(1, int64_t(bind));
        long long v = q.step() ? q.column_int(0) : 0;
        q.reset();
        if (v > 0) return v;
        if (std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() > limit_s) return 0;
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
    return 0;
}

void chaos_call(const drill::EmbeddedPdsim& sim, const ChaosCall& c) {
    if (c.path.empty()) drill::http_call("DELETE", sim.url() + "/chaos");
    else sim.chaos(c.path, resolve_chaos_body(sim.url(), c));
    std::printf("   chaos: %s\n", c.what.c_str());
    if (c.after_s > 0) std::this_thread::sleep_for(std::chrono::duration<double>(c.after_s / kSpeed));
}

/// Run a runbook live in this process against the demo's PD and database;
/// what it submits waits for a click in the window like everything else.
void run_live(const std::string& name, const std::vector<std::pair<std::string, std::string>>& args,
              const drill::EmbeddedPdsim& sim, const std::string& db_path) {
    std::string file = find_runbook(name);
    if (file.empty()) {
        std::printf("   (runbook %s.lua not found: set MEDIC_WORKFLOWS)\n", name.c_str());
        return;
    }
    try {
        drill::SessionOptions so;
        so.pd_url = sim.url();
        so.db_path = db_path;
        so.auto_approve = false;       // a person decides, in the window
        so.private_incidents = true;   // the window's engine already monitors this database
        drill::Session s(so);
        drill::RunOptions ro;
        ro.args = args;
        drill::RunReport r = s.run_runbook(file, ro);
        std::printf("   %s: %s%s\n", name.c_str(), r.status.c_str(), r.error.empty() ? "" : (" " + r.error).c_str());
    } catch (const std::exception& e) {
        std::printf("   %s could not run: %s\n", name.c_str(), e.what());
    }
    std::fflush(stdout);
}

/// The operator's follow-up runbook (e.g. restore_leaders after a replaced node is back).
void followup(const Drill& d, const drill::EmbeddedPdsim& sim, const std::string& db_path) {
    if (d.followup_runbook.empty()) return;
    std::string shown = d.followup_runbook;
    for (const auto& [k, v] : d.followup_args) shown += " " + k + "=" + v;
    std::printf("   operator: runs %s (approve its actions in the window)\n", shown.c_str());
    std::fflush(stdout);
    run_live(d.followup_runbook, d.followup_args, sim, db_path);
}

/// The runbook steps of a recorded proposal's plan: {name, args}.
std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::string>>>> runbook_steps(
    store::Database& db, long long proposal) {
    std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::string>>>> out;
    auto& q = db.prepare("SELECT body FROM proposals WHERE id = ?1");
    q.bind(1, int64_t(proposal));
    std::string body = q.step() ? q.column_text(0) : "";
    q.reset();
    simdjson::dom::parser p;
    simdjson::dom::array plan;
    if (body.empty() || p.parse(body)["plan"].get(plan)) return out;
    for (simdjson::dom::element st : plan) {
        std::string_view kind, runbook;
        if (st["kind"].get(kind) || kind != "run_runbook" || st["runbook"].get(runbook)) continue;
        std::vector<std::pair<std::string, std::string>> args;
        simdjson::dom::object params;
        if (!st["params"].get(params))
            for (auto [k, v] : params) {
                std::string text;
                if (v.is_string()) text = std::string(v.get_string().value());
                else text = simdjson::minify(v);
                args.emplace_back(std::string(k), text);
            }
        out.emplace_back(std::string(runbook), std::move(args));
    }
    return out;
}

int play_chapter(int n, const Drill& d, const drill::EmbeddedPdsim& sim, store::Database& db, pid_t gui) {
    std::printf("\nChapter %d: %s\n   %s\n", n, d.name.c_str(), d.summary.c_str());
    long long since = (long long)std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch()).count();
    for (const auto& c : d.inject) chaos_call(sim, c);
    std::printf("   Look: %s.\n", d.watch.c_str());
    std::fflush(stdout);
    long long inc = wait_for(db, "SELECT max(id) FROM incidents WHERE status = 'open' AND opened_at_ms >= ?1 AND kind LIKE '" +
                                     d.expect_incidents[0] + "%'", since, gui, 180);
    if (!inc) return alive(gui) ? (std::printf("   no incident within 3 minutes; next chapter\n"), 0) : -1;
    std::printf("   incident #%lld opened (Incidents panel). Waiting for the advisor's proposal...\n", inc);
    std::fflush(stdout);
    long long prop = wait_for(db, "SELECT max(id) FROM proposals WHERE incident_id = ?1", inc, gui, 60);
    if (prop) {
        std::printf("   proposal #%lld is in the Proposal panel: read the diagnosis, evidence and plan, then click "
                    "Approve (or Reject).\n   (from another terminal: medic actions list --db %s; medic actions "
                    "approve ID --db %s)\n",
                    prop, db.path().c_str(), db.path().c_str());
        std::fflush(stdout);
        // A runbook plan is one approval in the window ("start runbook X");
        // the window then starts the run, whose actions ask for Approve too.
        auto books = runbook_steps(db, prop);
        for (const auto& [name, args] : books) {
            std::printf("   the plan runs runbook %s: Approve starts it in the window; approve its actions there too\n"
                        "   (each next question comes up by itself after a decision; 'Next waiting (N)' jumps to it.\n"
                        "    Low-risk moves such as transfer_leader run without a click at autonomy 2, set in the\n"
                        "    Autonomy panel; medium and higher still wait for you.)\n",
                        name.c_str());
            std::fflush(stdout);
            // Names come from the advisor's plan: only a runbook file name is used in the query.
            if (name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos) continue;
            // A run that was already going when this chapter began counts
            // once it ends: the window does not ask for the same runbook
            // twice (the new proposal is recorded as superseded).
            if (wait_for(db, "SELECT count(*) FROM runs WHERE workflow LIKE '%/" + name +
                                 ".lua' AND status != 'running' AND (started_at_ms >= ?1 OR finished_at_ms >= ?1)",
                         since, gui, 900))
                std::printf("   runbook %s finished (Runbooks panel)\n", name.c_str());
        }
        if (books.empty())
            wait_for(db, "SELECT count(*) FROM actions WHERE proposal_id = ?1 AND status NOT IN "
                     "('proposed','validated','awaiting_approval','approved','executing','verifying')",
                 prop, gui, 600);
    }
    if (!alive(gui)) return -1;
    for (const auto& c : d.repair) chaos_call(sim, c);
    followup(d, sim, db.path());
    std::printf("   waiting for incident #%lld to close...\n", inc);
    std::fflush(stdout);
    if (wait_for(db, "SELECT count(*) FROM incidents WHERE id = ?1 AND status != 'open'", inc, gui, 600))
        std::printf("   incident #%lld closed: chapter %d done.\n", inc, n);
    else if (alive(gui))
        std::printf("   incident #%lld still open after 10 minutes; clearing the faults and moving on.\n", inc);
    drill::http_call("DELETE", sim.url() + "/chaos");
    return alive(gui) ? 0 : -1;
}

int with_gui(const std::string& db_path) {
    drill::EmbeddedPdsim sim({"--scenario", "balanced", "--stores", "6", "--regions", "600", "--speed",
                              std::to_string(int(kSpeed))});
    {
        auto db = store::Database::open(db_path);
        store::set_setting(*db, "autonomy", "1", "demo");          // every action needs a person
        store::set_setting(*db, "observe_only", "0", "demo");
        store::set_setting(*db, "execution_mode", "live", "demo");  // an approved action really runs
        store::set_setting(*db, "kill_switch", "off", "demo");
    }
    std::string exe = self_exe();
    pid_t gui = ::fork();
    if (gui == 0) {
        ::execl(exe.c_str(), exe.c_str(), "gui", "--pd", sim.url().c_str(), "--db", db_path.c_str(), (char*)nullptr);
        std::perror("medic demo: exec medic gui");
        ::_exit(127);
    }
    if (gui < 0) return fail("demo", "cannot start medic gui");
    std::printf("medic demo: pdsim at %s (clock x%g), database %s, window: medic gui (pid %d).\n"
                "Autonomy is 1: every action the advisor proposes waits for YOUR click on Approve.\n",
                sim.url().c_str(), kSpeed, db_path.c_str(), int(gui));
    auto db = store::Database::open(db_path);
    std::this_thread::sleep_for(std::chrono::seconds(3));
    int n = 0;
    for (const auto& d : drill_catalog())
        if (play_chapter(++n, d, sim, *db, gui) < 0) break;
    if (alive(gui)) {
        std::printf("\nThe demo is over; the window stays open until you close it.\n");
        std::fflush(stdout);
        int st = 0;
        ::waitpid(gui, &st, 0);
    } else {
        std::printf("\nThe window was closed; demo ended.\n");
    }
    return 0;
}

int run_demo(const Args& args) {
    CommonFlags f;
    if (auto e = parse_common_flags(args, f)) return fail("demo", *e, 2);
    bool force_headless = take_switch(f.rest, "--headless");
    if (!f.rest.empty()) return fail("demo", "unknown argument " + f.rest[0] + " (usage: medic demo [--headless] [--db PATH])", 2);
    const char* display = std::getenv("DISPLAY");
    if (force_headless) return headless("--headless given");
    if (!display || !*display) return headless("no $DISPLAY");
    if (commands().count("gui") == 0) return headless("this medic was built without the GUI");
    try {
        return with_gui(f.db_given ? f.db : "medic-demo.db");
    } catch (const std::exception& e) {
        return fail("demo", e.what());
    }
}

}  // namespace

MEDIC_COMMAND("demo", "the chaos demo: drills against an embedded pdsim (GUI with $DISPLAY, else headless)", run_demo);
