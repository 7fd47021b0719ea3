// bench/ingest/ingest_bench.cpp: /regions ingest at several cluster sizes.
// For each size: start pdsim, fetch /regions with PdClient, then time
// parse+build into a RegionTable (best of 3), report regions/s/core, bytes
// per region, peak RSS of a child process that only loads the body and
// ingests it (vs the body size), and the same body through Python's
// json.loads + per-region objects.
// usage: ingest_bench [N ...]   (default 10000 100000 1000000)
//        ingest_bench --keep N ...  (also keep /tmp/medic-ingest-N.json)
//        ingest_bench --file BODY   (parse+build one saved body once, e.g.
//                                    under valgrind --tool=callgrind)
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "model/region_table.hpp"
#include "pd/pd_client.hpp"
#include "pd/pd_json.hpp"
#include "support/pdsim_process.hpp"

using namespace medic;
using Clock = std::chrono::steady_clock;

namespace {

bool g_keep = false;

double secs(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

// CPU seconds of this thread: the machine is shared, so per-core throughput
// is measured in CPU time, not wall time.
double cpu_now() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

std::shared_ptr<const model::RegionTable> ingest(const std::string& body, uint64_t* n) {
    model::RegionTable::Builder b;
    b.reserve(size_t(double(body.size()) / 420) + 16);  // rough: bytes per region in /regions
    auto r = pd::for_each_region(body, "/regions", [&](const pd::Region& g) { b.add(g); });
    if (!r) {
        std::fprintf(stderr, "%s\n", r.error().to_string().c_str());
        return nullptr;
    }
    *n = r.value();
    return b.build(3);
}

// Peak RSS (KiB) of a child that reads the body file and ingests it.
long child_peak_rss_kib(const std::string& file) {
    pid_t pid = fork();
    if (pid == 0) {
        std::ifstream in(file, std::ios::binary);
        std::string body;
        in.seekg(0, std::ios::end);
        body.reserve(size_t(in.tellg()) + 64);
        in.seekg(0);
        body.assign(std::istreambuf_iterator<char>(in), {});
        uint64_t n = 0;
        auto t = ingest(body, &n);
        _exit(t ? 0 : 1);
    }
    int status = 0;
    rusage ru{};
    wait4(pid, &status, 0, &ru);
    return ru.ru_maxrss;
}

double python_seconds(const std::string& file) {
    std::string cmd = std::string("python3 ") + MEDIC_PY_BASELINE + " " + file;
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return -1;
    unsigned long long n = 0;
    double s = -1;
    if (std::fscanf(p, "%llu %lf", &n, &s) != 2) s = -1;
    pclose(p);
    return s;
}

void run(size_t regions) {
    size_t stores = regions >= 100000 ? 20 : 8;
    test::PdsimProcess sim({"--step", "--stores", std::to_string(stores), "--regions", std::to_string(regions), "--seed", "1"});
    pd::PdClientOptions o;
    o.endpoints = {sim.url()};
    o.timeout_ms = 300000;
    auto client = std::move(pd::PdClient::create(o).value());
    auto t0 = Clock::now();
    auto resp = client->get("/regions", {300000, 0, {}});
    auto t1 = Clock::now();
    if (!resp) {
        std::fprintf(stderr, "fetch failed: %s\n", resp.error().to_string().c_str());
        return;
    }
    const std::string& body = resp->body;
    double best = 1e9, best_parse = 1e9;
    uint64_t n = 0;
    std::shared_ptr<const model::RegionTable> table;
    for (int i = 0; i < 3; ++i) {
        double a = cpu_now();
        table = ingest(body, &n);
        best = std::min(best, cpu_now() - a);
        double c = cpu_now();
        uint64_t seen = 0;
        (void)pd::for_each_region(body, "/regions", [&](const pd::Region&) { ++seen; });
        best_parse = std::min(best_parse, cpu_now() - c);
    }
    if (!table) return;
    size_t key_bytes = 0;
    for (size_t r = 0; r < table->size(); ++r) key_bytes += table->at(r).start_key().size() + table->at(r).end_key().size();
    table->key_order();
    double per_region = double(table->memory_bytes() - key_bytes) / double(n);
    std::string file = "/tmp/medic-ingest-" + std::to_string(regions) + ".json";
    std::ofstream(file, std::ios::binary) << body;
    long rss_kib = child_peak_rss_kib(file);
    double py = python_seconds(file);
    if (!g_keep) std::remove(file.c_str());
    double mib = double(body.size()) / 1048576.0;
    std::printf("regions=%llu body=%.1fMiB fetch=%.3fs(wall) parse=%.3fs(cpu) parse+build=%.3fs(cpu) rate=%.2fM regions/s "
                "table=%.1f B/region+keys(%.1f B/region) peak_rss=%.1fMiB (%.2fx body) python=%.3fs(cpu) speedup=%.1fx\n",
                (unsigned long long)n, mib, secs(t0, t1), best_parse, best, double(n) / best / 1e6, per_region,
                double(key_bytes) / double(n), double(rss_kib) / 1024.0, double(rss_kib) * 1024.0 / double(body.size()),
                py, py > 0 ? py / best : 0.0);
    std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<size_t> sizes;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--keep") {
            g_keep = true;
        } else if (a == "--file" && i + 1 < argc) {
            std::ifstream in(argv[++i], std::ios::binary);
            std::string body((std::istreambuf_iterator<char>(in)), {});
            body.reserve(body.size() + 64);  // simdjson padding: no copy
            uint64_t n = 0;
            double t = cpu_now();
            auto table = ingest(body, &n);
            std::printf("regions=%llu parse+build=%.3fs(cpu)\n", (unsigned long long)n, cpu_now() - t);
            return table ? 0 : 1;
        } else {
            sizes.push_back(size_t(std::stoull(a)));
        }
    }
    if (sizes.empty()) sizes = {10000, 100000, 1000000};
    for (size_t n : sizes) run(n);
    return 0;
}
