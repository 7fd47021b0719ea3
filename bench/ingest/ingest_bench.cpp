// bench/ingest/ingest_bench.cpp: /regions ingest at several cluster sizes.
// For each size: start pdsim, fetch /regions with PdClient, then time
// parse+build into a RegionTable (best of 3) whole-body and streamed
// (RegionStream, 64 KiB pieces), report regions/s/core, bytes per region,
// peak RSS (VmHWM) of two fresh child processes — one that loads the body
// file and ingests it whole, two that do the real scan from pdsim
// (PdClient::scan_regions, streamed and paged) — vs the body size, and the same body through
// Python's json.loads + per-region objects.
// usage: ingest_bench [N ...]   (default 10000 100000 1000000)
//        ingest_bench --keep N ...  (also keep /tmp/medic-ingest-N.json)
//        ingest_bench --file BODY [--stream] [--repeat K]  (parse+build one
//                                    saved body, e.g. under perf or callgrind)
//        ingest_bench --rss-whole FILE | --rss-scan URL N PAGE [SCANS]  (the RSS
//                                    children; PAGE 0 = streamed /regions, else
//                                    paged; SCANS > 1 also prints each later
//                                    scan's wall/CPU seconds)
//        MEDIC_PD_FAST=0 ingest_bench ...  (On Demand only: no fast parser)
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
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
#include "pd/region_parse.hpp"  // set_fast_region_parser: MEDIC_PD_FAST=0 for A/B runs
#include "pd/region_stream.hpp"
#include "support/pdsim_process.hpp"

using namespace medic;
using Clock = std::chrono::steady_clock;

namespace {

bool g_keep = false;
double g_build_cpu = 0;  // CPU seconds of the last Builder::build() (index, flags, trim)

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
    // Reserve as the streamed scan does: PD's "count" when the body starts
    // with it (pdsim and PD do), else a rough guess from the body size.
    size_t k = body.find("\"count\":");
    if (k != std::string::npos && k < 64) b.reserve_for_count(std::strtoull(body.c_str() + k + 8, nullptr, 10));
    else b.reserve(size_t(double(body.size()) / 420) + 16);
    auto r = pd::for_each_region(body, "/regions", [&](const pd::Region& g) { b.add(g); });
    if (!r) {
        std::fprintf(stderr, "%s\n", r.error().to_string().c_str());
        return nullptr;
    }
    *n = r.value();
    double t = cpu_now();
    auto table = b.build(3);
    g_build_cpu = cpu_now() - t;
    return table;
}

// The same body through RegionStream, fed in 64 KiB pieces as a download
// would deliver it (what PdClient::scan_regions does).
std::shared_ptr<const model::RegionTable> ingest_streamed(const std::string& body, uint64_t* n) {
    model::RegionTable::Builder b;
    static const size_t batch = std::getenv("MEDIC_BATCH") ? std::stoull(std::getenv("MEDIC_BATCH"))
                                                             : pd::RegionStream::kDefaultBatchBytes;
    pd::RegionStream rs("/regions", [&](const pd::Region& g) { b.add(g); },
                        [&](uint64_t count) { b.reserve_for_count(count); },  // as the Monitor's scan does
                        batch);
    for (size_t off = 0; off < body.size(); off += 65536)
        if (!rs.feed(body.data() + off, std::min<size_t>(65536, body.size() - off))) break;
    auto r = rs.finish();
    if (!r) {
        std::fprintf(stderr, "%s\n", r.error().to_string().c_str());
        return nullptr;
    }
    *n = r.value();
    double t = cpu_now();
    auto table = b.build(3);
    g_build_cpu = cpu_now() - t;
    return table;
}

// Peak resident memory of this process (VmHWM, KiB). The RSS children are
// exec'd afresh: a forked child's counters would include its parent's pages.
long vm_hwm_kib() {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
    return -1;
}

// Child mode --rss-whole FILE: read the body file and ingest it whole.
int rss_whole(const std::string& file) {
    // One copy of the body: assign() from stream iterators built a second,
    // temporary one first, and VmHWM counted both (the earlier 2.0x).
    std::ifstream in(file, std::ios::binary);
    std::string body;
    in.seekg(0, std::ios::end);
    size_t size = size_t(in.tellg());
    body.reserve(size + 64);  // simdjson padding: the fallback parser needs no copy
    body.resize(size);
    in.seekg(0);
    in.read(body.data(), std::streamsize(size));
    if (!in) return 1;
    uint64_t n = 0;
    auto t = ingest(body, &n);
    std::printf("%ld\n", t ? vm_hwm_kib() : -1L);
    return t ? 0 : 1;
}

// Child mode --rss-scan URL N PAGE [SCANS]: the real full scan,
// PdClient::scan_regions from pdsim (streamed parse) into a RegionTable, as
// the Monitor does, SCANS times (default 1) with the previous table alive
// while the next is built (as the Monitor keeps its snapshot). Prints the
// peak RSS, the first scan's wall time and, with SCANS > 1, every later
// scan's wall time and thread CPU time (steady state: column mappings reused).
int rss_scan(const std::string& url, size_t regions, int page, int scans) {
    pd::PdClientOptions o;
    o.endpoints = {url};
    o.scan_timeout_ms = 600000;
    o.scan_page_regions = page;
    auto t0 = Clock::now();
    auto client = std::move(pd::PdClient::create(o).value());
    std::shared_ptr<const model::RegionTable> previous;
    std::string later;
    double first = 0;
    bool ok = true;
    for (int k = 0; k < scans && ok; ++k) {
        auto s0 = Clock::now();
        double c0 = cpu_now();
        model::RegionTable::Builder b;
        auto n = client->scan_regions([&](const pd::Region& g) { b.add(g); }, [&] { b = model::RegionTable::Builder(); },
                                      [&](uint64_t count) { b.reserve_for_count(count); });
        auto t = n ? b.build(3) : nullptr;
        ok = t && t->size() == regions;
        if (!n) std::fprintf(stderr, "scan failed: %s\n", n.error().to_string().c_str());
        if (k == 0) first = secs(t0, Clock::now());
        else later += " " + std::to_string(secs(s0, Clock::now())) + "/" + std::to_string(cpu_now() - c0);
        previous = std::move(t);
    }
    std::printf("%ld %.3f%s\n", ok ? vm_hwm_kib() : -1L, first, later.c_str());
    return ok ? 0 : 1;
}

// Runs this binary in a child mode; returns its peak RSS (KiB) and, for
// the scan modes, its wall time in *wall.
long child_rss_kib(const std::string& args, double* wall = nullptr) {
    std::string cmd = "/proc/" + std::to_string(getpid()) + "/exe " + args;
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return -1;
    long kib = -1;
    double w = -1;
    if (std::fscanf(p, "%ld %lf", &kib, &w) < 1) kib = -1;
    pclose(p);
    if (wall) *wall = w;
    return kib;
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
    double best = 1e9, best_parse = 1e9, best_stream = 1e9;
    uint64_t n = 0, ns = 0;
    std::shared_ptr<const model::RegionTable> table, streamed;
    for (int i = 0; i < 3; ++i) {
        double a = cpu_now();
        table = ingest(body, &n);
        best = std::min(best, cpu_now() - a);
        table.reset();
        double c = cpu_now();
        uint64_t seen = 0;
        (void)pd::for_each_region(body, "/regions", [&](const pd::Region&) { ++seen; });
        best_parse = std::min(best_parse, cpu_now() - c);
        double d = cpu_now();
        streamed = ingest_streamed(body, &ns);
        best_stream = std::min(best_stream, cpu_now() - d);
        if (i < 2) streamed.reset();
    }
    table = streamed;
    if (!table || ns != n) {
        std::fprintf(stderr, "streamed ingest failed or disagrees (%llu vs %llu regions)\n", (unsigned long long)ns,
                     (unsigned long long)n);
        return;
    }
    size_t key_bytes = 0;
    for (size_t r = 0; r < table->size(); ++r) key_bytes += table->at(r).start_key().size() + table->at(r).end_key().size();
    table->key_order();
    double per_region = double(table->memory_bytes() - key_bytes) / double(n);
    std::string file = "/tmp/medic-ingest-" + std::to_string(regions) + ".json";
    std::ofstream(file, std::ios::binary) << body;
    size_t body_size = body.size();
    table.reset();
    long rss_kib = child_rss_kib("--rss-whole " + file);
    double scan_wall = 0, paged_wall = 0;
    long scan_kib = child_rss_kib("--rss-scan " + sim.url() + " " + std::to_string(n) + " 0", &scan_wall);
    long paged_kib = child_rss_kib("--rss-scan " + sim.url() + " " + std::to_string(n) + " 10240", &paged_wall);
    double py = python_seconds(file);
    if (!g_keep) std::remove(file.c_str());
    double mib = double(body_size) / 1048576.0;
    std::printf("regions=%llu body=%.1fMiB fetch=%.3fs(wall) parse=%.3fs(cpu) parse+build=%.3fs(cpu) "
                "streamed parse+build=%.3fs(cpu) rate=%.2fM regions/s (streamed %.2fM) "
                "table=%.1f B/region+keys(%.1f B/region) peak_rss whole-body=%.1fMiB (%.2fx body) "
                "streamed scan from pdsim=%.1fMiB (%.2fx body) in %.2fs(wall) paged scan (10240)=%.1fMiB in %.2fs(wall) "
                "python=%.3fs(cpu) speedup=%.1fx (streamed %.1fx)\n",
                (unsigned long long)n, mib, secs(t0, t1), best_parse, best, best_stream, double(n) / best / 1e6,
                double(n) / best_stream / 1e6, per_region, double(key_bytes) / double(n), double(rss_kib) / 1024.0,
                double(rss_kib) * 1024.0 / double(body_size), double(scan_kib) / 1024.0,
                double(scan_kib) * 1024.0 / double(body_size), scan_wall, double(paged_kib) / 1024.0, paged_wall, py,
                py > 0 ? py / best : 0.0,
                py > 0 ? py / best_stream : 0.0);

    std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
    // MEDIC_PD_FAST=0: On Demand only (the parser before the fast path), for A/B runs of one binary.
    if (const char* f = std::getenv("MEDIC_PD_FAST"); f && std::string(f) == "0") pd::detail::set_fast_region_parser(false);
    std::vector<size_t> sizes;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--rss-whole" && i + 1 < argc) return rss_whole(argv[i + 1]);
        if (a == "--rss-scan" && i + 3 < argc)
            return rss_scan(argv[i + 1], size_t(std::stoull(argv[i + 2])), std::atoi(argv[i + 3]),
                            i + 4 < argc ? std::max(1, std::atoi(argv[i + 4])) : 1);
        if (a == "--keep") {
            g_keep = true;
        } else if (a == "--file" && i + 1 < argc) {
            std::ifstream in(argv[++i], std::ios::binary);
            std::string body((std::istreambuf_iterator<char>(in)), {});
            body.reserve(body.size() + 64);  // simdjson padding: no copy
            bool stream = i + 1 < argc && std::string(argv[i + 1]) == "--stream";
            int repeat = i + 2 + stream < argc && std::string(argv[i + 1 + stream]) == "--repeat"
                             ? std::max(1, std::atoi(argv[i + 2 + stream]))
                             : 1;
            std::shared_ptr<const model::RegionTable> table;
            for (int k = 0; k < repeat; ++k) {
                uint64_t n = 0;
                table.reset();
                uint64_t maps = model::huge_fresh_maps();
                double t = cpu_now();
                table = stream ? ingest_streamed(body, &n) : ingest(body, &n);
                std::printf("regions=%llu parse+build=%.3fs(cpu) of which build()=%.3fs, %llu new mappings\n",
                            (unsigned long long)n, cpu_now() - t, g_build_cpu,
                            (unsigned long long)(model::huge_fresh_maps() - maps));
            }
            return table ? 0 : 1;
        } else if (!a.empty() && a.find_first_not_of("0123456789") == std::string::npos && a.size() <= 9 &&
                   std::stoull(a) > 0) {
            sizes.push_back(size_t(std::stoull(a)));
        } else {
            // The usage is the file's header comment; say where, do not guess.
            std::fprintf(stderr, "ingest_bench: unknown argument '%s' (usage: see bench/ingest/ingest_bench.cpp)\n",
                         a.c_str());
            return 2;
        }
    }
    if (sizes.empty()) sizes = {10000, 100000, 1000000};
    for (size_t n : sizes) run(n);
    return 0;
}
