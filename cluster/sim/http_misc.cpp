// Cluster-level routes: health, ping, members, leader (resign/transfer),
// cluster, cluster/status, status, version (server/api/{member,health,
// cluster,status,version}.go).
#include <mutex>

#include "sim/format.hpp"
#include "sim/go_json.hpp"
#include "sim/http.hpp"

namespace pdsim {

namespace {

const char* kPdGitHash = "b7c1d5b0a3f1c6e29e1c95d8f3b4a2e1d0c9f8a7";

void write_member(JsonWriter& w, const MemberInfo& m, bool full) {
  w.begin_object().key("name").str(m.name).key("member_id").u64(m.member_id);
  w.key("peer_urls").begin_array().str(m.peer_url).end_array();
  w.key("client_urls").begin_array().str(m.client_url).end_array();
  if (full) {
    if (m.leader_priority) w.key("leader_priority").i64(m.leader_priority);
    w.key("deploy_path").str("/tidb-deploy/pd-2379/bin").key("binary_version").str("v8.5.2");
    w.key("git_hash").str(kPdGitHash);
  }
  w.end_object();
}

void health(Ctx& c) {
  std::shared_lock lk(c.sim.mu);
  JsonWriter w(true);
  w.begin_array();
  for (const auto& m : c.sim.members) {
    w.begin_object().key("name").str(m.name).key("member_id").u64(m.member_id);
    w.key("client_urls").begin_array().str(m.client_url).end_array();
    w.key("health").boolean(!m.stopped).end_object();
  }
  w.end_array();
  c.json(200, w.take(false));
}

void ping(Ctx& c) {
  c.res.status = 200;
  c.res.content_type.clear();
  c.res.body.clear();
}

void members(Ctx& c) {
  std::shared_lock lk(c.sim.mu);
  JsonWriter w(true);
  w.begin_object().key("header").begin_object().key("cluster_id").u64(c.sim.cluster.cluster_id).end_object();
  w.key("members").begin_array();
  for (const auto& m : c.sim.members) write_member(w, m, true);
  w.end_array();
  if (c.sim.leader >= 0) {
    w.key("leader");
    write_member(w, c.sim.members[size_t(c.sim.leader)], true);
    w.key("etcd_leader");
    write_member(w, c.sim.members[size_t(c.sim.leader)], true);
  }
  w.end_object();
  c.json(200, w.take(false));
}

void leader(Ctx& c) {
  std::shared_lock lk(c.sim.mu);
  if (c.sim.leader < 0) return c.json_string(500, "[PD:server:ErrServerNotStarted]server not started");
  JsonWriter w(true);
  write_member(w, c.sim.members[size_t(c.sim.leader)], false);
  c.json(200, w.take(false));
}

void resign(Ctx& c) {
  std::unique_lock lk(c.sim.mu);
  size_t n = c.sim.members.size();
  for (size_t k = 1; k <= n; ++k) {
    size_t i = (size_t(c.sim.leader) + k) % n;
    if (!c.sim.members[i].stopped && int(i) != c.sim.leader) {
      c.sim.leader = int(i);
      c.sim.log_chaos("pd:leader-resign", "{\"name\":\"" + c.sim.members[i].name + "\"}");
      break;
    }
  }
  c.json_string(200, "The resign command is submitted.");
}

void transfer(Ctx& c) {
  std::unique_lock lk(c.sim.mu);
  for (size_t i = 0; i < c.sim.members.size(); ++i) {
    if (c.sim.members[i].name != c.params[0]) continue;
    if (c.sim.members[i].stopped) return c.json_string(500, "etcdserver: unhealthy cluster");
    c.sim.leader = int(i);
    c.sim.log_chaos("pd:leader-transfer", "{\"name\":\"" + c.params[0] + "\"}");
    return c.json_string(200, "The transfer command is submitted.");
  }
  c.json_string(500, "[PD:member:ErrEtcdMemberNotFound]member " + c.params[0] + " not found");
}

void member_priority(Ctx& c) {
  simdjson::dom::parser p;
  simdjson::dom::element doc;
  if (!read_json_body(c, p, doc)) return;
  simdjson::dom::element v;
  if (doc["leader-priority"].get(v) != simdjson::SUCCESS) return c.json_string(400, "missing leader-priority");
  auto n = json_number(v);
  if (!n) return c.json_string(400, "bad format leader-priority");
  std::unique_lock lk(c.sim.mu);
  for (auto& m : c.sim.members)
    if (m.name == c.params[0]) {
      m.leader_priority = int64_t(*n);
      return c.json_string(200, "success");
    }
  c.json_string(404, "not found, pd: " + c.params[0]);
}

void cluster(Ctx& c) {
  std::shared_lock lk(c.sim.mu);
  c.json(200, "{\n  \"id\": " + std::to_string(c.sim.cluster.cluster_id) + ",\n  \"max_peer_count\": " +
                  std::to_string(c.sim.config.max_replicas()) + "\n}");
}

void cluster_status(Ctx& c) {
  std::shared_lock lk(c.sim.mu);
  JsonWriter w(true);
  w.begin_object().key("raft_bootstrap_time").str(rfc3339(c.sim.bootstrap_ns)).key("is_initialized").boolean(true);
  w.key("replication_status").str("").end_object();
  c.json(200, w.take(false));
}

void status(Ctx& c) {
  std::shared_lock lk(c.sim.mu);
  JsonWriter w(true);
  w.begin_object().key("build_ts").str("2026-06-12 03:21:09").key("version").str("v8.5.2");
  w.key("git_hash").str(kPdGitHash).key("start_timestamp").i64(c.sim.start_ns / 1000000000LL);
  w.key("kernel_type").str("Classic").end_object();
  c.json(200, w.take(false));
}

void version(Ctx& c) {
  c.json(200, "{\n  \"version\": \"v8.5.2\",\n  \"build_time\": \"\",\n  \"hash\": \"\",\n  \"branch\": \"\"\n}");
}

}  // namespace

void register_misc_routes(Router& r) {
  const std::string b = "/pd/api/v1";
  r.add("GET", b + "/health", health);
  r.add("GET", "/pd/health", health);
  r.add("GET", b + "/ping", ping);
  r.add("GET", "/pd/ping", ping);
  r.add("GET", b + "/members", members);
  r.add("GET", b + "/leader", leader);
  r.add("POST", b + "/leader/resign", resign);
  r.add("POST", b + "/leader/transfer/{name}", transfer);
  r.add("POST", b + "/members/name/{name}", member_priority);
  r.add("GET", b + "/cluster", cluster);
  r.add("GET", b + "/cluster/status", cluster_status);
  r.add("GET", b + "/status", status);
  r.add("GET", b + "/version", version);
}

}  // namespace pdsim
