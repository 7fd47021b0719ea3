// Scheduler routes (server/api/scheduler.go, scheduler_config): list with
// paused/disabled filters, add (evict-/grant-leader per store), remove
// (and the DELETE ...-{store} alias whose body is null), pause/resume with
// a delay, and the /scheduler-config/{name}/list views.
#include <algorithm>
#include <mutex>

#include "sim/format.hpp"
#include "sim/go_json.hpp"
#include "sim/http.hpp"

namespace pdsim {

namespace {

const char* kNotFound = "[PD:scheduler:ErrSchedulerNotFound]scheduler not found";

// Scheduler name -> schedulers-v2 type.
std::string type_of(const std::string& name) {
  static const std::pair<const char*, const char*> names[] = {
      {"balance-leader-scheduler", "balance-leader"}, {"balance-region-scheduler", "balance-region"},
      {"balance-hot-region-scheduler", "hot-region"}, {"balance-witness-scheduler", "balance-witness"},
      {"evict-leader-scheduler", "evict-leader"}, {"grant-leader-scheduler", "grant-leader"},
      {"evict-slow-store-scheduler", "evict-slow-store"}, {"evict-slow-trend-scheduler", "evict-slow-trend"},
      {"evict-stopping-store-scheduler", "evict-stopping-store"}, {"grant-hot-region-scheduler", "grant-hot-region"},
      {"random-merge-scheduler", "random-merge"}, {"scatter-range-scheduler", "scatter-range"},
      {"scatter-range", "scatter-range"}, {"shuffle-hot-region-scheduler", "shuffle-hot-region"},
      {"shuffle-leader-scheduler", "shuffle-leader"}, {"shuffle-region-scheduler", "shuffle-region"},
      {"transfer-witness-leader-scheduler", "transfer-witness-leader"}, {"label-scheduler", "label"},
      {"balance-range-scheduler", "balance-range"}};
  for (auto& [n, t] : names)
    if (name == n) return t;
  return "";
}

bool paused(const Sim& sim, const SchedulerState& s) { return s.resume_at_ns && sim.now_ns < s.resume_at_ns; }

void list(Ctx& c) {
  std::string status = c.req.query_value("status");
  bool ts = c.req.has_query("timestamp");
  std::shared_lock lk(c.sim.mu);
  JsonWriter w(true);
  w.begin_array();
  for (const auto& s : c.sim.schedulers) {
    if (status == "paused" && !paused(c.sim, s)) continue;
    if (status == "disabled" && !s.disabled) continue;
    if (status == "paused" && ts) {
      w.begin_object().key("name").str(s.name).key("paused_at").str(rfc3339(s.paused_at_ns));
      w.key("resume_at").str(rfc3339(s.resume_at_ns)).end_object();
    } else {
      w.str(s.name);
    }
  }
  w.end_array();
  c.json(200, w.take(false));
}

void add(Ctx& c) {
  simdjson::dom::parser p;
  simdjson::dom::element doc;
  if (!read_json_body(c, p, doc)) return;
  std::string_view nv;
  if (!doc.is_object() || doc["name"].get_string().get(nv) != simdjson::SUCCESS)
    return c.json_string(400, "missing scheduler name");
  std::string name(nv), type = type_of(name);
  if (type.empty()) return c.json_string(400, "unknown scheduler");
  if (name == "scatter-range") name = "scatter-range-scheduler";
  std::unique_lock lk(c.sim.mu);
  if (type == "evict-leader" || type == "grant-leader") {
    simdjson::dom::element v;
    std::optional<double> id;
    if (doc["store_id"].get(v) == simdjson::SUCCESS) id = json_number(v);
    if (!id) return c.json_string(400, "missing store id");
    uint64_t sid = go_u64_of(*id);
    const Store* st = c.sim.store_by_id(sid);
    if (!st || st->purged) return c.json_string(500, "[PD:core:ErrStoreNotFound]store " + std::to_string(sid) + " not found");
    SchedulerState* s = c.sim.find_scheduler(name);
    if (s) {
      if (std::find(s->stores.begin(), s->stores.end(), sid) == s->stores.end()) s->stores.push_back(sid);
      return c.json_string(200, "The scheduler has been applied to the store.");
    }
    c.sim.schedulers.push_back(SchedulerState{name, type, 0, 0, false, {sid}});
    return c.json_string(200, "The scheduler is created.");
  }
  if (type == "grant-hot-region") {
    std::string_view a, b;
    if (doc["store-leader-id"].get_string().get(a) != simdjson::SUCCESS || doc["store-id"].get_string().get(b) != simdjson::SUCCESS)
      return c.json_string(400, "missing store id");
  }
  if (type == "scatter-range") {
    std::string_view a;
    for (const char* k : {"start_key", "end_key", "range_name"})
      if (doc[k].get_string().get(a) != simdjson::SUCCESS) return c.json_string(400, std::string("missing ") + k);
  }
  if (c.sim.find_scheduler(name)) return c.json_string(400, "[PD:scheduler:ErrSchedulerExisted]scheduler existed");
  c.sim.schedulers.push_back(SchedulerState{name, type, 0, 0, false, {}});
  c.json_string(200, "The scheduler is created.");
}

void remove(Ctx& c) {
  std::string name = c.params[0];
  std::unique_lock lk(c.sim.mu);
  auto& list = c.sim.schedulers;
  auto it = std::find_if(list.begin(), list.end(), [&](auto& s) { return s.name == name; });
  if (it != list.end()) {
    list.erase(it);
    return c.json_string(200, "The scheduler is removed.");
  }
  for (const char* base : {"evict-leader-scheduler-", "grant-leader-scheduler-"}) {
    std::string b = base;
    if (name.rfind(b, 0) != 0) continue;
    uint64_t sid;
    if (!parse_u64(name.substr(b.size()), sid, nullptr)) break;
    SchedulerState* s = c.sim.find_scheduler(b.substr(0, b.size() - 1));
    auto pos = s ? std::find(s->stores.begin(), s->stores.end(), sid) : std::vector<uint64_t>::iterator();
    if (!s || pos == s->stores.end()) return c.json(404, "null");
    s->stores.erase(pos);
    if (s->stores.empty())
      list.erase(std::find_if(list.begin(), list.end(), [&](auto& x) { return x.name == s->name; }));
    return c.json(200, "null");
  }
  c.json_string(404, kNotFound);
}

void pause(Ctx& c) {
  simdjson::dom::parser p;
  simdjson::dom::element doc;
  if (!read_json_body(c, p, doc)) return;
  simdjson::dom::element v;
  if (!doc.is_object() || doc["delay"].get(v) != simdjson::SUCCESS) return c.json_string(400, "missing pause time");
  auto d = json_number(v);
  if (!d) return c.json_string(400, "missing pause time");
  int64_t delay = int64_t(*d);
  std::unique_lock lk(c.sim.mu);
  std::vector<SchedulerState*> targets;
  if (c.params[0] == "all") {
    for (auto& s : c.sim.schedulers) targets.push_back(&s);
  } else if (SchedulerState* s = c.sim.find_scheduler(c.params[0])) {
    targets.push_back(s);
  } else {
    return c.json_string(500, kNotFound);
  }
  for (SchedulerState* s : targets) {
    if (delay <= 0) {
      s->paused_at_ns = s->resume_at_ns = 0;
    } else {
      s->paused_at_ns = c.sim.now_ns;
      s->resume_at_ns = c.sim.now_ns + delay * 1000000000LL;
    }
  }
  c.json_string(200, "Pause or resume the scheduler successfully.");
}

void config_list(Ctx& c) {
  std::shared_lock lk(c.sim.mu);
  const SchedulerState* s = nullptr;
  for (const auto& x : c.sim.schedulers)
    if (x.name == c.params[0]) s = &x;
  if (!s) return c.json_string(404, kNotFound);
  JsonWriter w(true);
  w.begin_object();
  if (s->type == "evict-leader" || s->type == "grant-leader") {
    std::vector<uint64_t> ids = s->stores;
    std::sort(ids.begin(), ids.end(), [](uint64_t a, uint64_t b) { return std::to_string(a) < std::to_string(b); });
    w.key("store-id-ranges").begin_object();
    for (uint64_t id : ids)
      w.key(std::to_string(id)).begin_array().begin_object().key("end-key").str("").key("start-key").str("").end_object().end_array();
    w.end_object();
    if (s->type == "evict-leader") w.key("batch").i64(3);
  } else if (s->type == "balance-leader" || s->type == "balance-region") {
    w.key("ranges").begin_array().begin_object().key("start-key").str("").key("end-key").str("").end_object().end_array();
    if (s->type == "balance-leader") w.key("batch").i64(4);
  } else {
    return c.json_string(406, "scheduler config is not available for " + s->name);
  }
  w.end_object();
  c.json(200, w.take(false));
}

}  // namespace

void register_scheduler_routes(Router& r) {
  const std::string b = "/pd/api/v1";
  r.add("GET", b + "/schedulers", list);
  r.add("POST", b + "/schedulers", add);
  r.add("DELETE", b + "/schedulers/{name}", remove);
  r.add("POST", b + "/schedulers/{name}", pause);
  r.add("GET", b + "/scheduler-config/{name}/list", config_list);
}

}  // namespace pdsim
