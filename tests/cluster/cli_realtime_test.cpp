// `pdsim chaos ...` drives the chaos API from a shell; without --step the
// simulated clock follows real time.
#include <catch2/catch.hpp>

#include <chrono>
#include <sys/wait.h>

#include <cstdio>
#include <thread>

#include "util.hpp"

using medic::test::PdsimProcess;
using namespace pdsim_test;

namespace {
int run(const std::string& cmd, std::string& out) {
  FILE* f = popen(cmd.c_str(), "r");
  if (!f) return -1;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  int rc = pclose(f);
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

double sim_time(const PdsimProcess& sim) {
  simdjson::dom::parser p;
  return double(p.parse(sim.get("/chaos/stats").body)["sim_time_s"]);
}
}  // namespace

TEST_CASE("pdsim chaos subcommands reach the chaos API", "[pdsim][chaos][cli]") {
  PdsimProcess sim({"--stores", "3", "--regions", "10", "--step"});
  std::string bin = medic::test::pdsim_binary(), out;
  CHECK(run(bin + " chaos --pd " + sim.url() + " kill 2", out) == 0);
  CHECK(out.find("\"action\":\"store-kill\"") != std::string::npos);
  out.clear();
  CHECK(run(bin + " chaos --pd " + sim.url() + " advance 30", out) == 0);
  CHECK(store_field(sim, 2, "store", "state_name") == "Disconnected");
  out.clear();
  CHECK(run(bin + " chaos --pd " + sim.url() + " list", out) == 0);
  CHECK(out.find("\"killed\":true") != std::string::npos);
  out.clear();
  CHECK(run(bin + " chaos --pd " + sim.url() + " kill 99", out) == 1);  // unknown store: error, exit 1
  out.clear();
  CHECK(run(bin + " chaos --pd " + sim.url() + " bogus 2>/dev/null", out) == 2);
  out.clear();
  CHECK(run(bin + " chaos --pd http://127.0.0.1:1 stats 2>/dev/null", out) == 1);
}

TEST_CASE("without --step the simulated clock follows real time", "[pdsim][clock]") {
  PdsimProcess sim({"--stores", "3", "--regions", "10", "--speed", "50"});
  double t0 = sim_time(sim), t1 = t0;
  for (int i = 0; i < 100 && t1 <= t0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    t1 = sim_time(sim);
  }
  CHECK(t1 > t0);
  CHECK(store_field(sim, 1, "store", "state_name") == "Up");
}
