// bench/actions/write_path_bench.cpp: throughput and latency of the gated
// write path against pdsim over loopback HTTP.
//   executed: set_schedule_limit (facts GET, gate, durable group-commit audit
//             before the POST, POST, verification GET) — every action a real
//             PD write that is verified on observed state;
//   dry-run:  transfer_leader (region + stores + operator GETs, validation,
//             gate verdicts, audit) — nothing sent.
// Usage: bench_actions [N per run] (default 4000). Prints one line per case.
#include "actions/service.hpp"
#include "support/pdsim_process.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

using namespace medic;
using Clock = std::chrono::steady_clock;

namespace {

struct Result {
    double per_s = 0, p50_ms = 0, p99_ms = 0;
    int failed = 0;
};

Result run(actions::ActionService& svc, int n, int threads, bool dry, uint64_t region, uint64_t to_store) {
    std::vector<std::vector<double>> lat(threads);
    std::atomic<int> next{0}, failed{0};
    auto t0 = Clock::now();
    std::vector<std::thread> ts;
    for (int t = 0; t < threads; ++t)
        ts.emplace_back([&, t] {
            for (int i; (i = next++) < n;) {
                actions::ActionRequest r;
                r.actor = "user:bench";
                if (dry) {
                    r.kind = "transfer_leader";
                    r.params = {{"region", int64_t(region)}, {"to_store", int64_t(to_store)}};
                } else {
                    r.kind = "set_schedule_limit";
                    // One config item per thread where possible; two actions on one
                    // item are serialized by medic's lock (refused with "lock",
                    // resubmitted below).
                    static const char* kItems[] = {"region", "leader", "replica", "merge", "hot-region"};
                    r.params = {{"kind", std::string(kItems[t % 5])}, {"limit", int64_t(100000 - i)}};
                    r.mode = actions::Mode::Execute;
                }
                auto a = Clock::now();
                auto o = svc.submit(r);
                while (o.error_code == "lock") o = svc.submit(r);
                lat[t].push_back(std::chrono::duration<double, std::milli>(Clock::now() - a).count());
                if (!o.ok()) failed++;
            }
        });
    for (auto& t : ts) t.join();
    double secs = std::chrono::duration<double>(Clock::now() - t0).count();
    std::vector<double> all;
    for (auto& v : lat) all.insert(all.end(), v.begin(), v.end());
    std::sort(all.begin(), all.end());
    return {n / secs, all[all.size() / 2], all[all.size() * 99 / 100], failed.load()};
}

}  // namespace

int main(int argc, char** argv) {
    int n = argc > 1 ? std::atoi(argv[1]) : 4000;
    std::string only = argc > 2 ? argv[2] : "";  // e.g. "dry-run/8": run only matching cases
    test::PdsimProcess sim({"--scenario", "balanced", "--step", "--seed", "1"});
    auto client = pd::PdClient::create({{sim.url()}});
    std::shared_ptr<pd::PdClient> pd(std::move(client.value()));
    auto regions = pd->scan_regions([](const pd::Region&) {});
    (void)regions;
    auto r = pd->region(1000);
    if (!r.ok() || !r.value()) return std::fprintf(stderr, "bench: region 1000 missing\n"), 1;
    uint64_t to = 0;
    for (const auto& p : r.value()->peers)
        if (p.store_id != r.value()->leader.store_id) to = p.store_id;
    auto dir = std::filesystem::temp_directory_path() / ("medic-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    safety::Policy policy;
    policy.autonomy = 3;
    policy.global_rate_per_s = policy.kind_rate_per_s = policy.global_burst = policy.kind_burst = 1e9;
    policy.cooldown_ms = 0;
    std::printf("# bench_actions: %d actions per case, pdsim on loopback, 2-core shared machine\n", n);
    for (bool durable : {true}) {
        for (int threads : {1, 8}) {
            for (bool dry : {false, true}) {
                std::string name = std::string(dry ? "dry-run/" : "executed/") + std::to_string(threads);
                if (!only.empty() && name.find(only) == std::string::npos) continue;
                auto db = (dir / ("b" + std::to_string(threads) + (dry ? "d" : "x") + ".db")).string();
                actions::ServiceOptions o;
                o.db_path = db;
                o.pd = pd;
                o.durable = durable;
                o.policy = policy;
                o.verify_poll_ms = 1;
                actions::ActionService svc(o);
                auto res = run(svc, n, threads, dry, r.value()->id, to);
                std::printf("%-34s threads=%d  %8.0f actions/s  p50 %.2f ms  p99 %.2f ms  failed %d\n",
                            dry ? "dry-run transfer_leader" : "executed set_schedule_limit (FULL)", threads, res.per_s,
                            res.p50_ms, res.p99_ms, res.failed);
                std::fflush(stdout);  // figures appear as they are measured, also through a pipe
            }
        }
    }
    std::filesystem::remove_all(dir);
    return 0;
}
