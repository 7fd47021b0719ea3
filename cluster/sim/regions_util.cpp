// Region query helpers (see regions_util.hpp).
#include "sim/regions_util.hpp"

#include <algorithm>
#include <map>

#include "sim/format.hpp"
#include "sim/json_writer.hpp"
#include "sim/region_json.hpp"

namespace pdsim {

std::string regions_info(const Sim& sim, const std::vector<uint32_t>& slots) {
  std::string out = "{\"count\":" + std::to_string(slots.size()) + ",\"regions\":[";
  RegionJsonContext ctx{&sim.cluster, sim.now_ns};
  for (size_t i = 0; i < slots.size(); ++i) {
    if (i) out.push_back(',');
    append_region_json(out, ctx, sim.cluster.region(slots[i]));
  }
  out += "]}";
  return out;
}

std::vector<uint32_t> store_regions(const Sim& sim, uint32_t store_slot, const std::string& type) {
  std::vector<uint32_t> out;
  const Cluster& cl = sim.cluster;
  const Store& st = cl.stores()[store_slot];
  for (uint32_t s : cl.order()) {
    const Region& r = cl.region(s);
    int i = r.find_store(store_slot);
    if (i < 0) continue;
    bool ok = type == "all" || (type == "leader" && i == r.leader) ||
              (type == "follower" && i != r.leader && r.peers[i].role != PeerRole::Learner) ||
              (type == "learner" && r.peers[i].role == PeerRole::Learner) ||
              (type == "pending" && peer_is_pending(st, r.peers[i]));
    if (ok) out.push_back(s);
  }
  return out;
}

namespace {
uint64_t metric_of(const Region& r, const std::string& m) {
  if (m == "writeflow") return r.wbytes;
  if (m == "readflow") return r.rbytes;
  if (m == "writequery") return r.wkeys;
  if (m == "readquery") return r.rkeys;
  if (m == "confver") return r.conf_ver;
  if (m == "version") return r.version;
  if (m == "size") return r.size_mib;
  if (m == "keys") return r.keys;
  return r.cpu;
}
}  // namespace

std::vector<uint32_t> top_n(const Sim& sim, const std::string& metric, int64_t limit) {
  const Cluster& cl = sim.cluster;
  std::vector<uint32_t> all(cl.order());
  size_t n = limit <= 0 ? all.size() : std::min<size_t>(size_t(limit), all.size());
  auto cmp = [&](uint32_t a, uint32_t b) {
    uint64_t ma = metric_of(cl.region(a), metric), mb = metric_of(cl.region(b), metric);
    return ma != mb ? ma > mb : cl.region(a).id < cl.region(b).id;
  };
  std::partial_sort(all.begin(), all.begin() + long(n), all.end(), cmp);
  all.resize(n);
  return all;
}

bool region_has_check(const Sim& sim, const Region& r, const std::string& kind) {
  const auto& stores = sim.cluster.stores();
  uint64_t replicas = sim.config.max_replicas();
  int voters = 0;
  for (int i = 0; i < r.npeers; ++i)
    if (r.peers[i].role != PeerRole::Learner) ++voters;
  if (kind == "miss-peer") return uint64_t(voters) < replicas;
  if (kind == "extra-peer") return uint64_t(r.npeers) > replicas;
  if (kind == "learner-peer") {
    for (int i = 0; i < r.npeers; ++i)
      if (r.peers[i].role == PeerRole::Learner) return true;
    return false;
  }
  if (kind == "down-peer" || kind == "pending-peer" || kind == "offline-peer") {
    for (int i = 0; i < r.npeers; ++i) {
      const Store& s = stores[r.peers[i].store];
      if (kind == "offline-peer" && s.state == 1) return true;
      if (i == r.leader) continue;
      if (kind == "down-peer" && peer_is_down(s, sim.now_ns, nullptr)) return true;
      if (kind == "pending-peer" && peer_is_pending(s, r.peers[i])) return true;
    }
    return false;
  }
  if (kind == "empty-region") return r.size_mib <= 1;
  if (kind == "oversized-region") return r.size_mib > 144 || r.keys > 1440000;
  if (kind == "undersized-region") {
    int64_t max_size = sim.config.schedule.i("max-merge-region-size");
    int64_t max_keys = sim.config.schedule.i("max-merge-region-keys");
    if (max_keys == 0) max_keys = max_size * 10000;
    return int64_t(r.size_mib) < max_size && int64_t(r.keys) < max_keys;
  }
  return false;
}

std::vector<uint32_t> check_regions(const Sim& sim, const std::string& kind) {
  std::vector<uint32_t> out;
  for (uint32_t s : sim.cluster.order())
    if (region_has_check(sim, sim.cluster.region(s), kind)) out.push_back(s);
  return out;
}

std::string histogram_json(const Sim& sim, bool keys, int64_t bound) {
  if (bound <= 0) bound = 1;
  std::map<int64_t, uint64_t> buckets;  // start -> count
  for (uint32_t s : sim.cluster.order()) {
    const Region& r = sim.cluster.region(s);
    int64_t v = keys ? int64_t(r.keys) : int64_t(r.size_mib);
    buckets[v / bound * bound]++;
  }
  JsonWriter w(true);
  w.begin_array();
  for (auto [start, count] : buckets) {
    int64_t end = bound == 1 ? start : start + bound - 1;
    w.begin_object().key("start").i64(start).key("end").i64(end).key("count").u64(count).end_object();
  }
  w.end_array();
  return w.take(false);
}

std::string range_holes_json(const Sim& sim) {
  const Cluster& cl = sim.cluster;
  JsonWriter w(true);
  w.begin_array();
  std::string_view prev_end;
  bool first = true;
  for (uint32_t s : cl.order()) {
    const Region& r = cl.region(s);
    std::string_view start = cl.key(r.start);
    if ((first && !start.empty()) || (!first && start != prev_end))
      w.begin_array().str(hex_upper(prev_end)).str(hex_upper(start)).end_array();
    prev_end = cl.key(r.end);
    first = false;
    if (r.end.len == 0) break;
  }
  if (!first && !prev_end.empty()) w.begin_array().str(hex_upper(prev_end)).str("").end_array();
  w.end_array();
  return w.take(false);
}

}  // namespace pdsim
