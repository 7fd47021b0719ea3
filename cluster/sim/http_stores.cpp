// Store routes: /stores, /stores/check, /store/{id} (GET, DELETE, state,
// label, weight, limit), /stores/limit, /stores/remove-tombstone,
// /stores/progress; PD's validation and error texts (server/api/store.go).
#include <algorithm>
#include <cctype>
#include <mutex>

#include "sim/format.hpp"
#include "sim/go_json.hpp"
#include "sim/http.hpp"
#include "sim/store_json.hpp"

namespace pdsim {

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = char(std::tolower((unsigned char)c));
  return s;
}

std::string not_found(uint64_t id) { return "[PD:core:ErrStoreNotFound]store " + std::to_string(id) + " not found"; }
std::string removed(uint64_t id) { return "[PD:core:ErrStoreRemoved]store " + std::to_string(id) + " has been removed"; }

// Parses {id} of /store/{id}*; writes PD's errcode 400 on failure.
bool store_id_param(Ctx& c, uint64_t& id) {
  std::string err;
  if (!parse_u64(c.params[0], id, &err)) {
    c.errcode_input(err, "{}");
    return false;
  }
  return true;
}

Store* find_store(Ctx& c, uint64_t id) {
  Store* s = c.sim.store_by_id(id);
  return s && !s->purged ? s : nullptr;
}

void get_stores(Ctx& c) {
  std::vector<int> states;
  for (const auto& v : c.req.query_values("state")) {
    char* end = nullptr;
    long n = std::strtol(v.c_str(), &end, 10);
    if (v.empty() || *end) {
      c.json_string(500, "strconv.Atoi: parsing \"" + v + "\": invalid syntax");
      return;
    }
    if (n < 0 || n > 2) {
      c.json_string(500, "unknown StoreState: " + std::to_string(n));
      return;
    }
    states.push_back(int(n));
  }
  if (states.empty()) states = {0, 1};
  std::shared_lock lk(c.sim.mu);
  std::vector<const Store*> out;
  for (const Store& s : c.sim.cluster.stores())
    if (!s.purged && std::find(states.begin(), states.end(), s.state) != states.end()) out.push_back(&s);
  c.json(200, stores_info_json(c.sim, out));
}

void get_stores_check(Ctx& c) {
  std::vector<std::string> names;
  for (const auto& v : c.req.query_values("state")) {
    std::string l = lower(v);
    if (l != "up" && l != "offline" && l != "tombstone" && l != "down" && l != "disconnected") {
      c.json_string(400, "unknown StoreState: " + v);
      return;
    }
    names.push_back(l);
  }
  std::shared_lock lk(c.sim.mu);
  std::vector<const Store*> out;
  for (const Store& s : c.sim.cluster.stores()) {
    if (s.purged) continue;
    std::string st = lower(health_name(c.sim.health(s)));
    if (names.empty() || std::find(names.begin(), names.end(), st) != names.end()) out.push_back(&s);
  }
  c.json(200, stores_info_json(c.sim, out));
}

void get_store(Ctx& c) {
  uint64_t id;
  if (!store_id_param(c, id)) return;
  std::shared_lock lk(c.sim.mu);
  const Store* s = find_store(c, id);
  if (!s) return c.json_string(404, not_found(id));
  JsonWriter w(true);
  write_store_info(w, c.sim, *s);
  c.json(200, w.take(false));
}

// PD's checkStoreRemovable: enough Up TiKV stores must remain for max-replicas.
std::string removable(const Sim& sim, const Store& s) {
  if (s.state != 0 || s.is_tiflash()) return "";
  int64_t up = 0;
  for (const Store& o : sim.cluster.stores())
    if (!o.purged && o.state == 0 && !o.is_tiflash()) ++up;
  uint64_t need = sim.config.max_replicas();
  if (uint64_t(up - 1) < need)
    return "[PD:core:ErrStoresNotEnough]can not remove store " + std::to_string(s.id) +
           " since the number of up stores would be " + std::to_string(up - 1) + " while need " +
           std::to_string(need);
  return "";
}

void set_offline(Sim& sim, Store& s, bool force) {
  s.state = 1;
  s.node_state = 2;
  if (force) s.physically_destroyed = true;
  s.removing_since_ns = sim.now_ns;
  s.removing_start_size = s.region_size;
}

void delete_store(Ctx& c) {
  uint64_t id;
  if (!store_id_param(c, id)) return;
  std::unique_lock lk(c.sim.mu);
  Store* s = find_store(c, id);
  if (!s) return c.json_string(404, not_found(id));
  if (s->state == 2) return c.json_string(410, removed(id));
  bool force = c.req.has_query("force");
  if (s->physically_destroyed && !force)
    return c.json_string(400, "[PD:core:ErrStoreDestroyed]store " + std::to_string(id) + " has been physically destroyed");
  if (s->state == 0) {
    std::string err = removable(c.sim, *s);
    if (!err.empty()) return c.json_string(400, err);
    set_offline(c.sim, *s, force);
    c.sim.log_chaos("pd:store-delete", "{\"store_id\":" + std::to_string(id) + "}");
  }
  c.json_string(200, "The store is set as Offline.");
}

void post_store_state(Ctx& c) {
  uint64_t id;
  if (!store_id_param(c, id)) return;
  std::string state = c.req.query_value("state");
  std::string l = lower(state);
  if (l != "up" && l != "offline") return c.json_string(400, "invalid state " + state);
  std::unique_lock lk(c.sim.mu);
  Store* s = find_store(c, id);
  if (!s) return c.json_string(404, not_found(id));
  if (s->state == 2) return c.json_string(410, removed(id));
  if (l == "up") {
    if (s->state == 1) {
      if (s->physically_destroyed)
        return c.json_string(400, "[PD:core:ErrStoreDestroyed]store " + std::to_string(id) + " has been physically destroyed");
      s->state = 0;
      s->node_state = 1;
      s->removing_since_ns = 0;
    }
  } else if (s->state == 0) {
    std::string err = removable(c.sim, *s);
    if (!err.empty()) return c.json_string(400, err);
    set_offline(c.sim, *s, false);
  }
  c.json_string(200, "The store's state is updated.");
}

bool valid_label_part(std::string_view v) {
  if (v.empty()) return false;
  size_t i = v[0] == '$' ? 1 : 0;
  if (i >= v.size()) return false;
  for (size_t k = i; k < v.size(); ++k) {
    char ch = v[k];
    bool ok = std::isalnum((unsigned char)ch) || ((ch == '-' || ch == '_' || ch == '.' || ch == '/') && k != i &&
                                                  k + 1 != v.size());
    if (!ok) return false;
  }
  return true;
}

void post_store_label(Ctx& c) {
  uint64_t id;
  if (!store_id_param(c, id)) return;
  simdjson::dom::parser p;
  simdjson::dom::element doc;
  if (!read_json_body(c, p, doc)) return;
  simdjson::dom::object obj;
  if (doc.get_object().get(obj) != simdjson::SUCCESS)
    return c.errcode_input("json: cannot unmarshal " + std::string(doc.is_array() ? "array" : "value") +
                               " into Go value of type map[string]string", "{}");
  std::vector<std::pair<std::string, std::string>> labels;
  for (auto [k, v] : obj) {
    std::string_view sv;
    if (v.get_string().get(sv) != simdjson::SUCCESS)
      return c.errcode_input("json: cannot unmarshal number into Go value of type string", "{}");
    if (!valid_label_part(k)) return c.errcode_input("invalid label key " + std::string(k), "{}");
    if (!valid_label_part(sv)) return c.errcode_input("invalid label value " + std::string(sv), "{}");
    if (k == "engine") return c.errcode_input("label key engine is reserved", "{}");
    labels.emplace_back(std::string(k), std::string(sv));
  }
  std::unique_lock lk(c.sim.mu);
  Store* s = find_store(c, id);
  if (!s) return c.json_string(500, not_found(id));
  if (c.req.has_query("force")) s->labels.clear();
  for (auto& [k, v] : labels) {
    auto it = std::find_if(s->labels.begin(), s->labels.end(), [&](auto& kv) { return kv.first == k; });
    if (it != s->labels.end()) it->second = v;
    else s->labels.emplace_back(k, v);
  }
  c.json_string(200, "The store's label is updated.");
}

void delete_store_label(Ctx& c) {
  uint64_t id;
  if (!store_id_param(c, id)) return;
  simdjson::dom::parser p;
  simdjson::dom::element doc;
  if (!read_json_body(c, p, doc)) return;
  std::string_view key;
  if (doc.get_string().get(key) != simdjson::SUCCESS)
    return c.errcode_input("json: cannot unmarshal value into Go value of type string", "{}");
  std::unique_lock lk(c.sim.mu);
  Store* s = find_store(c, id);
  if (!s) return c.json_string(500, not_found(id));
  auto it = std::find_if(s->labels.begin(), s->labels.end(), [&](auto& kv) { return kv.first == key; });
  if (it == s->labels.end())
    return c.json_string(400, "the label key " + std::string(key) + " does not exist");
  s->labels.erase(it);
  c.json_string(200, "The label " + std::string(key) + " is deleted for store " + std::to_string(id) + ".");
}

void post_store_weight(Ctx& c) {
  uint64_t id;
  if (!store_id_param(c, id)) return;
  simdjson::dom::parser p;
  simdjson::dom::element doc;
  if (!read_json_body(c, p, doc)) return;
  simdjson::dom::element lv, rv;
  if (doc["leader"].get(lv) != simdjson::SUCCESS) return c.json_string(400, "leader weight unset");
  if (doc["region"].get(rv) != simdjson::SUCCESS) return c.json_string(400, "region weight unset");
  auto l = json_number(lv), r = json_number(rv);
  if (!l) return c.json_string(400, "bad format leader weight");
  if (!r) return c.json_string(400, "bad format region weight");
  if (*l < 0 || *r < 0) return c.json_string(400, "weight can't be negative");
  std::unique_lock lk(c.sim.mu);
  Store* s = find_store(c, id);
  if (!s) return c.json_string(500, not_found(id));
  s->leader_weight = *l;
  s->region_weight = *r;
  c.json_string(200, "The store's weight is updated.");
}

// Parses {"rate": N, "type": ...}; type empty = both.
bool parse_limit_body(Ctx& c, simdjson::dom::element& doc, double& rate, std::string& type) {
  simdjson::dom::element rv, tv;
  if (doc["ttlSecond"].get(tv) == simdjson::SUCCESS) {
    c.json_string(400, "ttlSecond is deprecated");
    return false;
  }
  if (doc["rate"].get(rv) != simdjson::SUCCESS) {
    c.json_string(400, "rate unset");
    return false;
  }
  auto r = json_number(rv);
  if (!r) {
    c.json_string(400, "invalid rate which should be larger than 0");
    return false;
  }
  if (*r <= 0) {
    c.json_string(400, "invalid rate which should be larger than 0");
    return false;
  }
  rate = *r;
  type.clear();
  if (doc["type"].get(tv) == simdjson::SUCCESS) {
    std::string_view t;
    if (tv.get_string().get(t) != simdjson::SUCCESS || (t != "add-peer" && t != "remove-peer")) {
      c.json_string(400, "unknown type");
      return false;
    }
    type = std::string(t);
  }
  return true;
}

void apply_limit(Store& s, double rate, const std::string& type) {
  if (type.empty() || type == "add-peer") s.add_peer_rate = rate;
  if (type.empty() || type == "remove-peer") s.remove_peer_rate = rate;
}

void post_store_limit(Ctx& c) {
  uint64_t id;
  if (!store_id_param(c, id)) return;
  simdjson::dom::parser p;
  simdjson::dom::element doc;
  if (!read_json_body(c, p, doc)) return;
  double rate;
  std::string type;
  if (!parse_limit_body(c, doc, rate, type)) return;
  std::unique_lock lk(c.sim.mu);
  Store* s = find_store(c, id);
  if (!s) return c.json_string(500, not_found(id));
  apply_limit(*s, rate, type);
  c.json_string(200, "The store's limit is updated.");
}

void post_stores_limit(Ctx& c) {
  simdjson::dom::parser p;
  simdjson::dom::element doc;
  if (!read_json_body(c, p, doc)) return;
  double rate;
  std::string type;
  if (!parse_limit_body(c, doc, rate, type)) return;
  std::vector<std::pair<std::string, std::string>> want;
  simdjson::dom::object labels;
  if (doc["labels"].get_object().get(labels) == simdjson::SUCCESS) {
    for (auto [k, v] : labels) {
      std::string_view sv;
      if (v.get_string().get(sv) != simdjson::SUCCESS) return c.json_string(400, "invalid label");
      want.emplace_back(std::string(k), std::string(sv));
    }
  }
  std::unique_lock lk(c.sim.mu);
  for (Store& s : c.sim.cluster.stores()) {
    if (s.purged || s.state == 2) continue;
    bool match = std::all_of(want.begin(), want.end(), [&](auto& kv) { return s.label(kv.first) == kv.second; });
    if (match) apply_limit(s, rate, type);
  }
  c.json_string(200, "Set store limit successfully.");
}

void get_stores_limit(Ctx& c) {
  bool tomb = c.req.query_value("include_tombstone") == "true";
  std::shared_lock lk(c.sim.mu);
  std::vector<const Store*> v;
  for (const Store& s : c.sim.cluster.stores())
    if (!s.purged && (tomb || s.state != 2)) v.push_back(&s);
  // encoding/json sorts map keys as strings.
  std::sort(v.begin(), v.end(), [](auto* a, auto* b) { return std::to_string(a->id) < std::to_string(b->id); });
  JsonWriter w(true);
  w.begin_object();
  for (const Store* s : v) {
    w.key(std::to_string(s->id)).begin_object();
    w.key("add-peer").f64(s->add_peer_rate).key("remove-peer").f64(s->remove_peer_rate).end_object();
  }
  w.end_object();
  c.json(200, w.take(false));
}

void remove_tombstone(Ctx& c) {
  std::unique_lock lk(c.sim.mu);
  for (Store& s : c.sim.cluster.stores())
    if (s.state == 2) s.purged = true;
  c.json_string(200, "Remove tombstone successfully.");
}

void get_progress(Ctx& c) {
  std::string ids = c.req.query_value("id"), action = c.req.query_value("action");
  if (ids.empty() && action.empty()) return c.json_string(400, "need query parameters");
  std::shared_lock lk(c.sim.mu);
  const Store* s = nullptr;
  if (!ids.empty()) {
    uint64_t id;
    std::string err;
    if (!parse_u64(ids, id, &err)) return c.json_string(400, err);
    s = find_store(c, id);
  } else if (action == "removing") {
    for (const Store& o : c.sim.cluster.stores())
      if (!o.purged && o.state == 1) s = &o;
  } else if (action != "preparing") {
    return c.json_string(400, "unknown action " + action);
  }
  if (!s || s->state != 1) return c.json_string(404, "no progress found for the given store ID");
  double done = double(s->removing_start_size - s->region_size);
  double elapsed = double(c.sim.now_ns - s->removing_since_ns) / 1e9;
  double progress = s->removing_start_size > 0 ? done / double(s->removing_start_size) : 1.0;
  double speed = elapsed > 0 ? done / elapsed : 0;
  double left = speed > 0 ? double(s->region_size) / speed : 1.7976931348623157e308;
  JsonWriter w(true);
  w.begin_object().key("action").str("removing").key("store_id").u64(s->id);
  w.key("progress").f64(progress).key("current_speed").f64(speed).key("left_seconds").f64(left).end_object();
  c.json(200, w.take(false));
}

}  // namespace

void register_store_routes(Router& r) {
  const std::string b = "/pd/api/v1";
  r.add("GET", b + "/stores", get_stores);
  r.add("GET", b + "/stores/check", get_stores_check);
  r.add("GET", b + "/stores/limit", get_stores_limit);
  r.add("POST", b + "/stores/limit", post_stores_limit);
  r.add("DELETE", b + "/stores/remove-tombstone", remove_tombstone);
  r.add("GET", b + "/stores/progress", get_progress);
  r.add("GET", b + "/store/{id}", get_store);
  r.add("DELETE", b + "/store/{id}", delete_store);
  r.add("POST", b + "/store/{id}/state", post_store_state);
  r.add("POST", b + "/store/{id}/label", post_store_label);
  r.add("DELETE", b + "/store/{id}/label", delete_store_label);
  r.add("POST", b + "/store/{id}/weight", post_store_weight);
  r.add("POST", b + "/store/{id}/limit", post_store_limit);
}

}  // namespace pdsim
