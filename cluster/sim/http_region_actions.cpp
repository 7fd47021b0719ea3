// Region mutation routes: POST /regions/split (synchronous split, returns
// the new region ids), /regions/scatter, /regions/accelerate-schedule and
// GET /regions/replicated.
#include <algorithm>
#include <mutex>

#include "sim/format.hpp"
#include "sim/go_json.hpp"
#include "sim/http.hpp"
#include "sim/operator_create.hpp"
#include "sim/regions_util.hpp"

namespace pdsim {

namespace {

bool hex_keys(Ctx& c, const simdjson::dom::array& arr, std::vector<std::string>& out) {
  for (auto k : arr) {
    std::string_view s;
    if (k.get_string().get(s) != simdjson::SUCCESS) {
      c.json_string(400, "json: cannot unmarshal number into Go value of type string");
      return false;
    }
    std::string err;
    auto raw = hex_decode(s, &err);
    if (!raw) {
      c.json_string(400, err);
      return false;
    }
    out.push_back(*raw);
  }
  return true;
}

void split(Ctx& c) {
  simdjson::dom::parser p;
  simdjson::dom::element doc;
  if (!read_json_body(c, p, doc)) return;
  simdjson::dom::array arr;
  if (!doc.is_object() || doc["split_keys"].get_array().get(arr) != simdjson::SUCCESS)
    return c.json_string(400, "split_keys should be provided.");
  std::vector<std::string> keys;
  if (!hex_keys(c, arr, keys)) return;
  std::unique_lock lk(c.sim.mu);
  Cluster& cl = c.sim.cluster;
  std::vector<uint64_t> ids;
  size_t done = 0;
  for (const std::string& k : keys) {
    auto pos = cl.locate(k);
    if (!pos) continue;
    uint32_t slot = cl.order()[*pos];
    if (cl.key(cl.region(slot).start) == k || c.sim.running.count(cl.region(slot).id)) {
      ++done;  // already a boundary
      continue;
    }
    uint64_t id = cl.alloc_id(), next = cl.alloc_id();
    cl.split(slot, k, id, next);
    cl.reserve_ids(next);
    ids.push_back(id);
    ++done;
  }
  JsonWriter w(true);
  w.begin_object().key("processed-percentage").i64(keys.empty() ? 100 : int64_t(done * 100 / keys.size()));
  w.key("regions-id").begin_array();
  for (uint64_t id : ids) w.u64(id);
  w.end_array().end_object();
  c.json(200, w.take(false));
}

void scatter(Ctx& c) {
  simdjson::dom::parser p;
  simdjson::dom::element doc;
  if (!read_json_body(c, p, doc)) return;
  std::unique_lock lk(c.sim.mu);
  std::vector<uint64_t> ids;
  simdjson::dom::array arr;
  std::string_view sk, ek, g;
  if (doc["regions_id"].get_array().get(arr) == simdjson::SUCCESS) {
    for (auto v : arr) {
      auto d = json_number(v);
      if (!d) return c.json_string(400, "regions_id is invalid");
      ids.push_back(go_u64_of(*d));
    }
  } else if (doc["start_key"].get_string().get(sk) == simdjson::SUCCESS &&
             doc["end_key"].get_string().get(ek) == simdjson::SUCCESS) {
    std::string err;
    auto s = hex_decode(sk, &err);
    auto e = s ? hex_decode(ek, &err) : std::nullopt;
    if (!s || !e) return c.json_string(400, err);
    const Cluster& cl = c.sim.cluster;
    auto pos = cl.locate(*s);
    for (size_t i = pos ? *pos : 0; i < cl.order().size(); ++i) {
      const Region& r = cl.region(cl.order()[i]);
      if (!e->empty() && !(std::string(cl.key(r.start)) < *e)) break;
      ids.push_back(r.id);
    }
  } else {
    return c.json_string(400, "need start_key, end_key or regions_id");
  }
  if (doc["group"].get_string().get(g)) {}
  size_t ok = 0;
  for (uint64_t id : ids)
    if (scatter_region(c.sim, id, std::string(g)).empty()) ++ok;
  JsonWriter w(true);
  w.begin_object().key("processed-percentage").i64(ids.empty() ? 100 : int64_t(ok * 100 / ids.size())).end_object();
  c.json(200, w.take(false));
}

void accelerate(Ctx& c) {
  simdjson::dom::parser p;
  simdjson::dom::element doc;
  if (!read_json_body(c, p, doc)) return;
  std::string_view sk, ek;
  if (!doc.is_object() || doc["start_key"].get_string().get(sk) != simdjson::SUCCESS)
    return c.json_string(400, "start_key is invalid");
  if (doc["end_key"].get_string().get(ek) != simdjson::SUCCESS) return c.json_string(400, "end_key is invalid");
  std::string err;
  if (!hex_decode(sk, &err) || !hex_decode(ek, &err)) return c.json_string(400, err);
  c.text(200, "Accelerate regions scheduling in a given range [" + std::string(sk) + "," + std::string(ek) + ")");
  c.res.body.pop_back();  // no trailing newline: written with w.Write
}

void replicated(Ctx& c) {
  if (!c.req.has_query("startKey") || !c.req.has_query("endKey"))
    return c.json_string(400, "there is no start_key or end_key");
  std::string err;
  auto s = hex_decode(c.req.query_value("startKey"), &err);
  auto e = s ? hex_decode(c.req.query_value("endKey"), &err) : std::nullopt;
  if (!s || !e) return c.json_string(400, err);
  std::shared_lock lk(c.sim.mu);
  const Cluster& cl = c.sim.cluster;
  auto pos = cl.locate(*s);
  std::string state = "REPLICATED";
  for (size_t i = pos ? *pos : 0; i < cl.order().size(); ++i) {
    const Region& r = cl.region(cl.order()[i]);
    if (!e->empty() && !(std::string(cl.key(r.start)) < *e)) break;
    if (region_has_check(c.sim, r, "miss-peer")) state = "PENDING";
    else if (state == "REPLICATED" && region_has_check(c.sim, r, "pending-peer")) state = "INPROGRESS";
  }
  c.json_string(200, state);
}

}  // namespace

void register_region_action_routes(Router& r) {
  const std::string b = "/pd/api/v1";
  r.add("POST", b + "/regions/split", split);
  r.add("POST", b + "/regions/scatter", scatter);
  r.add("POST", b + "/regions/accelerate-schedule", accelerate);
  r.add("GET", b + "/regions/replicated", replicated);
}

}  // namespace pdsim
