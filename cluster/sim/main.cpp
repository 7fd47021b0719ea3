// pdsim entry point: parses the command line, builds the scenario (or loads
// a PD dump), starts the PD member listeners and store status servers,
// writes the ready file and runs the real-time ticker until SIGINT/SIGTERM.
// `pdsim chaos ...` is the chaos API client (chaos_cli.cpp).
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <thread>

#include "scenarios/scenario.hpp"
#include "sim/http.hpp"
#include "sim/server.hpp"

namespace pdsim {
int chaos_cli(int argc, char** argv);
void install_default_schedulers(Sim& sim);
}  // namespace pdsim

namespace {

using namespace pdsim;

const char* kUsage =
    "usage: pdsim [--addr HOST:PORT] [--members N] [--ready-file PATH]\n"
    "             [--scenario NAME] [--stores N] [--regions N] [--seed S]\n"
    "             [--step | --speed F] [--load DIR] [--no-tcp-nodelay]\n"
    "       pdsim chaos --pd URL <verb> [args]   (pdsim chaos --help)\n";

bool parse_number(const char* s, double& out) {
  char* end = nullptr;
  out = std::strtod(s, &end);
  return *s && !*end;
}

bool parse_args(int argc, char** argv, SimOptions& o, std::string& err) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto need = [&](double& v) {
      if (i + 1 >= argc || !parse_number(argv[i + 1], v)) {
        err = a + " needs a number";
        return false;
      }
      ++i;
      return true;
    };
    double v;
    if (a == "--step") o.step = true;
    else if (a == "--tcp-nodelay") o.tcp_nodelay = true;  // the default; accepted for old scripts
    else if (a == "--no-tcp-nodelay") o.tcp_nodelay = false;
    else if (a == "--addr" || a == "--ready-file" || a == "--scenario" || a == "--load") {
      if (i + 1 >= argc) return err = a + " needs a value", false;
      std::string val = argv[++i];
      if (a == "--addr") o.addr = val;
      if (a == "--ready-file") o.ready_file = val;
      if (a == "--scenario") o.scenario = val;
      if (a == "--load") o.load_dir = val;
    } else if (a == "--members") {
      if (!need(v) || v < 1 || v > 9) return err = "--members must be 1..9", false;
      o.members = int(v);
    } else if (a == "--stores") {
      if (!need(v) || v < 1 || v > 1000) return err = "--stores must be 1..1000", false;
      o.stores = int(v);
    } else if (a == "--regions") {
      if (!need(v) || v < 1 || v > 20000000) return err = "--regions must be 1..20000000", false;
      o.regions = int64_t(v);
    } else if (a == "--seed") {
      if (!need(v) || v < 0) return err = "--seed must be a non-negative integer", false;
      o.seed = uint64_t(v);
    } else if (a == "--speed") {
      if (!need(v) || v <= 0 || v > 100000) return err = "--speed must be in (0, 100000]", false;
      o.speed = v;
    } else {
      err = "unknown argument " + a;
      return false;
    }
  }
  return true;
}

bool split_addr(const std::string& addr, std::string& host, int& port) {
  size_t c = addr.rfind(':');
  if (c == std::string::npos) return false;
  host = addr.substr(0, c);
  double p;
  if (!parse_number(addr.substr(c + 1).c_str(), p) || p < 0 || p > 65535) return false;
  port = int(p);
  return !host.empty();
}

int64_t wall_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool write_ready(const std::string& path, const Sim& sim) {
  std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp);
    if (!f) return false;
    f << sim.members[size_t(sim.leader)].client_url << "\n";
    for (size_t i = 0; i < sim.members.size(); ++i)
      if (int(i) != sim.leader) f << sim.members[i].client_url << "\n";
  }
  return std::rename(tmp.c_str(), path.c_str()) == 0;
}

void setup_members(Sim& sim, const std::string& host, Servers& servers) {
  // The members already listen: a client retrying a fixed --addr port can be
  // answered (handle_pd reads sim.members under sim.mu) while this fills it.
  std::unique_lock lk(sim.mu);
  for (int i = 0; i < sim.options.members; ++i) {
    MemberInfo m;
    m.name = "pd-" + std::to_string(i + 1);
    Rng r(sim.options.seed * 31 + uint64_t(i));
    m.member_id = r.next() | (i % 2 ? 0x8000000000000000ULL : 0);
    m.client_url = "http://" + host + ":" + std::to_string(servers.member_port(i));
    m.peer_url = "http://" + host + ":" + std::to_string(servers.member_port(i) + 10000 > 65535 ? 2380 : servers.member_port(i) + 10000);
    sim.members.push_back(m);
  }
  sim.leader = 0;
}

void ticker(Sim& sim, const std::atomic<bool>& stop) {
  auto t0 = std::chrono::steady_clock::now();
  int64_t base = sim.now_ns;
  while (!stop) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    double real = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    int64_t target = base + int64_t(real * sim.options.speed * 1e9);
    std::unique_lock lk(sim.mu);
    if (target > sim.now_ns) sim.advance(double(target - sim.now_ns) / 1e9);
    else base += 0;  // an explicit /chaos/clock/advance moved past real time
  }
}

int run(int argc, char** argv) {
  SimOptions opt;
  std::string err, host;
  int port = 0;
  if (!parse_args(argc, argv, opt, err) || !split_addr(opt.addr, host, port)) {
    std::fprintf(stderr, "pdsim: %s\n%s", err.empty() ? ("bad --addr " + opt.addr).c_str() : err.c_str(), kUsage);
    return 2;
  }
  // Block termination signals in every thread; main waits for them below.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  signal(SIGPIPE, SIG_IGN);

  auto sim = std::make_unique<Sim>(opt);
  sim->now_ns = sim->start_ns = wall_ns();
  sim->bootstrap_ns = sim->now_ns - 200LL * 86400 * 1000000000LL;
  {
    Rng r(opt.seed);
    sim->cluster.cluster_id = 7000000000000000000ULL + r.next() % 1000000000000000000ULL;
  }
  bool ok = opt.load_dir.empty() ? build_scenario(*sim, &err) : load_cluster(*sim, &err);
  if (!ok) {
    std::fprintf(stderr, "pdsim: %s\n", err.c_str());
    return 2;
  }
  install_default_schedulers(*sim);
  Router router;
  register_store_routes(router);
  register_region_routes(router);
  register_operator_routes(router);
  register_scheduler_routes(router);
  register_config_routes(router);
  register_misc_routes(router);
  register_hotspot_routes(router);
  register_chaos_routes(router);
  Servers servers(*sim, router);
  if (!servers.start_status_servers(host, &err) || !servers.start_members(host, port, opt.members, &err)) {
    std::fprintf(stderr, "pdsim: %s\n", err.c_str());
    return 1;
  }
  setup_members(*sim, host, servers);
  sim->member_hook = [&servers](int i, bool stop) { return servers.set_member_running(i, !stop); };
  sim->status_sync_hook = [&servers] { servers.sync_status_servers(); };
  if (!opt.ready_file.empty() && !write_ready(opt.ready_file, *sim)) {
    std::fprintf(stderr, "pdsim: cannot write %s\n", opt.ready_file.c_str());
    return 1;
  }
  std::fprintf(stderr, "pdsim: %s scenario, %zu stores, %zu regions, PD at %s%s\n", opt.scenario.c_str(),
               sim->cluster.stores().size(), sim->cluster.region_count(), sim->members[0].client_url.c_str(),
               opt.step ? " (step mode)" : "");
  std::atomic<bool> stop{false};
  std::thread tick_thread;
  if (!opt.step) tick_thread = std::thread([&] { ticker(*sim, stop); });
  int sig = 0;
  sigwait(&set, &sig);
  stop = true;
  if (tick_thread.joinable()) tick_thread.join();
  servers.stop_all();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "chaos") == 0) return pdsim::chaos_cli(argc - 1, argv + 1);
  if (argc > 1 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0)) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  return run(argc, argv);
}
