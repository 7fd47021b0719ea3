// Operator routes (server/api/operator.go, pkg/schedule/handler): list,
// get/cancel by region, records, and POST /operators for every PD operator
// name with PD's validation order, status codes and error texts.
#include <algorithm>
#include <mutex>

#include "sim/format.hpp"
#include "sim/go_json.hpp"
#include "sim/http.hpp"
#include "sim/operator_builder.hpp"
#include "sim/operator_create.hpp"

namespace pdsim {

namespace {

const char* kNotFound = "[PD:operator:ErrOperatorNotFound]operator not found";

const char* status_name(int st) {
  switch (st) {
    case kStarted: return "RUNNING";
    case kSuccess: return "SUCCESS";
    case kTimeout: return "TIMEOUT";
    case kCanceled: return "CANCEL";
    case kReplaced: return "REPLACE";
    default: return nullptr;
  }
}

bool kind_matches(const Operator& op, const std::vector<std::string>& kinds) {
  if (kinds.empty()) return true;
  for (const auto& k : kinds) {
    if (k == "admin" && (op.kind & kOpAdmin)) return true;
    if (k == "leader" && (op.kind & kOpLeader)) return true;
    if (k == "region" && (op.kind & kOpRegion)) return true;
  }
  return false;
}

void list_operators(Ctx& c) {
  std::vector<std::string> kinds = c.req.query_values("kind");
  for (const auto& k : kinds)
    if (k != "admin" && k != "leader" && k != "region" && k != "waiting")
      return c.json_string(400, "unknown kind " + k);
  bool object = c.req.has_query("object");
  std::shared_lock lk(c.sim.mu);
  bool waiting_only = !kinds.empty() && std::all_of(kinds.begin(), kinds.end(), [](auto& k) { return k == "waiting"; });
  JsonWriter w(true);
  w.begin_array();
  if (!waiting_only) {
    for (const auto& [rid, op] : c.sim.running) {
      if (!kind_matches(op, kinds)) continue;
      if (!object) {
        w.str(op.str(c.sim.start_ns));
        continue;
      }
      w.begin_object().key("desc").str(op.desc).key("brief").str(op.brief).key("region_id").u64(op.region_id);
      w.key("region_epoch").begin_object();
      if (op.conf_ver) w.key("conf_ver").u64(op.conf_ver);
      if (op.version) w.key("version").u64(op.version);
      w.end_object().key("kind").u64(op.kind).key("timeout").str(go_duration(op.timeout_ns));
      w.key("status").i64(op.status).end_object();
    }
  }
  w.end_array();
  c.json(200, w.take(false));
}

bool region_id_param(Ctx& c, uint64_t& id) {
  std::string err;
  if (parse_u64(c.params[0], id, &err)) return true;
  c.json_string(400, err);
  return false;
}

void get_operator(Ctx& c) {
  uint64_t id;
  if (!region_id_param(c, id)) return;
  std::shared_lock lk(c.sim.mu);
  const Operator* op = nullptr;
  auto it = c.sim.running.find(id);
  if (it != c.sim.running.end()) op = &it->second;
  else if (auto f = c.sim.finished.find(id); f != c.sim.finished.end()) op = &f->second;
  if (!op) return c.json_string(500, kNotFound);
  const char* name = status_name(op->status);
  std::string st = name ? name : std::to_string(op->status);
  c.json_string(200, "status: " + st + ", operator: " + op->str(c.sim.start_ns));
}

void delete_operator(Ctx& c) {
  uint64_t id;
  if (!region_id_param(c, id)) return;
  std::unique_lock lk(c.sim.mu);
  if (!c.sim.cancel_operator(id, kCanceled)) return c.json_string(500, kNotFound);
  c.json_string(200, "The pending operator is canceled.");
}

void delete_all(Ctx& c) {
  std::unique_lock lk(c.sim.mu);
  std::vector<uint64_t> ids;
  for (auto& [rid, op] : c.sim.running) ids.push_back(rid);
  for (uint64_t id : ids) c.sim.cancel_operator(id, kCanceled);
  c.json_string(200, "All pending operators are canceled.");
}

void records(Ctx& c) {
  int64_t from_s = 0;
  if (c.req.has_query("from")) {
    std::string v = c.req.query_value("from");
    char* end = nullptr;
    from_s = std::strtoll(v.c_str(), &end, 10);
    if (v.empty() || *end) return c.json_string(400, "strconv.ParseInt: parsing \"" + v + "\": invalid syntax");
  }
  std::shared_lock lk(c.sim.mu);
  JsonWriter w(true);
  w.begin_array();
  size_t n = 0;
  for (const Operator& op : c.sim.records) {
    if (op.finish_ns / 1000000000LL < from_s) continue;
    ++n;
    w.str(op.str(c.sim.start_ns) + " (finishAt:" +
          go_time_string(op.finish_ns, double(op.finish_ns - c.sim.start_ns) / 1e9) +
          ", duration:" + go_duration(op.finish_ns - op.start_ns) + ")");
  }
  w.end_array();
  if (n == 0) return c.json_string(500, kNotFound);
  c.json(200, w.take(false));
}

void create(Ctx& c) {
  simdjson::dom::parser p;
  simdjson::dom::element doc;
  if (!read_json_body(c, p, doc)) return;
  std::unique_lock lk(c.sim.mu);
  CreateResult r = create_operator(c.sim, doc);
  if (!r.json_body.empty()) return c.json(r.status, r.json_body);
  c.json_string(r.status, r.message);
}

}  // namespace

void register_operator_routes(Router& r) {
  const std::string b = "/pd/api/v1";
  r.add("GET", b + "/operators", list_operators);
  r.add("POST", b + "/operators", create);
  r.add("DELETE", b + "/operators", delete_all);
  r.add("GET", b + "/operators/records", records);
  r.add("GET", b + "/operators/{id}", get_operator);
  r.add("DELETE", b + "/operators/{id}", delete_operator);
}

}  // namespace pdsim
