// `pdsim chaos --pd URL <verb> [args]`: drives the chaos API from a shell.
// Verbs map 1:1 to the HTTP routes (see pdsim_contract.md).
#include <httplib.h>

#include <cstdio>
#include <string>
#include <vector>

namespace pdsim {

namespace {
const char* kHelp =
    "usage: pdsim chaos --pd URL <verb> [args]\n"
    "  kill|restart|partition STORE      store process faults\n"
    "  slow STORE DELAY_S                heartbeats arrive DELAY_S late\n"
    "  disk-fill STORE RATIO             used/capacity forced to RATIO\n"
    "  hot START_HEX END_HEX [write|read] [BYTES_PER_S]\n"
    "  pd LATENCY_MS ERROR_RATE [TRUNCATE_RATE] [MALFORMED_RATE]\n"
    "  member-stop NAME | member-start NAME | leader NAME\n"
    "  advance SECONDS | list | clear | stats | log\n";

int usage() {
  std::fputs(kHelp, stderr);
  return 2;
}

std::string q(const std::string& s) { return "\"" + s + "\""; }
}  // namespace

int chaos_cli(int argc, char** argv) {
  std::string pd;
  std::vector<std::string> a;
  for (int i = 1; i < argc; ++i) {
    std::string s = argv[i];
    if (s == "--help" || s == "-h") return std::fputs(kHelp, stdout), 0;
    if (s == "--pd" && i + 1 < argc) pd = argv[++i];
    else a.push_back(s);
  }
  if (pd.empty() || a.empty()) return usage();
  std::string verb = a[0], method = "POST", path, body = "{}";
  auto arg = [&](size_t i) { return i < a.size() ? a[i] : std::string(); };
  if (verb == "kill" || verb == "restart" || verb == "partition") {
    if (a.size() != 2) return usage();
    path = "/chaos/store/" + a[1] + "/" + verb;
  } else if (verb == "slow" || verb == "disk-fill") {
    if (a.size() != 3) return usage();
    path = "/chaos/store/" + a[1] + "/" + verb;
    body = std::string("{") + (verb == "slow" ? "\"heartbeat_delay_s\":" : "\"used_ratio\":") + a[2] + "}";
  } else if (verb == "hot") {
    if (a.size() < 3) return usage();
    path = "/chaos/hot";
    body = "{\"start_key\":" + q(a[1]) + ",\"end_key\":" + q(a[2]) + ",\"kind\":" +
           q(arg(3).empty() ? "write" : arg(3)) + (arg(4).empty() ? "" : ",\"bytes_per_s\":" + arg(4)) + "}";
  } else if (verb == "pd") {
    if (a.size() < 3) return usage();
    path = "/chaos/pd";
    body = "{\"latency_ms\":" + a[1] + ",\"error_rate\":" + a[2] +
           (arg(3).empty() ? "" : ",\"truncate_rate\":" + arg(3)) +
           (arg(4).empty() ? "" : ",\"malformed_rate\":" + arg(4)) + "}";
  } else if (verb == "member-stop" || verb == "member-start") {
    if (a.size() != 2) return usage();
    path = "/chaos/pd/member/" + a[1] + (verb == "member-stop" ? "/stop" : "/start");
  } else if (verb == "leader") {
    if (a.size() != 2) return usage();
    path = "/chaos/pd/leader";
    body = "{\"name\":" + q(a[1]) + "}";
  } else if (verb == "advance") {
    if (a.size() != 2) return usage();
    path = "/chaos/clock/advance";
    body = "{\"seconds\":" + a[1] + "}";
  } else if (verb == "list" || verb == "stats" || verb == "log") {
    method = "GET";
    path = verb == "list" ? "/chaos" : "/chaos/" + verb;
  } else if (verb == "clear") {
    method = "DELETE";
    path = "/chaos";
  } else {
    return usage();
  }
  httplib::Client cli(pd);
  cli.set_connection_timeout(5, 0);
  httplib::Result r = method == "GET"    ? cli.Get(path.c_str())
                      : method == "DELETE" ? cli.Delete(path.c_str())
                                           : cli.Post(path.c_str(), body, "application/json");
  if (!r) {
    std::fprintf(stderr, "pdsim chaos: cannot reach %s: %s\n", pd.c_str(), httplib::to_string(r.error()).c_str());
    return 1;
  }
  std::fputs(r->body.c_str(), stdout);
  return r->status == 200 ? 0 : 1;
}

}  // namespace pdsim
