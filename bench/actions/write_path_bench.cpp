// bench/actions/write_path_bench.cpp: throughput and latency of the gated
// write path against pdsim over loopback HTTP, 1 and 8 concurrent callers
// (and 32, 64 beyond the definition).
//   executed: set_schedule_limit (threads 0-4, one config item each) and
//             set_store_limit (threads 5-7, one store each): facts GET(s),
//             gate, the action's records up to `executing` + the pd_request
//             audit row in one durable (synchronous=FULL, fsynced) commit
//             before the POST, the POST, verification GET(s) on observed
//             state, the outcome group-committed. Every action is a real PD
//             write verified on what PD then reports.
//   dry-run:  transfer_leader, one region per thread (facts from the shared
//             bounded-age cache, default max age 250 ms: region + stores +
//             operator GETs only when it is stale; validation, gate verdicts,
//             one record: action row, one transition row, one audit row),
//             nothing sent. Default: the record is deferred (queued, many
//             committed per batch within 2 ms, before any later batch,
//             flushed for readers in the process; service.hpp).
//   dry-run, committed: the same with defer_dry_run_records = false (the
//             record committed, NORMAL, before submit() returns).
//   32 and 64 threads (beyond the 1/8 definition): executed and
//             default dry-run against a second pdsim with 64 stores, so each
//             executed caller has a lock target of its own.
// After each case the service is destroyed (every record written) and the
// database is checked: actions recorded and the audit chain verified.
// Concurrent callers share commits (DbWriter group commit) and identical PD
// reads (ReadCoalescer: /stores, /config/...; never a read sent before the
// caller asked). Per case it prints actions/s, latency p50/p99, fsyncs per
// action (DbWriter::syncs, idle syncs included) and failures; executed cases
// also the mean time per phase of one action (ActionOutcome::phases), the
// CPU per action of the engine (this process) and of pdsim, fsyncs/s and
// actions per fsync.
// Usage: bench_actions [N per case] [case filter, e.g. "dry-run/8", "committed", "executed/64"] (default 4000).
// The filter is the second argument: N comes first (anything but a whole
// number >= 1, or a filter that names no case, is refused with exit 2).
#include "actions/service.hpp"
#include "store/db_writer.hpp"
#include "store/database.hpp"
#include "support/pdsim_process.hpp"

#include "proc_cpu.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

using namespace medic;
using bench::cpu_seconds;
using Clock = std::chrono::steady_clock;

namespace {

struct Result {
    double per_s = 0, p50_ms = 0, p99_ms = 0, max_ms = 0;
    int failed = 0;
    actions::PhaseTimes sum;  ///< phases summed over every action
};

struct Target {
    uint64_t region = 0, to_store = 0;  // dry-run: a follower of region
};

actions::ActionRequest request(bool dry, int t, int i, const std::vector<Target>& targets) {
    actions::ActionRequest r;
    r.actor = "user:bench";
    if (dry) {
        const auto& g = targets[size_t(t) % targets.size()];
        r.kind = "transfer_leader";
        r.params = {{"region", int64_t(g.region)}, {"to_store", int64_t(g.to_store)}};
        return r;
    }
    r.mode = actions::Mode::Execute;
    // One lock target per thread: medic serializes actions on one config
    // item or store (a second one is refused with "lock" and resubmitted).
    static const char* kItems[] = {"region", "leader", "replica", "merge", "hot-region"};
    // Beyond 8 threads (32, 64: the wide pdsim with 64 stores) thread t
    // sets store t-4's limit, so no two threads share a lock target.
    if (t < 5) {
        r.kind = "set_schedule_limit";
        r.params = {{"kind", std::string(kItems[t])}, {"limit", int64_t(100000 - i)}};
    } else {
        r.kind = "set_store_limit";
        r.params = {{"store", int64_t(t - 4)}, {"rate", double(1 + i % 5000)}, {"type", std::string("add-peer")}};
    }
    return r;
}

Result run(actions::ActionService& svc, int n, int threads, bool dry, const std::vector<Target>& targets) {
    std::vector<std::vector<double>> lat(threads);
    std::vector<actions::PhaseTimes> ph(threads);
    std::atomic<int> next{0}, failed{0};
    auto t0 = Clock::now();
    std::vector<std::thread> ts;
    for (int t = 0; t < threads; ++t)
        ts.emplace_back([&, t] {
            for (int i; (i = next++) < n;) {
                auto r = request(dry, t, i, targets);
                auto a = Clock::now();
                auto o = svc.submit(r);
                while (o.error_code == "lock") o = svc.submit(r);
                lat[t].push_back(std::chrono::duration<double, std::milli>(Clock::now() - a).count());
                auto& s = ph[t];
                s.facts_us += o.phases.facts_us, s.gate_us += o.phases.gate_us, s.durable_us += o.phases.durable_us;
                s.post_us += o.phases.post_us, s.verify_us += o.phases.verify_us, s.outcome_us += o.phases.outcome_us;
                if (!o.ok()) {
                    if (failed++ == 0) std::fprintf(stderr, "bench: %s: %s\n", o.error_code.c_str(), o.error.c_str());
                }
            }
        });
    for (auto& t : ts) t.join();
    double secs = std::chrono::duration<double>(Clock::now() - t0).count();
    std::vector<double> all;
    for (auto& v : lat) all.insert(all.end(), v.begin(), v.end());
    std::sort(all.begin(), all.end());
    actions::PhaseTimes sum;
    for (auto& s : ph) {
        sum.facts_us += s.facts_us, sum.gate_us += s.gate_us, sum.durable_us += s.durable_us;
        sum.post_us += s.post_us, sum.verify_us += s.verify_us, sum.outcome_us += s.outcome_us;
    }
    if (all.empty()) return {0, 0, 0, 0, failed.load(), sum};  // n < 1: main() refuses it; never index an empty vector
    return {n / secs, all[all.size() / 2], all[all.size() * 99 / 100], all.back(), failed.load(), sum};
}

std::vector<Target> dry_targets(pd::PdClient& pd) {
    std::vector<Target> out;
    for (uint64_t id = 1000; out.size() < 8 && id < 1400; id += 4) {
        auto r = pd.region(id);
        if (!r.ok() || !r.value() || !r.value()->has_leader()) continue;
        for (const auto& p : r.value()->peers)
            if (p.store_id != r.value()->leader.store_id) {
                out.push_back({id, p.store_id});
                break;
            }
    }
    return out;
}

// N must be a whole number >= 1 (at most 9 digits). std::atoi turned a
// filter given alone ("bench_actions dry-run/8"), --help or 0 into N = 0:
// every case then ran no action and indexed an empty latency vector (a
// crash right after pdsim started).
int parse_count(const char* arg) {
    std::string a = arg;
    if (a.empty() || a.size() > 9 || a.find_first_not_of("0123456789") != std::string::npos) return 0;
    return std::atoi(arg);
}

const char* const kCases[] = {"executed/1", "dry-run-committed/1", "dry-run/1", "executed/8", "dry-run-committed/8",
                              "dry-run/8", "executed/32", "dry-run/32", "executed/64", "dry-run/64"};

}  // namespace

int main(int argc, char** argv) {
    int n = argc > 1 ? parse_count(argv[1]) : 4000;
    std::string only = argc > 2 ? argv[2] : "";
    bool any_case = only.empty();
    for (const char* c : kCases) any_case = any_case || std::string(c).find(only) != std::string::npos;
    if (argc > 3 || n < 1 || !any_case) {
        std::fprintf(stderr, "usage: bench_actions [N >= 1 per case] [case filter: a part of one of");
        for (const char* c : kCases) std::fprintf(stderr, " %s", c);
        std::fprintf(stderr, "]\n");
        return 2;
    }
    test::PdsimProcess sim({"--scenario", "balanced", "--step", "--seed", "1", "--tcp-nodelay"});
    auto client = pd::PdClient::create({{sim.url()}});
    std::shared_ptr<pd::PdClient> pd(std::move(client.value()));
    // 32 and 64 callers (beyond the 1/8 definition): each executed
    // caller needs a lock target of its own, so they run against a second
    // pdsim with 64 stores (started only when such a case is selected).
    std::unique_ptr<test::PdsimProcess> wide_sim;
    std::shared_ptr<pd::PdClient> wide_pd;
    std::vector<Target> wide_targets;
    auto targets = dry_targets(*pd);
    if (targets.size() < 8) return std::fprintf(stderr, "bench: fewer than 8 regions with a leader\n"), 1;
    auto dir = std::filesystem::temp_directory_path() / ("medic-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    safety::Policy policy;
    policy.autonomy = 3;
    policy.global_rate_per_s = policy.kind_rate_per_s = policy.global_burst = policy.kind_burst = 1e9;
    policy.cooldown_ms = 0;
    std::printf("# bench_actions: %d actions per case, pdsim on loopback, 2-core shared machine\n", n);
    for (int threads : {1, 8, 32, 64}) {
        for (int mode : {0, 1, 2}) {  // executed, dry-run committed before submit() returns, dry-run deferred (default)
            bool dry = mode > 0;
            bool wide = threads > 8;
            if (wide && mode == 1) continue;
            std::string name = std::string(mode == 0 ? "executed/" : mode == 1 ? "dry-run-committed/" : "dry-run/") +
                               std::to_string(threads);
            if (!only.empty() && name.find(only) == std::string::npos) continue;
            if (wide && !wide_sim) {
                wide_sim = std::make_unique<test::PdsimProcess>(std::vector<std::string>{
                    "--scenario", "balanced", "--stores", "64", "--step", "--seed", "1", "--tcp-nodelay"});
                auto c = pd::PdClient::create({{wide_sim->url()}});
                wide_pd = std::shared_ptr<pd::PdClient>(std::move(c.value()));
                wide_targets = dry_targets(*wide_pd);
                if (wide_targets.size() < 8) return std::fprintf(stderr, "bench: wide pdsim: fewer than 8 regions\n"), 1;
            }
            auto db = (dir / ("b" + std::to_string(threads) + "m" + std::to_string(mode) + ".db")).string();
            actions::ServiceOptions o;
            o.db_path = db;
            o.pd = wide ? wide_pd : pd;
            o.durable = true;
            o.policy = policy;
            o.verify_poll_ms = 1;
            o.defer_dry_run_records = mode == 2;
            auto svc = std::make_unique<actions::ActionService>(o);
            uint64_t syncs0 = svc->writer().syncs(), frames0 = svc->writer().frames();
            pid_t sim_pid = wide ? wide_sim->pid() : sim.pid();
            double cpu0 = cpu_seconds(::getpid()), sim_cpu0 = cpu_seconds(sim_pid);
            auto t0 = Clock::now();
            auto res = run(*svc, n, threads, dry, wide ? wide_targets : targets);
            double run_s = std::chrono::duration<double>(Clock::now() - t0).count();
            double cpu_us = (cpu_seconds(::getpid()) - cpu0) * 1e6 / n, sim_cpu_us = (cpu_seconds(sim_pid) - sim_cpu0) * 1e6 / n;
            double fsyncs = double(svc->writer().syncs() - syncs0) / n;
            double frames = double(svc->writer().frames() - frames0) / n;
            svc.reset();  // every record written (deferred ones included)
            double drained_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
            auto check = store::Database::open(db);
            auto& rows = check->prepare("SELECT count(*) FROM actions");
            int64_t recorded = rows.step() ? rows.column_int(0) : 0;
            rows.reset();
            bool chain_ok = store::verify_audit(*check).ok;
            std::printf("%-26s threads=%-2d %7.0f actions/s  p50 %6.2f ms  p99 %7.2f ms  max %7.2f ms  fsyncs/action %.3f  failed %d"
                        "  recorded %lld/%d (all in %.0f ms) audit %s\n",
                        mode == 0 ? (wide ? "executed (beyond 1/8 def)" : "executed (durable audit)")
                        : mode == 1 ? "dry-run, committed" : (wide ? "dry-run (beyond 1/8 def)" : "dry-run (default)"),
                        threads, res.per_s, res.p50_ms, res.p99_ms, res.max_ms, fsyncs, res.failed, (long long)recorded, n, drained_ms,
                        chain_ok ? "ok" : "BROKEN");
            if (!dry) {
                const auto& s = res.sum;
                auto m = [&](int64_t v) { return double(v) / n; };
                std::printf("    phases, mean us/action: facts %.0f  gate %.0f  durable %.0f  post %.0f  verify %.0f  outcome %.0f"
                            "  | CPU us/action: engine %.0f  pdsim %.0f  | fsyncs/s %.0f  actions/fsync %.2f  WAL pages/action %.1f\n",
                            m(s.facts_us), m(s.gate_us), m(s.durable_us), m(s.post_us), m(s.verify_us), m(s.outcome_us),
                            cpu_us, sim_cpu_us, fsyncs * n / run_s, fsyncs > 0 ? 1 / fsyncs : 0.0, frames);
            } else {
                std::printf("    CPU us/action: engine %.0f  pdsim %.0f  WAL pages/action %.1f\n", cpu_us, sim_cpu_us, frames);
            }
            std::fflush(stdout);  // figures appear as they are measured, also through a pipe
        }
    }
    std::filesystem::remove_all(dir);
    return 0;
}
