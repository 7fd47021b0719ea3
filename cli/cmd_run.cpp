// cli/cmd_run.cpp: `medic run FILE.lua... [--arg k=v ...] [--pd URL]
// [--execute] [--json] [--cpu-limit S] [--wall-limit S] [--memory-limit MIB]
// [--db PATH] [--scenario NAME]`.
//
// Without --pd it starts an embedded pdsim (cli/embedded_pdsim, as `medic
// status` does) and says so on stderr.
// Each file is a separate run (its own sandboxed state) in this one host
// process, all on one scheduler running on a 16 MiB VM thread. Dry-run is the
// default; --execute runs live through the engine's safety gate. Every run,
// step, log line and action is journaled (--db, default $MEDIC_DB or
// medic.db). --json prints one JSON object per run on stdout. The exit code
// is non-zero when any run failed; each failure is also one line on stderr.
#include <signal.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "actions/service.hpp"
#include "approval_announcer.hpp"
#include "bindings/api/errors.hpp"
#include "bindings/lua/clock.hpp"
#include "bindings/lua/convert.hpp"
#include "bindings/lua/engine_services.hpp"
#include "bindings/lua/journal.hpp"
#include "bindings/lua/scheduler.hpp"
#include "bindings/lua/vm_thread.hpp"
#include "bindings/runner/runbook_source.hpp"
#include "command.hpp"
#include "common_flags.hpp"
#include "embedded_pdsim.hpp"
#include "model/monitor.hpp"
#include "pd/pd_client.hpp"
#include "store/database.hpp"
#include "store/run_journal.hpp"

namespace medic::cli {
namespace {

struct RunOptions {
    std::vector<std::string> files;
    std::vector<std::pair<std::string, std::string>> args;
    std::string pd, db, scenario = "balanced";
    bool execute = false, json = false;
    lua::Limits limits;
};

int usage() {
    std::fprintf(stderr,
                 "usage: medic run FILE.lua... [--arg k=v ...] [--pd URL] [--execute] [--json]\n"
                 "                 [--cpu-limit S] [--wall-limit S] [--memory-limit MIB] [--db PATH] [--scenario NAME]\n"
                 "  dry-run unless --execute; defaults: 2 s CPU, 64 MiB, 256 KiB log, deadline from the header\n"
                 "  without --pd an embedded pdsim is started (--scenario picks its scenario, default balanced)\n");
    return 2;
}

bool parse_number(const std::string& flag, const std::string& text, double max, double& out) {
    std::string err;
    std::optional<double> v = parse_positive(flag, text, &err);
    if (!v || *v > max) {
        std::fprintf(stderr, "medic run: %s must be a number in (0, %g], got '%s'\n", flag.c_str(), max, text.c_str());
        return false;
    }
    out = *v;
    return true;
}

/// Returns -1 when the options are fine, else the exit code.
int parse(const Args& args, RunOptions& o) {
    const char* env_db = std::getenv("MEDIC_DB");
    o.db = env_db && *env_db ? env_db : "medic.db";
    for (size_t i = 0; i < args.size(); i++) {
        const std::string& a = args[i];
        bool has_value = i + 1 < args.size();
        double v = 0;
        if (a == "--execute") o.execute = true;
        else if (a == "--json") o.json = true;
        else if (a == "--help" || a == "-h") return usage();
        else if (a.rfind("--", 0) == 0 && !has_value) return std::fprintf(stderr, "medic run: %s needs a value\n", a.c_str()), 2;
        else if (a == "--arg") {
            std::string kv = args[++i];
            size_t eq = kv.find('=');
            if (eq == std::string::npos || eq == 0)
                return std::fprintf(stderr, "medic run: --arg expects k=v, got '%s'\n", kv.c_str()), 2;
            o.args.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
        } else if (a == "--pd") o.pd = args[++i];
        else if (a == "--scenario") o.scenario = args[++i];
        else if (a == "--db") o.db = args[++i];
        else if (a == "--cpu-limit") {
            if (!parse_number(a, args[++i], 3600, v)) return 2;
            o.limits.cpu_s = v;
        } else if (a == "--wall-limit") {
            if (!parse_number(a, args[++i], 7 * 86400, v)) return 2;
            o.limits.wall_s = v;
        } else if (a == "--memory-limit") {
            if (!parse_number(a, args[++i], 4096, v)) return 2;
            o.limits.memory_bytes = size_t(v * 1024 * 1024);
        } else if (a.rfind("--", 0) == 0) return std::fprintf(stderr, "medic run: unknown option %s\n", a.c_str()), 2;
        else o.files.push_back(a);
    }
    return o.files.empty() ? usage() : -1;
}

std::string run_json(const lua::Run& r, double duration) {
    using lua::json_quote;
    std::string s = "{\"file\":" + json_quote(r.file) + ",\"run_id\":" + std::to_string(r.id) +
                    ",\"mode\":" + json_quote(lua::kRunModeNames[size_t(r.mode)]) +
                    ",\"status\":" + json_quote(r.status == lua::RunStatus::Ok ? "ok" : "error") +
                    ",\"outcome\":" + json_quote(lua::kRunStatusNames[size_t(r.status)]);
    if (r.failed) {
        const auto& f = r.failure;
        s += ",\"error\":{\"code\":" + json_quote(api::error_code_name(f.code)) + ",\"message\":" +
             json_quote(f.one_line()) + ",\"where\":" + json_quote(f.where) + ",\"api\":" + json_quote(f.api) +
             ",\"subject\":" + json_quote(f.subject) + "}";
    }
    s += ",\"duration_s\":" + lua::render_number(duration) + ",\"cpu_s\":" + lua::render_number(r.cpu_used_s);
    s += ",\"logs\":[";
    for (size_t i = 0; i < r.logs.size(); i++) {
        const auto& l = r.logs[i];
        s += (i ? "," : "") + std::string("{\"t\":") + lua::render_number(l.t) + ",\"level\":" + json_quote(l.level) +
             ",\"where\":" + json_quote(l.where) + ",\"message\":" + json_quote(l.message) +
             (l.fields.empty() ? "" : ",\"fields\":" + l.fields) + "}";
    }
    s += "],\"actions\":[";
    for (size_t i = 0; i < r.actions.size(); i++) {
        const auto& a = r.actions[i];
        s += (i ? "," : "") + std::string("{\"action\":") + json_quote(a.name) + ",\"where\":" + json_quote(a.where) +
             ",\"params\":" + a.params_json + ",\"mode\":" + json_quote(a.mode) + ",\"outcome\":" +
             json_quote(a.outcome) + ",\"audit_id\":" + json_quote(a.audit_id) + ",\"detail\":" + json_quote(a.detail) + "}";
    }
    s += "],\"steps\":[";
    for (size_t i = 0; i < r.steps.size(); i++)
        s += (i ? "," : "") + std::string("{\"name\":") + json_quote(r.steps[i].name) + ",\"state\":" +
             json_quote(r.steps[i].state) + "}";
    return s + "]}";
}

void print_human(const lua::Run& r, double duration) {
    for (const auto& l : r.logs)
        std::printf("  [%s] %s: %s%s%s\n", l.level.c_str(), l.where.c_str(), l.message.c_str(),
                    l.fields.empty() ? "" : " ", l.fields.c_str());
    for (const auto& a : r.actions)
        std::printf("  action %s %s %s -> %s: %s\n", a.name.c_str(), a.params_json.c_str(), a.mode.c_str(),
                    a.outcome.c_str(), a.detail.c_str());
    std::printf("%s: %s (%.1f ms, %zu log lines, %zu actions)\n", r.file.c_str(), lua::kRunStatusNames[size_t(r.status)],
                duration * 1000, r.logs.size(), r.actions.size());
}

bool pid_alive(int64_t pid) { return pid > 0 && (kill(pid_t(pid), 0) == 0 || errno == EPERM); }

/// The engine behind the runs: a PdClient (--pd, else an embedded pdsim),
/// a Monitor for snapshots and an ActionService (the gate). Members are
/// destroyed in reverse: the pdsim process outlives its clients.
struct Engine {
    std::unique_ptr<EmbeddedPdsim> sim;
    std::unique_ptr<pd::PdClient> pd;
    std::unique_ptr<model::Monitor> monitor;
    std::unique_ptr<actions::ActionService> actions;
};

std::string start_engine(const RunOptions& o, Engine& e) {
    CommonFlags flags;
    flags.pd = o.pd;
    std::string err;
    e.pd = connect_pd(flags, &e.sim, &err, o.scenario);  // announces an embedded pdsim on stderr
    if (!e.pd) return (o.pd.empty() ? "" : "--pd: ") + err;
    model::MonitorOptions mo;
    mo.db_path = o.db;
    e.monitor = std::make_unique<model::Monitor>(*e.pd, mo);
    e.monitor->request_full_refresh();
    auto rep = e.monitor->tick_once();
    // No stores read: every runbook would see an empty cluster and fail on a
    // wrong diagnosis ("store 4 does not exist"); say what is wrong instead.
    if (e.monitor->snapshot()->stores().empty() && !rep.errors.empty())
        return "cannot read the cluster from PD: " + rep.errors.front();
    for (const auto& m : rep.errors) std::fprintf(stderr, "medic run: pd: %s\n", m.c_str());
    actions::ServiceOptions so;
    so.db_path = o.db;
    so.pd = std::shared_ptr<pd::PdClient>(e.pd.get(), [](pd::PdClient*) {});
    e.actions = std::make_unique<actions::ActionService>(so);
    return "";
}

/// The snapshot runbooks read. Runbooks wait on observed state
/// (runbook.wait_until), so it must move while they run: a read more than
/// kTickEveryMs after the last tick ticks the Monitor again (stores, health,
/// operators), and the full region scan is redone when it is older than
/// kScanEveryMs, so cluster.regions after a wait sees the moves waited for.
/// Reads come from the VM thread; the mutex keeps a second caller safe.
class LiveSnapshot {
public:
    explicit LiveSnapshot(model::Monitor& m) : monitor_(m), last_tick_(now_ms()), last_scan_(last_tick_) {}
    model::SnapshotPtr get() {
        std::lock_guard lock(mu_);
        int64_t now = now_ms();
        if (now - last_tick_ >= kTickEveryMs) {
            if (now - last_scan_ >= kScanEveryMs) {
                monitor_.request_full_refresh();
                last_scan_ = now;
            }
            monitor_.tick_once();
            last_tick_ = now_ms();
        }
        return monitor_.snapshot();
    }

private:
    static constexpr int64_t kTickEveryMs = 1000, kScanEveryMs = 5000;
    static int64_t now_ms() {
        return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
            .count();
    }
    model::Monitor& monitor_;
    std::mutex mu_;
    int64_t last_tick_, last_scan_;
};

/// The journal, plus the lines a person at the terminal must see while the
/// run goes on (an approval to decide), echoed to stderr at once.
class CliServices : public lua::JournalServices {
public:
    using JournalServices::JournalServices;
    void on_log(lua::Run& r, const lua::LogLine& line) override {
        JournalServices::on_log(r, line);
        if (line.message.rfind("waiting for approval", 0) == 0)
            std::fprintf(stderr, "medic run: %s (run %lld): %s\n", r.file.c_str(), (long long)r.id, line.message.c_str());
    }
};

int run_run(const Args& args) {
    RunOptions o;
    if (int rc = parse(args, o); rc >= 0) return rc;
    std::vector<std::string> sources(o.files.size());
    for (size_t i = 0; i < o.files.size(); i++) {
        if (std::string why = lua::read_runbook_source(o.files[i], sources[i]); !why.empty())
            return std::fprintf(stderr, "medic run: %s\n", why.c_str()), 1;
    }
    auto db = store::Database::open(o.db);
    store::RunJournal journal(*db);
    if (int n = journal.mark_interrupted(pid_alive); n > 0)
        std::fprintf(stderr, "medic run: %d earlier run(s) were interrupted by a crash (see medic runs list)\n", n);
    Engine engine;
    if (std::string err = start_engine(o, engine); !err.empty())
        return std::fprintf(stderr, "medic run: %s\n", err.c_str()), 1;
    LiveSnapshot live(*engine.monitor);
    std::unique_ptr<ApprovalAnnouncer> announcer;
    if (o.execute) announcer = std::make_unique<ApprovalAnnouncer>(o.db, stderr);
    lua::EngineServices inner([&live]() { return live.get(); }, engine.actions.get());
    inner.set_operators([&engine] {
        auto ops = engine.pd->operators();
        if (!ops.ok()) throw api::HostError{api::ErrorCode::E_PD, "GET /operators: " + ops.error().to_string()};
        return std::move(ops.value());
    });
    CliServices services(journal, inner);
    lua::RealClock clock;
    int failed = 0;
    lua::run_on_vm_thread([&] {
        lua::Scheduler scheduler(clock, services);
        std::vector<lua::Run*> runs;
        for (size_t i = 0; i < o.files.size(); i++)
            runs.push_back(&scheduler.submit({o.files[i], sources[i], o.execute ? lua::RunMode::Live : lua::RunMode::DryRun,
                                              o.limits, o.args}));
        scheduler.run_until_idle();
        for (lua::Run* r : runs) {
            double duration = r->finished_at - r->started_at;
            if (o.json) std::printf("%s\n", run_json(*r, duration).c_str());
            else print_human(*r, duration);
            if (r->failed) {
                failed++;
                std::fprintf(stderr, "medic run: runbook %s failed at %s\n", r->file.c_str(), r->failure.one_line().c_str());
            }
        }
    });
    std::fflush(stdout);
    return failed ? 1 : 0;
}

}  // namespace

MEDIC_COMMAND("run", "run runbooks in the sandbox (dry-run unless --execute)", run_run);

}  // namespace medic::cli
