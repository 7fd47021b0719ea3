// bench/actions/http_floor.cpp: what the three PD exchanges of one executed
// action cost by themselves, with no gate, no records and no fsync: the
// ceiling any write path built on libcurl against pdsim can reach here.
// One "action" = the exchanges an executed set_schedule_limit makes:
// GET /config/schedule (facts), POST /config/schedule (the change), GET
// /config/schedule (verification), through PdClient as the engine sends
// them. Prints, for 1 and 8 concurrent callers: exchanges-only actions/s,
// wall time per action, and the CPU per action of this process and of pdsim.
// Usage: bench_http_floor [N actions per case] (default 3000).
#include "pd/pd_client.hpp"
#include "support/pdsim_process.hpp"

#include "proc_cpu.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

using namespace medic;
using bench::cpu_seconds;

namespace {

const char* kItems[] = {"region", "leader", "replica", "merge", "hot-region", "region", "leader", "replica"};

bool one_action(pd::PdClient& pd, int thread, int i) {
    std::string body = "{\"" + std::string(kItems[thread % 8]) + "-schedule-limit\":" + std::to_string(100000 - i) + "}";
    return pd.schedule_config().ok() && pd.post("/config/schedule", body).ok() && pd.schedule_config().ok();
}

}  // namespace

int main(int argc, char** argv) {
    int n = argc > 1 ? std::atoi(argv[1]) : 3000;
    if (n < 100) return std::fprintf(stderr, "usage: bench_http_floor [N >= 100]\n"), 2;
    test::PdsimProcess sim({"--scenario", "balanced", "--step", "--seed", "1", "--tcp-nodelay"});
    auto client = pd::PdClient::create({{sim.url()}});
    if (!client) return std::fprintf(stderr, "bench: %s\n", client.error().to_string().c_str()), 1;
    auto& pd = *client.value();
    std::printf("# bench_http_floor: %d actions per case = GET + POST + GET /config/schedule each, pdsim on loopback\n", n);
    for (int threads : {1, 8}) {
        std::atomic<int> next{0}, failed{0};
        double cpu0 = cpu_seconds(::getpid()), sim0 = cpu_seconds(sim.pid());
        auto t0 = std::chrono::steady_clock::now();
        std::vector<std::thread> ts;
        for (int t = 0; t < threads; ++t)
            ts.emplace_back([&, t] {
                for (int i; (i = next++) < n;)
                    if (!one_action(pd, t, i)) ++failed;
            });
        for (auto& t : ts) t.join();
        double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        double cpu = (cpu_seconds(::getpid()) - cpu0) * 1e6 / n, sim_cpu = (cpu_seconds(sim.pid()) - sim0) * 1e6 / n;
        std::printf("exchanges only  threads=%d  %6.0f actions/s  wall %5.0f us/action per caller  CPU us/action: "
                    "client %.0f  pdsim %.0f  failed %d\n",
                    threads, n / secs, secs * 1e6 * threads / n, cpu, sim_cpu, failed.load());
        std::fflush(stdout);
    }
    return 0;
}
