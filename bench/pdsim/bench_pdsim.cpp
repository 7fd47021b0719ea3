// bench_pdsim [REGIONS] [STORES]: starts pdsim in step mode with REGIONS
// regions (default 1,000,000) and prints startup time, RSS, the cost of one
// simulated second (one tick) and GET /pd/api/v1/regions throughput.
#include <curl/curl.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

#include "support/pdsim_process.hpp"

namespace {

double now_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

long rss_kib(pid_t pid) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

size_t count_bytes(char*, size_t size, size_t n, void* ud) {
  *static_cast<size_t*>(ud) += size * n;
  return size * n;
}

// Downloads url and discards the body (like curl -o /dev/null); returns bytes.
size_t fetch_discard(const std::string& url, long& status) {
  size_t bytes = 0;
  CURL* c = curl_easy_init();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, count_bytes);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &bytes);
  curl_easy_perform(c);
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup(c);
  return bytes;
}

}  // namespace

int main(int argc, char** argv) {
  std::string regions = argc > 1 ? argv[1] : "1000000";
  std::string stores = argc > 2 ? argv[2] : "20";
  double t0 = now_s();
  medic::test::PdsimProcess sim({"--step", "--stores", stores, "--regions", regions, "--seed", "1"});
  double startup = now_s() - t0;
  std::printf("regions=%s stores=%s\n", regions.c_str(), stores.c_str());
  std::printf("startup_s=%.2f rss_after_start_mib=%.1f\n", startup, double(rss_kib(sim.pid())) / 1024);

  // Warm up one pass of patrol/workload, then time ticks (1 tick = 1 simulated second).
  sim.advance(5);
  const int ticks = 60;
  double t1 = now_s();
  sim.advance(ticks);
  double per_tick_ms = (now_s() - t1) * 1000 / ticks;
  std::printf("tick_ms=%.2f (mean of %d ticks, includes one HTTP round trip)\n", per_tick_ms, ticks);

  for (int i = 0; i < 3; ++i) {
    double t2 = now_s();
    long status = 0;
    size_t bytes = fetch_discard(sim.url() + "/pd/api/v1/regions", status);
    double secs = now_s() - t2;
    std::printf("regions_get status=%ld bytes=%zu seconds=%.3f MB_per_s=%.0f\n", status, bytes, secs,
                double(bytes) / 1e6 / secs);
  }
  std::printf("rss_after_gets_mib=%.1f\n", double(rss_kib(sim.pid())) / 1024);
  return 0;
}
