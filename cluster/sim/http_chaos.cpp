// Chaos API (not PD): kill/restart/slow/partition/disk-fill a store, hot
// key ranges, PD-API faults, PD member stop/start and leadership moves, the
// simulated clock, fault listing/clearing, stats and the action log. Every
// action is appended to the chaos log. JSON in, compact JSON out.
#include <mutex>
#include <thread>

#include "sim/format.hpp"
#include "sim/go_json.hpp"
#include "sim/http.hpp"

namespace pdsim {

namespace {

void reply(Ctx& c, int status, const std::string& json) {
  c.res.status = status;
  c.res.content_type = "application/json";
  c.res.body = json + "\n";
}

void fail(Ctx& c, int status, const std::string& msg) {
  std::string j = "{\"error\":";
  append_json_string(j, msg);
  reply(c, status, j + "}");
}

// Parses an optional JSON object body ("" or "{}" allowed).
bool body(Ctx& c, simdjson::dom::parser& p, simdjson::dom::element& doc) {
  std::string b = c.req.body.empty() ? "{}" : c.req.body;
  if (auto e = go_json_check(b)) {
    fail(c, 400, "invalid JSON body: " + e->msg);
    return false;
  }
  if (p.parse(b).get(doc) != simdjson::SUCCESS || !doc.is_object()) {
    fail(c, 400, "body must be a JSON object");
    return false;
  }
  return true;
}

bool number_field(Ctx& c, simdjson::dom::element& doc, const char* name, double& out, bool required, double lo,
                  double hi) {
  simdjson::dom::element v;
  if (doc[name].get(v) != simdjson::SUCCESS) {
    if (required) fail(c, 400, std::string(name) + " is required");
    return !required;
  }
  auto n = json_number(v);
  if (!n || *n < lo || *n > hi) {
    fail(c, 400, std::string(name) + " must be a number in [" + go_float(lo) + ", " + go_float(hi) + "]");
    return false;
  }
  out = *n;
  return true;
}

Store* chaos_store(Ctx& c) {
  uint64_t id;
  if (!parse_u64(c.params[0], id, nullptr)) {
    fail(c, 400, "store id must be an unsigned integer");
    return nullptr;
  }
  Store* s = c.sim.store_by_id(id);
  if (!s || s->purged) fail(c, 404, "store " + c.params[0] + " not found");
  return s && !s->purged ? s : nullptr;
}

void store_action(Ctx& c, const std::string& verb) {
  simdjson::dom::parser p;
  simdjson::dom::element doc;
  if (!body(c, p, doc)) return;
  double delay = 25, ratio = 0.95;
  if (verb == "slow" && !number_field(c, doc, "heartbeat_delay_s", delay, false, 0, 86400)) return;
  if (verb == "disk-fill" && !number_field(c, doc, "used_ratio", ratio, false, 0, 1)) return;
  {
    std::unique_lock lk(c.sim.mu);
    Store* s = chaos_store(c);
    if (!s) return;
    std::string detail = "{\"store_id\":" + std::to_string(s->id);
    if (verb == "kill") c.sim.kill_store(*s);
    if (verb == "restart") {
      c.sim.restart_store(*s);
      c.sim.partition_store(*s, false);
      s->hb_delay_s = 0;
    }
    if (verb == "slow") {
      s->hb_delay_s = delay;
      detail += ",\"heartbeat_delay_s\":" + go_float(delay);
    }
    if (verb == "partition") c.sim.partition_store(*s, true);
    if (verb == "disk-fill") {
      s->disk_fill_ratio = ratio;
      detail += ",\"used_ratio\":" + go_float(ratio);
    }
    detail += "}";
    c.sim.log_chaos("store-" + verb, detail);
    reply(c, 200, "{\"ok\":true,\"action\":\"store-" + verb + "\",\"detail\":" + detail + "}");
  }
  if (c.sim.status_sync_hook) c.sim.status_sync_hook();
}

void hot(Ctx& c) {
  simdjson::dom::parser p;
  simdjson::dom::element doc;
  if (!body(c, p, doc)) return;
  HotSpot h;
  std::string_view sk, ek, kind = "write";
  std::string err;
  if (doc["start_key"].get_string().get(sk) != simdjson::SUCCESS) return fail(c, 400, "start_key (hex) is required");
  if (doc["end_key"].get_string().get(ek) != simdjson::SUCCESS) return fail(c, 400, "end_key (hex) is required");
  auto s = hex_decode(sk, &err);
  if (!s) return fail(c, 400, "start_key: " + err);
  auto e = hex_decode(ek, &err);
  if (!e) return fail(c, 400, "end_key: " + err);
  if (!e->empty() && !(*s < *e)) return fail(c, 400, "start_key must be before end_key");
  simdjson::dom::element kv;
  if (doc["kind"].get(kv) == simdjson::SUCCESS && kv.get_string().get(kind) != simdjson::SUCCESS)
    return fail(c, 400, "kind must be \"write\" or \"read\"");
  if (kind != "write" && kind != "read") return fail(c, 400, "kind must be \"write\" or \"read\"");
  double rate = 32.0 * (1 << 20);
  if (!number_field(c, doc, "bytes_per_s", rate, false, 0, 1e12)) return;
  h.start = *s, h.end = *e, h.write = kind == "write", h.bytes_per_s = rate;
  std::unique_lock lk(c.sim.mu);
  c.sim.hotspots.push_back(h);
  std::string detail = "{\"start_key\":\"" + hex_upper(h.start) + "\",\"end_key\":\"" + hex_upper(h.end) +
                       "\",\"kind\":\"" + std::string(kind) + "\",\"bytes_per_s\":" + go_float(rate) + "}";
  c.sim.log_chaos("hot", detail);
  reply(c, 200, "{\"ok\":true,\"action\":\"hot\",\"detail\":" + detail + "}");
}

void pd_faults(Ctx& c) {
  simdjson::dom::parser p;
  simdjson::dom::element doc;
  if (!body(c, p, doc)) return;
  ChaosFaults f;
  {
    std::shared_lock lk(c.sim.mu);
    f = c.sim.faults;
  }
  if (!number_field(c, doc, "latency_ms", f.latency_ms, false, 0, 60000) ||
      !number_field(c, doc, "error_rate", f.error_rate, false, 0, 1) ||
      !number_field(c, doc, "truncate_rate", f.truncate_rate, false, 0, 1) ||
      !number_field(c, doc, "malformed_rate", f.malformed_rate, false, 0, 1))
    return;
  std::unique_lock lk(c.sim.mu);
  c.sim.faults = f;
  std::string detail = "{\"latency_ms\":" + go_float(f.latency_ms) + ",\"error_rate\":" + go_float(f.error_rate) +
                       ",\"truncate_rate\":" + go_float(f.truncate_rate) +
                       ",\"malformed_rate\":" + go_float(f.malformed_rate) + "}";
  c.sim.log_chaos("pd-faults", detail);
  reply(c, 200, "{\"ok\":true,\"action\":\"pd-faults\",\"detail\":" + detail + "}");
}

int member_index(const Sim& sim, const std::string& name) {
  for (size_t i = 0; i < sim.members.size(); ++i)
    if (sim.members[i].name == name) return int(i);
  return -1;
}

// Picks the first running member as leader (PD elects a new one after the
// old leader's lease expires).
void elect(Sim& sim) {
  sim.leader = -1;
  for (size_t i = 0; i < sim.members.size(); ++i)
    if (!sim.members[i].stopped) {
      sim.leader = int(i);
      return;
    }
}

void member_action(Ctx& c, bool stop) {
  int idx;
  {
    std::unique_lock lk(c.sim.mu);
    idx = member_index(c.sim, c.params[0]);
    if (idx < 0) return fail(c, 404, "member " + c.params[0] + " not found");
    c.sim.members[size_t(idx)].stopped = stop;
    if (stop && c.sim.leader == idx) elect(c.sim);
    if (!stop && c.sim.leader < 0) c.sim.leader = idx;
    c.sim.log_chaos(stop ? "pd-member-stop" : "pd-member-start", "{\"name\":\"" + c.params[0] + "\"}");
  }
  if (c.sim.member_hook) {
    // Stopping the member that serves this very request from one of its own
    // worker threads would join that thread: do it from another thread.
    if (stop && idx == c.member) {
      auto hook = c.sim.member_hook;
      std::thread([hook, idx] { hook(idx, true); }).detach();
    } else {
      c.sim.member_hook(idx, stop);
    }
  }
  reply(c, 200, "{\"ok\":true,\"action\":\"" + std::string(stop ? "pd-member-stop" : "pd-member-start") +
                    "\",\"detail\":{\"name\":\"" + c.params[0] + "\"}}");
}

void move_leader(Ctx& c) {
  simdjson::dom::parser p;
  simdjson::dom::element doc;
  if (!body(c, p, doc)) return;
  std::string_view name;
  if (doc["name"].get_string().get(name) != simdjson::SUCCESS) return fail(c, 400, "name is required");
  std::unique_lock lk(c.sim.mu);
  int idx = member_index(c.sim, std::string(name));
  if (idx < 0) return fail(c, 404, "member " + std::string(name) + " not found");
  if (c.sim.members[size_t(idx)].stopped) return fail(c, 409, "member " + std::string(name) + " is stopped");
  c.sim.leader = idx;
  std::string detail = "{\"name\":\"" + std::string(name) + "\"}";
  c.sim.log_chaos("pd-leader", detail);
  reply(c, 200, "{\"ok\":true,\"action\":\"pd-leader\",\"detail\":" + detail + "}");
}

void advance(Ctx& c) {
  simdjson::dom::parser p;
  simdjson::dom::element doc;
  if (!body(c, p, doc)) return;
  double secs = 0;
  if (!number_field(c, doc, "seconds", secs, true, 0, 30 * 86400)) return;
  std::unique_lock lk(c.sim.mu);
  c.sim.advance(secs);
  c.sim.log_chaos("clock-advance", "{\"seconds\":" + go_float(secs) + "}");
  reply(c, 200, "{\"ok\":true,\"sim_time_s\":" + go_float(double(c.sim.now_ns) / 1e9) + "}");
}

void list_faults(Ctx& c) {
  std::shared_lock lk(c.sim.mu);
  const Sim& s = c.sim;
  std::string out = "{\"stores\":[";
  bool first = true;
  for (const Store& st : s.cluster.stores()) {
    if (st.alive && !st.partitioned && st.hb_delay_s == 0 && st.disk_fill_ratio < 0) continue;
    out += first ? "" : ",";
    first = false;
    out += "{\"store_id\":" + std::to_string(st.id) + ",\"killed\":" + (st.alive ? "false" : "true") +
           ",\"partitioned\":" + (st.partitioned ? "true" : "false") +
           ",\"heartbeat_delay_s\":" + go_float(st.hb_delay_s) +
           ",\"used_ratio\":" + (st.disk_fill_ratio < 0 ? std::string("null") : go_float(st.disk_fill_ratio)) + "}";
  }
  out += "],\"hot\":[";
  for (size_t i = 0; i < s.hotspots.size(); ++i) {
    const HotSpot& h = s.hotspots[i];
    out += (i ? "," : "") + std::string("{\"start_key\":\"") + hex_upper(h.start) + "\",\"end_key\":\"" +
           hex_upper(h.end) + "\",\"kind\":\"" + (h.write ? "write" : "read") +
           "\",\"bytes_per_s\":" + go_float(h.bytes_per_s) + "}";
  }
  out += "],\"pd\":{\"latency_ms\":" + go_float(s.faults.latency_ms) + ",\"error_rate\":" + go_float(s.faults.error_rate) +
         ",\"truncate_rate\":" + go_float(s.faults.truncate_rate) +
         ",\"malformed_rate\":" + go_float(s.faults.malformed_rate) + "},\"stopped_members\":[";
  first = true;
  for (const auto& m : s.members) {
    if (!m.stopped) continue;
    out += (first ? "\"" : ",\"") + m.name + "\"";
    first = false;
  }
  out += "],\"leader\":" + (s.leader >= 0 ? "\"" + s.members[size_t(s.leader)].name + "\"" : std::string("null")) + "}";
  reply(c, 200, out);
}

void clear_faults(Ctx& c) {
  std::vector<int> restart;
  {
    std::unique_lock lk(c.sim.mu);
    for (Store& s : c.sim.cluster.stores()) {
      if (!s.alive) c.sim.restart_store(s);
      c.sim.partition_store(s, false);
      s.hb_delay_s = 0;
      s.disk_fill_ratio = -1;
    }
    c.sim.hotspots.clear();
    c.sim.faults = ChaosFaults{};
    for (size_t i = 0; i < c.sim.members.size(); ++i)
      if (c.sim.members[i].stopped) {
        c.sim.members[i].stopped = false;
        restart.push_back(int(i));
      }
    if (c.sim.leader < 0) c.sim.leader = 0;
    c.sim.log_chaos("clear", "{}");
  }
  for (int i : restart)
    if (c.sim.member_hook) c.sim.member_hook(i, false);
  if (c.sim.status_sync_hook) c.sim.status_sync_hook();
  reply(c, 200, "{\"ok\":true,\"action\":\"clear\"}");
}

void stats(Ctx& c) {
  std::shared_lock lk(c.sim.mu);
  reply(c, 200, "{\"pd_writes\":" + std::to_string(c.sim.pd_writes.load()) + ",\"pd_requests\":" +
                    std::to_string(c.sim.pd_requests.load()) + ",\"sim_time_s\":" +
                    go_float(double(c.sim.now_ns) / 1e9) + ",\"regions\":" +
                    std::to_string(c.sim.cluster.region_count()) + ",\"operators\":" +
                    std::to_string(c.sim.running.size()) + "}");
}

void log(Ctx& c) {
  std::shared_lock lk(c.sim.mu);
  std::string out;
  for (const auto& l : c.sim.chaos_log) out += l + "\n";
  c.res.status = 200;
  c.res.content_type = "application/x-ndjson";
  c.res.body = out;
}

}  // namespace

void register_chaos_routes(Router& r) {
  for (const char* v : {"kill", "restart", "slow", "partition", "disk-fill"}) {
    std::string verb = v;
    r.add("POST", "/chaos/store/{id}/" + verb, [verb](Ctx& c) { store_action(c, verb); });
  }
  r.add("POST", "/chaos/hot", hot);
  r.add("POST", "/chaos/pd", pd_faults);
  r.add("POST", "/chaos/pd/member/{name}/stop", [](Ctx& c) { member_action(c, true); });
  r.add("POST", "/chaos/pd/member/{name}/start", [](Ctx& c) { member_action(c, false); });
  r.add("POST", "/chaos/pd/leader", move_leader);
  r.add("POST", "/chaos/clock/advance", advance);
  r.add("GET", "/chaos", list_faults);
  r.add("DELETE", "/chaos", clear_faults);
  r.add("GET", "/chaos/stats", stats);
  r.add("GET", "/chaos/log", log);
}

}  // namespace pdsim
