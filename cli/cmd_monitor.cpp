// cli/cmd_monitor.cpp: `medic monitor [--pd URL[,URL]] [--db PATH] [--json]
//   [--interval S] [--scan-interval S] [--scan-page N] [--region-grace S] [--duration S] [--scenario NAME]
//   [--propose [--execute] [--workflows DIR] [--readvise S]]`
// (--scan-page N: full scans in pages of N regions instead of one streamed
// /regions; see PdClientOptions::scan_page_regions. --region-grace S: a
// region with pending or extra peers counts once listed for S seconds
// (default 30) with no PD operator on it; 0 = at once, see region_grace.hpp).
// Runs the Monitor and prints incidents as they open and close (JSON lines
// with --json), recording them in the database. Stops on SIGINT/SIGTERM or
// after --duration seconds. --propose also runs the incident -> proposal
// pipeline (monitor_proposer.hpp): plans as dry-runs, or gated live actions
// with --execute, approved with `medic actions approve ID` elsewhere;
// --readvise S: an incident still open S s (default 60) after its last
// proposal settled is advised again, and a changed plan is proposed.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <mutex>
#include <thread>

#include "command.hpp"
#include "common_flags.hpp"
#include "embedded_pdsim.hpp"
#include "bindings/runner/workflows_dir.hpp"
#include "monitor_proposer.hpp"
#include "model/json_out.hpp"
#include "model/monitor.hpp"

namespace medic::cli {

namespace {

volatile std::sig_atomic_t g_stop = 0;
void on_signal(int) { g_stop = 1; }

std::string iso_time(int64_t ms) {
    std::time_t t = std::time_t(ms / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string event_line(const model::IncidentEvent& e, bool json) {
    const auto& i = e.incident;
    bool opened = e.type == model::IncidentEvent::Type::Opened;
    if (json) {
        model::JsonOut j;
        j.begin_object().kv("event", opened ? "opened" : "closed").kv("id", i.id).kv("key", i.dedup_key);
        j.kv("kind", i.kind).kv("subject", i.subject).kv("severity", store::severity_name(i.severity));
        j.kv("summary", i.summary).kv("at_ms", i.updated_at_ms).key("evidence").raw(i.evidence).end_object();
        return j.str();
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, "#%lld", (long long)i.id);
    return iso_time(i.updated_at_ms) + (opened ? " OPENED " : " CLOSED ") + buf + " " + store::severity_name(i.severity) +
           " " + i.dedup_key + ": " + i.summary;
}

int run_monitor(const Args& args) {
    CommonFlags flags;
    if (auto err = parse_common_flags(args, flags)) return fail("monitor", *err, 2);
    std::string interval = "1", scan = "60", duration, scenario = "balanced", page, err;
    take_flag(flags.rest, "--interval", &interval, &err);
    take_flag(flags.rest, "--scan-page", &page, &err);
    take_flag(flags.rest, "--scan-interval", &scan, &err);
    take_flag(flags.rest, "--duration", &duration, &err);
    take_flag(flags.rest, "--scenario", &scenario, &err);
    std::string grace, workflows, readvise;
    take_flag(flags.rest, "--region-grace", &grace, &err);
    take_flag(flags.rest, "--workflows", &workflows, &err);
    take_flag(flags.rest, "--readvise", &readvise, &err);
    bool propose = take_switch(flags.rest, "--propose"), execute = take_switch(flags.rest, "--execute");
    if (!err.empty()) return fail("monitor", err, 2);
    if (execute && !propose) return fail("monitor", "--execute needs --propose (it makes proposals' plans live)", 2);
    if (!workflows.empty() && !propose) return fail("monitor", "--workflows needs --propose", 2);
    if (!readvise.empty() && !propose) return fail("monitor", "--readvise needs --propose", 2);
    double readvise_s = 60;
    if (!readvise.empty()) {
        auto rv = parse_positive("--readvise", readvise, &err);
        if (!err.empty() || *rv > 86400)
            return fail("monitor", "--readvise must be a positive number of seconds up to 86400, got '" + readvise + "'", 2);
        readvise_s = *rv;
    }
    std::string workflows_dir = propose ? lua::find_workflows_dir(workflows) : "";
    if (!workflows.empty() && workflows_dir.empty())
        return fail("monitor", "--workflows " + workflows + " is not a directory", 2);
    if (!flags.rest.empty()) return fail("monitor", "unknown argument '" + flags.rest[0] + "'", 2);
    auto iv = parse_positive("--interval", interval, &err);
    auto sv = parse_positive("--scan-interval", scan, &err);
    std::optional<double> dv;
    if (!duration.empty()) dv = parse_positive("--duration", duration, &err);
    pd::PdClientOptions po;
    if (!page.empty()) po.scan_page_regions = parse_page_size(page, &err);
    if (!err.empty()) return fail("monitor", err, 2);
    model::MonitorOptions mo;
    if (grace == "0") {
        mo.region_grace.kinds.clear();
    } else if (!grace.empty()) {
        auto gv = parse_positive("--region-grace", grace, &err);
        if (!err.empty()) return fail("monitor", "--region-grace must be 0 (off) or a positive number of seconds, got '" + grace + "'", 2);
        if (*gv > 86400) return fail("monitor", "--region-grace must be at most 86400 seconds, got '" + grace + "'", 2);
        mo.region_grace.ms = int64_t(*gv * 1000);
    }
    mo.tick_ms = int(*iv * 1000);
    mo.scan_interval_ms = int(*sv * 1000);
    mo.db_path = flags.db;
    std::unique_ptr<EmbeddedPdsim> sim;
    auto client = connect_pd(flags, &sim, &err, scenario, po);
    if (!client) return fail("monitor", err);
    std::unique_ptr<model::Monitor> mon;
    try {
        mon = std::make_unique<model::Monitor>(*client, mo);
    } catch (const std::exception& e) {
        return fail("monitor", e.what());
    }
    // The first tick decides whether there is a PD to watch at all: nothing
    // answered (no stores) is a one-line error and exit 1, not a monitor that
    // starts and reports failures forever. Later outages become incidents.
    auto first = mon->tick_once();
    if (mon->snapshot()->stores().empty() && !first.errors.empty()) return fail("monitor", first.errors.front());
    for (const auto& e : first.errors) std::fprintf(stderr, "medic monitor: warning: %s\n", e.c_str());
    std::mutex out_mu;
    auto print = [&](const model::IncidentEvent& e) {
        std::lock_guard<std::mutex> lk(out_mu);
        std::printf("%s\n", event_line(e, flags.json).c_str());
        std::fflush(stdout);
    };
    std::fprintf(stderr, "medic monitor: watching %s every %.3g s, incidents in %s\n",
                 client->preferred_endpoint().c_str(), *iv, flags.db.c_str());
    for (const auto& e : first.events) print(e);
    mon->on_incident(print);
    std::unique_ptr<MonitorProposer> proposer;
    if (propose) {
        ProposerOptions popts{flags.db, execute, workflows_dir, flags.json, readvise_s};
        proposer = std::make_unique<MonitorProposer>(popts, *client, *mon, [&](const std::string& line) {
            std::lock_guard<std::mutex> lk(out_mu);
            std::printf("%s\n", line.c_str());
            std::fflush(stdout);
        });
        if (auto perr = proposer->start(); !perr.empty()) return fail("monitor", perr);
        std::fprintf(stderr, "medic monitor: proposing fixes for incidents, plans %s%s\n",
                     execute ? "live (gated; approve with `medic actions approve ID`)" : "as dry-runs",
                     popts.workflows_dir.empty() ? "; no workflows directory, runbook plans are not started" : "");
    }
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    mon->start();
    auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(int64_t(dv.value_or(0) * 1000));
    while (!g_stop && (!dv || std::chrono::steady_clock::now() < until))
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    proposer.reset();  // before the Monitor it reads snapshots from
    mon->stop();
    return 0;
}

}  // namespace

MEDIC_COMMAND("monitor", "watch PD and print incidents as they open and close", run_monitor);

}  // namespace medic::cli
