// Config routes (server/api/config.go): GET/POST /config (prefixed and
// unqualified keys, PD's item/prefix errors), /config/schedule (partial
// object, unknown keys ignored, errcode on type errors), /config/replicate,
// /config/default, /config/pd-server, /config/cluster-version,
// /config/replication-mode, /config/label-property. Updates are atomic:
// applied to a copy, validated, then committed.
#include <algorithm>
#include <mutex>

#include "sim/format.hpp"
#include "sim/go_json.hpp"
#include "sim/http.hpp"

namespace pdsim {

namespace {

void write_special(JsonWriter& w, const Sim& sim, const std::string& name) {
  if (name == "default-store-limit") {
    w.begin_object().key("add-peer").i64(15).key("remove-peer").i64(15).end_object();
  } else if (name == "store-limit") {
    std::vector<const Store*> v;
    for (const Store& s : sim.cluster.stores())
      if (!s.purged) v.push_back(&s);
    std::sort(v.begin(), v.end(), [](auto* a, auto* b) { return std::to_string(a->id) < std::to_string(b->id); });
    w.begin_object();
    for (const Store* s : v)
      w.key(std::to_string(s->id)).begin_object().key("add-peer").f64(s->add_peer_rate).key("remove-peer").f64(s->remove_peer_rate).end_object();
    w.end_object();
  } else if (name == "schedulers-v2") {
    w.begin_array();
    for (const auto& s : sim.schedulers) {
      w.begin_object().key("type").str(s.type).key("args");
      if (s.stores.empty()) w.null();
      else {
        w.begin_array();
        for (uint64_t id : s.stores) w.str(std::to_string(id));
        w.end_array();
      }
      w.key("disable").boolean(s.disabled).key("args-payload").str("").end_object();
    }
    w.end_array();
  } else {
    w.null();
  }
}

void write_schedule(JsonWriter& w, const Sim& sim, const PdConfig& cfg) {
  cfg.schedule.write(w, [&](JsonWriter& ww, const std::string& n) { write_special(ww, sim, n); });
}

void no_special(JsonWriter& w, const std::string&) { w.null(); }

void replication_mode(JsonWriter& w) {
  w.begin_object().key("replication-mode").str("majority").key("dr-auto-sync").begin_object();
  w.key("label-key").str("").key("primary").str("").key("dr").str("").key("primary-replicas").i64(0);
  w.key("dr-replicas").i64(0).key("wait-store-timeout").str("1m0s").key("wait-recover-timeout").str("0s");
  w.key("pause-region-split").str("false").end_object().end_object();
}

void get_config(Ctx& c) {
  std::shared_lock lk(c.sim.mu);
  const Sim& s = c.sim;
  const MemberInfo& m = s.members[size_t(c.member)];
  JsonWriter w(true);
  w.begin_object().key("client-urls").str(m.client_url).key("peer-urls").str(m.peer_url);
  w.key("advertise-client-urls").str(m.client_url).key("advertise-peer-urls").str(m.peer_url);
  w.key("name").str(m.name).key("data-dir").str("/tidb-data/pd-2379").key("force-new-cluster").boolean(false);
  w.key("enable-grpc-gateway").boolean(true);
  std::string initial;
  for (const auto& x : s.members) initial += (initial.empty() ? "" : ",") + x.name + "=" + x.peer_url;
  w.key("initial-cluster").str(initial).key("initial-cluster-state").str("new");
  w.key("initial-cluster-token").str("pd-cluster").key("join").str("").key("lease").i64(5);
  w.key("log").begin_object().key("level").str(s.config.log_level).key("format").str("text");
  w.key("disable-timestamp").boolean(false).key("file").begin_object().key("filename").str("");
  w.key("max-size").i64(0).key("max-days").i64(0).key("max-backups").i64(0).end_object();
  w.key("development").boolean(false).key("disable-caller").boolean(false).key("disable-stacktrace").boolean(false);
  w.key("disable-error-verbose").boolean(true).key("sampling").null().key("error-output-path").str("").end_object();
  w.key("max-concurrent-tso-proxy-streamings").i64(5000).key("tso-proxy-recv-from-client-timeout").str("1h0m0s");
  w.key("tso-save-interval").str("5s").key("tso-update-physical-interval").str("50ms").key("enable-local-tso").boolean(false);
  w.key("metric").begin_object().key("job").str(m.name).key("address").str("").key("interval").str("15s").end_object();
  w.key("schedule");
  write_schedule(w, s, s.config);
  w.key("replication");
  s.config.replication.write(w, no_special);
  w.key("pd-server");
  s.config.pd_server.write(w, no_special);
  w.key("cluster-version").str(s.config.cluster_version).key("labels").begin_object().end_object();
  w.key("quota-backend-bytes").str("8GiB").key("auto-compaction-mode").str("periodic");
  w.key("auto-compaction-retention-v2").str("1h").key("tick-interval").str("500ms").key("election-interval").str("3s");
  w.key("enable-prevote").boolean(true).key("max-request-bytes").i64(157286400);
  w.key("security").begin_object().key("cacert-path").str("").key("cert-path").str("").key("key-path").str("");
  w.key("cert-allowed-cn").null().key("redact-info-log").boolean(false).key("encryption").begin_object();
  w.key("data-encryption-method").str("plaintext").key("data-key-rotation-period").str("168h0m0s");
  w.key("master-key").begin_object().key("type").str("").key("key-id").str("").key("region").str("");
  w.key("endpoint").str("").key("path").str("").end_object().end_object().end_object();
  w.key("label-property").null();
  w.key("dashboard").begin_object().key("tidb-cacert-path").str("").key("tidb-cert-path").str("");
  w.key("tidb-key-path").str("").key("public-path-prefix").str("").key("temp-dir").str("");
  w.key("internal-proxy").boolean(false).key("enable-telemetry").boolean(false);
  w.key("enable-experimental").boolean(false).key("disable-custom-prom-addr").boolean(false).end_object();
  w.key("replication-mode");
  replication_mode(w);
  w.key("keyspace").begin_object().key("pre-alloc").null().key("wait-region-split").boolean(true);
  w.key("wait-region-split-timeout").str("30s").key("check-region-split-interval").str("50ms");
  w.key("meta-service-groups").null().end_object();
  w.key("micro-service").begin_object().key("enable-scheduling-fallback").str("true");
  w.key("enable-tso-dynamic-switching").str("false").key("enable-resource-manager-fallback").str("true").end_object();
  w.key("controller").begin_object().key("degraded-mode-wait-duration").str("0s").key("ltb-max-wait-duration").str("30s");
  w.key("ltb-token-rpc-max-delay").str("1s").key("request-unit").begin_object().key("read-base-cost").f64(0.125);
  w.key("read-per-batch-base-cost").f64(0.5).key("read-cost-per-byte").f64(1.52587890625e-05);
  w.key("write-base-cost").f64(1).key("write-per-batch-base-cost").f64(1).key("write-cost-per-byte").f64(0.0009765625);
  w.key("read-cpu-ms-cost").f64(0.3333333333333333).end_object().key("enable-controller-trace-log").str("false");
  w.key("push-metrics-address").str("").key("push-metrics-interval").str("0s").end_object();
  w.end_object();
  c.json(200, w.take(false));
}

bool same_value(const ConfigField& a, const ConfigField& b) { return a.i == b.i && a.f == b.f && a.s == b.s; }

/// PD refuses a lasting change of an item whose TTL value is active.
std::string ttl_conflict(const Sim& sim, PdConfig& cfg, const std::vector<std::pair<std::string, std::string>>& touched) {
  for (const auto& [section, item] : touched) {
    if (!sim.ttl_of(section, item)) continue;
    const ConfigField* now = sim.config.section(section)->find(item);
    if (!same_value(*now, *cfg.section(section)->find(item))) return "need to clean up TTL first for " + section + "." + item;
  }
  return "";
}

/// POST /config?ttlSecond=N: the changed items are temporary; each keeps the
/// value it had before its first TTL change, restored when the TTL ends.
void remember_ttl(Sim& sim, const std::vector<std::pair<std::string, std::string>>& touched, uint64_t ttl_s) {
  for (const auto& [section, item] : touched) {
    int64_t expire = sim.now_ns + int64_t(ttl_s) * 1000000000LL;
    bool found = false;
    for (auto& t : sim.ttl_config)
      if (t.section == section && t.item == item) t.expire_ns = expire, found = true;
    if (!found) sim.ttl_config.push_back({section, item, *sim.config.section(section)->find(item), expire});
  }
}

// POST /config: {"schedule.x": v, "x": v, ...}; 400 on any problem.
void post_config(Ctx& c) {
  simdjson::dom::parser p;
  simdjson::dom::element doc;
  if (!read_json_body(c, p, doc)) return;
  simdjson::dom::object obj;
  if (doc.get_object().get(obj) != simdjson::SUCCESS)
    return c.json_string(400, "json: cannot unmarshal value into Go value of type map[string]interface {}");
  bool ttl = c.req.has_query("ttlSecond");
  uint64_t ttl_s = 0;
  if (ttl && !parse_u64(c.req.query_value("ttlSecond"), ttl_s, nullptr))
    return c.json_string(400, "strconv.Atoi: parsing \"" + c.req.query_value("ttlSecond") + "\": invalid syntax");
  std::unique_lock lk(c.sim.mu);
  PdConfig cfg = c.sim.config;
  std::vector<std::pair<std::string, std::string>> touched;  // section, item
  for (auto [k, v] : obj) {
    std::string key(k);
    size_t dot = key.find('.');
    std::string prefix = dot == std::string::npos ? "" : key.substr(0, dot);
    std::string item = dot == std::string::npos ? key : key.substr(dot + 1);
    std::string e;
    if (key == "cluster-version") {
      std::string_view sv;
      if (v.get_string().get(sv) != simdjson::SUCCESS) return c.json_string(400, "json: cannot unmarshal number into Go value of type string");
      cfg.cluster_version = std::string(sv);
      continue;
    }
    if (key == "log.level") {
      std::string_view sv;
      if (v.get_string().get(sv) != simdjson::SUCCESS) return c.json_string(400, "json: cannot unmarshal number into Go value of type string");
      cfg.log_level = std::string(sv);
      continue;
    }
    if (prefix.empty()) {
      prefix = cfg.schedule.find(item) ? "schedule" : cfg.replication.find(item) ? "replication"
               : cfg.pd_server.find(item) ? "pd-server" : "";
      if (prefix.empty()) return c.json_string(400, "config item " + item + " not found");
      e = cfg.section(prefix)->set(item, v);
    } else if (prefix == "schedule" || prefix == "replication" || prefix == "pd-server") {
      ConfigSection& sec = *cfg.section(prefix);
      if (!sec.find(item)) return c.json_string(400, "config item " + item + " not found");
      e = sec.set(item, v);
    } else if (prefix == "replication-mode" || prefix == "keyspace" || prefix == "micro-service" || prefix == "controller") {
      continue;  // accepted, not simulated
    } else {
      return c.json_string(400, "config prefix " + prefix + " not found");
    }
    if (!e.empty()) return c.json_string(400, e);
    touched.emplace_back(prefix, item);
  }
  std::string e = cfg.validate();
  if (!e.empty()) return c.json_string(400, e);
  if (!ttl) {
    e = ttl_conflict(c.sim, cfg, touched);
    if (!e.empty()) return c.json_string(400, e);
  } else if (ttl_s > 0) {
    remember_ttl(c.sim, touched, ttl_s);
  }
  c.sim.config = cfg;
  c.json_string(200, ttl ? "The ttl config is updated." : "The config is updated.");
}

// Go's UnmarshalTypeError as errcode data (offset approximated at the key).
std::string type_error_data(const std::string& body, const std::string& key, const std::string& go_struct,
                            const std::string& msg) {
  std::string value = "number";
  size_t p = msg.find("unmarshal ");
  if (p != std::string::npos) value = msg.substr(p + 10, msg.find(" into") - p - 10);
  size_t off = body.find("\"" + key + "\"");
  off = off == std::string::npos ? 0 : off + key.size() + 2;
  std::string d = "{\n    \"Value\": ";
  append_json_string(d, value);
  d += ",\n    \"Type\": {},\n    \"Offset\": " + std::to_string(off) + ",\n    \"Struct\": ";
  append_json_string(d, go_struct);
  d += ",\n    \"Field\": ";
  append_json_string(d, key);
  return d + "\n  }";
}

// POST /config/schedule or /config/replicate: partial object.
void post_section(Ctx& c, bool schedule) {
  simdjson::dom::parser p;
  simdjson::dom::element doc;
  if (!read_json_body(c, p, doc)) return;
  simdjson::dom::object obj;
  if (doc.get_object().get(obj) != simdjson::SUCCESS)
    return c.errcode_input("json: cannot unmarshal value into Go value of type config.ScheduleConfig", "{}");
  std::unique_lock lk(c.sim.mu);
  PdConfig cfg = c.sim.config;
  ConfigSection& sec = schedule ? cfg.schedule : cfg.replication;
  std::vector<std::pair<std::string, std::string>> touched;
  for (auto [k, v] : obj) {
    std::string key(k);
    if (!sec.find(key)) continue;  // unknown keys are ignored, like Go's json.Unmarshal
    std::string e = sec.set(key, v);
    touched.emplace_back(schedule ? "schedule" : "replication", key);
    if (e.empty()) continue;
    if (e.rfind("json: cannot unmarshal", 0) == 0)
      return c.errcode_input(e, type_error_data(c.req.body, key, sec.go_struct(), e));
    return c.json_string(500, e);
  }
  std::string e = cfg.validate();
  if (!e.empty()) return c.json_string(500, e);
  e = ttl_conflict(c.sim, cfg, touched);
  if (!e.empty()) return c.json_string(400, e);
  c.sim.config = cfg;
  c.json_string(200, "The config is updated.");
}

void get_schedule(Ctx& c) {
  std::shared_lock lk(c.sim.mu);
  JsonWriter w(true);
  write_schedule(w, c.sim, c.sim.config);
  c.json(200, w.take(false));
}

void get_section(Ctx& c, const ConfigSection PdConfig::*sec) {
  std::shared_lock lk(c.sim.mu);
  JsonWriter w(true);
  (c.sim.config.*sec).write(w, no_special);
  c.json(200, w.take(false));
}

void get_default(Ctx& c) {
  PdConfig def;
  JsonWriter w(true);
  w.begin_object().key("schedule");
  std::shared_lock lk(c.sim.mu);
  def.schedule.write(w, [&](JsonWriter& ww, const std::string& n) {
    if (n == "default-store-limit") write_special(ww, c.sim, n);
    else if (n == "schedulers-v2") ww.null();
    else ww.begin_object().end_object();
  });
  w.key("replication");
  def.replication.write(w, no_special);
  w.key("pd-server");
  def.pd_server.write(w, no_special);
  w.end_object();
  c.json(200, w.take(false));
}

void cluster_version(Ctx& c) {
  std::shared_lock lk(c.sim.mu);
  c.json_string(200, c.sim.config.cluster_version);
}

void post_cluster_version(Ctx& c) {
  simdjson::dom::parser p;
  simdjson::dom::element doc;
  if (!read_json_body(c, p, doc)) return;
  std::string_view v;
  if (!doc.is_object() || doc["cluster-version"].get_string().get(v) != simdjson::SUCCESS)
    return c.json_string(400, "not set cluster-version");
  std::unique_lock lk(c.sim.mu);
  c.sim.config.cluster_version = std::string(v);
  c.json_string(200, "The cluster-version is updated.");
}

void get_replication_mode(Ctx& c) {
  JsonWriter w(true);
  replication_mode(w);
  c.json(200, w.take(false));
}

}  // namespace

void register_config_routes(Router& r) {
  const std::string b = "/pd/api/v1";
  r.add("GET", b + "/config", get_config);
  r.add("POST", b + "/config", post_config);
  r.add("GET", b + "/config/default", get_default);
  r.add("GET", b + "/config/schedule", get_schedule);
  r.add("POST", b + "/config/schedule", [](Ctx& c) { post_section(c, true); });
  r.add("GET", b + "/config/replicate", [](Ctx& c) { get_section(c, &PdConfig::replication); });
  r.add("POST", b + "/config/replicate", [](Ctx& c) { post_section(c, false); });
  r.add("GET", b + "/config/pd-server", [](Ctx& c) { get_section(c, &PdConfig::pd_server); });
  r.add("GET", b + "/config/cluster-version", cluster_version);
  r.add("POST", b + "/config/cluster-version", post_cluster_version);
  r.add("GET", b + "/config/replication-mode", get_replication_mode);
  r.add("GET", b + "/config/label-property", [](Ctx& c) { c.json(200, "{}"); });
}

}  // namespace pdsim
