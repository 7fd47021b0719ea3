// --load DIR: starts pdsim from a real PD's state: stores.json (GET
// /stores), regions.json (GET /regions) and config.json (GET /config).
// Tolerates older PD formats (README §9): encoding/json peer key order,
// missing role_name, "10 GiB" byte sizes, null for missing regions.
// Heartbeat ages are preserved: the newest heartbeat in the dump becomes
// "now", so a Down store stays Down.
#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "scenarios/scenario.hpp"
#include "sim/format.hpp"

namespace pdsim {

namespace {

bool read_file(const std::string& path, std::string& out, std::string* err) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return *err = "cannot read " + path, false;
  std::stringstream ss;
  ss << f.rdbuf();
  out = ss.str();
  return true;
}

// "1.718TiB", "10 GiB", "512B" -> bytes.
uint64_t parse_size(std::string_view s) {
  std::string t;
  for (char c : s)
    if (c != ' ') t.push_back(c);
  char* end = nullptr;
  double v = std::strtod(t.c_str(), &end);
  std::string unit = end ? end : "";
  static const std::pair<const char*, double> units[] = {
      {"B", 1},          {"KiB", 1024.0},   {"MiB", 1048576.0},  {"GiB", 1073741824.0}, {"TiB", 1099511627776.0},
      {"PiB", 1125899906842624.0}, {"KB", 1000.0}, {"MB", 1e6}, {"GB", 1e9}, {"TB", 1e12}, {"PB", 1e15}};
  for (auto& [u, m] : units)
    if (unit == u) return uint64_t(v * m);
  return uint64_t(v);
}

uint64_t u64_or(simdjson::dom::element e, const char* key, uint64_t def = 0) {
  uint64_t v;
  if (e[key].get_uint64().get(v) == simdjson::SUCCESS) return v;
  int64_t i;
  if (e[key].get_int64().get(i) == simdjson::SUCCESS) return uint64_t(i);
  return def;
}

std::string str_or(simdjson::dom::element e, const char* key) {
  std::string_view s;
  return e[key].get_string().get(s) == simdjson::SUCCESS ? std::string(s) : std::string();
}

bool load_stores(Sim& sim, const std::string& text, int64_t& newest_hb, std::string* err) {
  simdjson::dom::parser p;
  simdjson::dom::element doc;
  simdjson::dom::array stores;
  if (p.parse(text).get(doc) != simdjson::SUCCESS || doc["stores"].get_array().get(stores) != simdjson::SUCCESS)
    return *err = "stores.json: not a PD /stores body", false;
  for (auto e : stores) {
    simdjson::dom::element m, st;
    if (e["store"].get(m) != simdjson::SUCCESS) continue;
    if (e["status"].get(st)) {}
    Store s;
    s.id = u64_or(m, "id");
    if (!s.id) continue;
    s.address = str_or(m, "address");
    s.peer_address = str_or(m, "peer_address");
    s.version = str_or(m, "version");
    s.git_hash = str_or(m, "git_hash");
    s.deploy_path = str_or(m, "deploy_path");
    s.state = int(u64_or(m, "state"));
    s.node_state = int(u64_or(m, "node_state", s.state == 2 ? 3 : s.state == 1 ? 2 : 1));
    s.start_timestamp_s = int64_t(u64_or(m, "start_timestamp"));
    s.last_hb_ns = int64_t(u64_or(m, "last_heartbeat"));
    simdjson::dom::array labels;
    if (m["labels"].get_array().get(labels) == simdjson::SUCCESS)
      for (auto l : labels) s.labels.emplace_back(str_or(l, "key"), str_or(l, "value"));
    std::string name = str_or(m, "state_name");
    if (name == "Down" || name == "Disconnected") s.alive = false;
    if (st.is_object()) {
      s.capacity = parse_size(str_or(st, "capacity"));
      s.other_used = parse_size(str_or(st, "used_size"));
      double w;
      if (st["leader_weight"].get_double().get(w) == simdjson::SUCCESS) s.leader_weight = w;
      if (st["region_weight"].get_double().get(w) == simdjson::SUCCESS) s.region_weight = w;
    }
    newest_hb = std::max(newest_hb, s.last_hb_ns);
    sim.cluster.add_store(std::move(s));
  }
  if (sim.cluster.stores().empty()) return *err = "stores.json: no stores", false;
  return true;
}

bool parse_peer(Sim& sim, simdjson::dom::element e, Peer& peer) {
  peer.id = u64_or(e, "id");
  auto slot = sim.cluster.store_slot(u64_or(e, "store_id"));
  if (!peer.id || !slot) return false;
  peer.store = *slot;
  uint64_t role = u64_or(e, "role");
  bool learner = false;
  if (e["is_learner"].get_bool().get(learner)) {}
  peer.role = role <= 3 ? PeerRole(role) : PeerRole::Voter;
  if (learner && role == 0) peer.role = PeerRole::Learner;
  return true;
}

bool load_regions(Sim& sim, const std::string& text, std::string* err) {
  simdjson::dom::parser p;
  simdjson::dom::element doc;
  simdjson::dom::array regions;
  if (p.parse(text).get(doc) != simdjson::SUCCESS || doc["regions"].get_array().get(regions) != simdjson::SUCCESS)
    return *err = "regions.json: not a PD /regions body", false;
  Cluster& cl = sim.cluster;
  for (auto e : regions) {
    Region r;
    r.id = u64_or(e, "id");
    if (!r.id) continue;
    std::string herr;
    auto sk = hex_decode(str_or(e, "start_key"), &herr), ek = hex_decode(str_or(e, "end_key"), &herr);
    if (!sk || !ek) return *err = "regions.json: region " + std::to_string(r.id) + ": " + herr, false;
    r.start = cl.add_key(*sk);
    r.end = cl.add_key(*ek);
    simdjson::dom::element ep;
    if (e["epoch"].get(ep) == simdjson::SUCCESS) {
      r.conf_ver = uint32_t(u64_or(ep, "conf_ver"));
      r.version = uint32_t(u64_or(ep, "version"));
    }
    simdjson::dom::array peers;
    if (e["peers"].get_array().get(peers) == simdjson::SUCCESS)
      for (auto pe : peers) {
        Peer peer;
        if (r.npeers < kMaxPeers && parse_peer(sim, pe, peer)) r.peers[r.npeers++] = peer;
      }
    uint64_t leader_id = 0;
    simdjson::dom::element le;
    if (e["leader"].get(le) == simdjson::SUCCESS && le.is_object()) leader_id = u64_or(le, "id");
    for (int i = 0; i < r.npeers; ++i)
      if (r.peers[i].id == leader_id) r.leader = int8_t(i);
    simdjson::dom::array pending;
    if (e["pending_peers"].get_array().get(pending) == simdjson::SUCCESS)
      for (auto pp : pending)
        for (int i = 0; i < r.npeers; ++i)
          if (r.peers[i].id == u64_or(pp, "id")) r.peers[i].pending = 1;
    r.size_mib = uint32_t(u64_or(e, "approximate_size", 1));
    r.keys = uint32_t(std::min<uint64_t>(u64_or(e, "approximate_keys"), UINT32_MAX));
    r.kv_size_mib = uint32_t(u64_or(e, "approximate_kv_size", r.size_mib));
    r.wbytes = uint32_t(std::min<uint64_t>(u64_or(e, "written_bytes"), UINT32_MAX));
    r.rbytes = uint32_t(std::min<uint64_t>(u64_or(e, "read_bytes"), UINT32_MAX));
    r.wkeys = uint32_t(std::min<uint64_t>(u64_or(e, "written_keys"), UINT32_MAX));
    r.rkeys = uint32_t(std::min<uint64_t>(u64_or(e, "read_keys"), UINT32_MAX));
    if (cl.region_slot(r.id)) continue;  // duplicate id in the dump
    cl.add_region(r);
  }
  cl.finish_load();
  return true;
}

void load_config(Sim& sim, const std::string& text) {
  simdjson::dom::parser p;
  simdjson::dom::element doc;
  if (p.parse(text).get(doc) != simdjson::SUCCESS) return;
  for (auto [section, sec] : {std::pair<const char*, ConfigSection*>{"schedule", &sim.config.schedule},
                              {"replication", &sim.config.replication}, {"pd-server", &sim.config.pd_server}}) {
    simdjson::dom::object obj;
    if (doc[section].get_object().get(obj) != simdjson::SUCCESS) continue;
    for (auto [k, v] : obj)
      if (sec->find(k)) (void)sec->set(k, v);  // unknown or mistyped keys of other versions are skipped
  }
  std::string_view cv;
  if (doc["cluster-version"].get_string().get(cv) == simdjson::SUCCESS) sim.config.cluster_version = std::string(cv);
}

}  // namespace

bool load_cluster(Sim& sim, std::string* err) {
  std::string dir = sim.options.load_dir, stores, regions, config;
  if (!read_file(dir + "/stores.json", stores, err) || !read_file(dir + "/regions.json", regions, err)) return false;
  int64_t newest = 0;
  if (!load_stores(sim, stores, newest, err) || !load_regions(sim, regions, err)) return false;
  if (read_file(dir + "/config.json", config, err)) load_config(sim, config);
  err->clear();
  // Shift heartbeat times so the dump's newest heartbeat is "now".
  int64_t shift = newest ? sim.now_ns - newest : 0;
  for (Store& s : sim.cluster.stores()) {
    if (s.last_hb_ns) s.last_hb_ns += shift;
    else s.last_hb_ns = sim.now_ns;
    s.start_timestamp_s = s.start_timestamp_s ? s.start_timestamp_s + shift / 1000000000LL : sim.now_ns / 1000000000LL;
    s.next_hb_ns = s.last_hb_ns + 10LL * 1000000000LL;
    if (!s.alive) s.died_ns = s.last_hb_ns;
    uint64_t regions_bytes = uint64_t(s.region_size) << 20;
    s.other_used = s.other_used > regions_bytes ? s.other_used - regions_bytes : 0;
    if (!s.capacity) s.capacity = std::max<uint64_t>(regions_bytes * 3, 100ULL << 30);
  }
  return true;
}

}  // namespace pdsim
