// StoreInfo emitter: MetaStore fields (omitempty) + state_name, then
// StoreStatus in PD's field order.
#include "sim/store_json.hpp"

#include <algorithm>
#include <cmath>

#include "sim/format.hpp"

namespace pdsim {

namespace {
constexpr double kMinWeight = 1e-6;
}

double leader_score(const Store& s) { return double(s.leader_count) / std::max(s.leader_weight, kMinWeight); }

double region_score(const Store& s, double low_space_ratio, int64_t delta_size) {
  const double gib = double(1ULL << 30);
  double A = double(s.available_bytes()) / gib, C = double(s.capacity) / gib;
  double R = double(std::max<int64_t>(0, s.region_size + delta_size));
  double K = 1, M = 256, F = 50, B = 1e7;
  F = std::max(F, C * (1 - low_space_ratio));
  double score;
  if (A >= C || C < 1) score = R;
  else if (A > F) score = (K + M * (std::log(C) - std::log(A - F + 1)) / (C - A + F - 1)) * R;
  else score = (K + M * std::log(C) / C) * R + B * (F - A) / F;
  return score / std::max(s.region_weight, kMinWeight);
}

bool pause_leader_in(const Sim& sim, const Store& s) {
  for (const auto& sc : sim.schedulers)
    if (sc.type == "evict-leader" && std::find(sc.stores.begin(), sc.stores.end(), s.id) != sc.stores.end())
      return true;
  return false;
}

void write_store_info(JsonWriter& w, const Sim& sim, const Store& s) {
  w.begin_object().key("store").begin_object();
  w.key("id").u64(s.id).key("address").str(s.address);
  if (s.state) w.key("state").i64(s.state);
  if (!s.labels.empty()) {
    w.key("labels").begin_array();
    for (auto& [k, v] : s.labels) w.begin_object().key("key").str(k).key("value").str(v).end_object();
    w.end_array();
  }
  if (!s.version.empty()) w.key("version").str(s.version);
  if (!s.peer_address.empty()) w.key("peer_address").str(s.peer_address);
  if (!s.status_address.empty()) w.key("status_address").str(s.status_address);
  if (!s.git_hash.empty()) w.key("git_hash").str(s.git_hash);
  if (s.start_timestamp_s) w.key("start_timestamp").i64(s.start_timestamp_s);
  if (!s.deploy_path.empty()) w.key("deploy_path").str(s.deploy_path);
  if (s.last_hb_ns) w.key("last_heartbeat").i64(s.last_hb_ns);
  if (s.physically_destroyed) w.key("physically_destroyed").boolean(true);
  if (s.node_state) w.key("node_state").i64(s.node_state);
  w.key("state_name").str(health_name(sim.health(s)));
  w.end_object();

  double low = sim.config.schedule.f("low-space-ratio");
  w.key("status").begin_object();
  w.key("capacity").str(go_bytes_size(double(s.capacity)));
  w.key("available").str(go_bytes_size(double(s.available_bytes())));
  w.key("used_size").str(go_bytes_size(double(s.used_bytes())));
  w.key("leader_count").i64(s.leader_count).key("leader_weight").f64(s.leader_weight);
  w.key("leader_score").f64(leader_score(s)).key("leader_size").i64(s.leader_size);
  w.key("region_count").i64(s.region_count).key("region_weight").f64(s.region_weight);
  w.key("region_score").f64(region_score(s, low)).key("region_size").i64(s.region_size);
  if (s.learner_count) w.key("learner_count").i64(s.learner_count);
  if (s.witness_count) w.key("witness_count").i64(s.witness_count);
  if (s.slow_score) w.key("slow_score").u64(s.slow_score);
  if (s.sending_snaps) w.key("sending_snap_count").i64(s.sending_snaps);
  if (s.receiving_snaps) w.key("receiving_snap_count").i64(s.receiving_snaps);
  if (s.last_hb_ns) {
    int64_t start_ns = s.start_timestamp_s * 1000000000LL;
    w.key("start_ts").str(rfc3339(start_ns));
    w.key("last_heartbeat_ts").str(rfc3339(s.last_hb_ns));
    w.key("uptime").str(go_duration(std::max<int64_t>(0, s.last_hb_ns - start_ns)));
  }
  if (pause_leader_in(sim, s)) w.key("pause_leader_transfer_in").boolean(true);
  w.end_object().end_object();
}

std::string stores_info_json(const Sim& sim, const std::vector<const Store*>& stores) {
  JsonWriter w(true);
  w.begin_object().key("count").u64(stores.size()).key("stores").begin_array();
  for (const Store* s : stores) write_store_info(w, sim, *s);
  w.end_array().end_object();
  return w.take(false);
}

}  // namespace pdsim
