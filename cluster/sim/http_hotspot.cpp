// Hot spot routes (server/api/hot_status.go): /hotspot/regions/{write,read}
// as StoreHotPeersInfos and /hotspot/stores load maps, from the workload
// model's last full pass. Store maps are keyed by id strings, sorted as
// strings like encoding/json does.
#include <algorithm>
#include <mutex>

#include "sim/format.hpp"
#include "sim/http.hpp"

namespace pdsim {

namespace {

std::vector<const Store*> visible_stores(const Sim& sim) {
  std::vector<const Store*> v;
  for (const Store& s : sim.cluster.stores())
    if (!s.purged && s.state != 2) v.push_back(&s);
  std::sort(v.begin(), v.end(), [](auto* a, auto* b) { return std::to_string(a->id) < std::to_string(b->id); });
  return v;
}

struct HotPeer {
  const Region* r;
  int idx;
  int degree;
};

void write_stat(JsonWriter& w, const Sim& sim, const Store& s, const std::vector<HotPeer>& peers, bool write,
                bool as_leader) {
  double sb = write ? s.bytes_w : s.bytes_r, sk = write ? s.keys_w : s.keys_r;
  double sq = write ? s.query_w : s.query_r;
  if (as_leader && write && s.region_count) sb *= double(s.leader_count) / double(s.region_count), sk *= double(s.leader_count) / double(s.region_count), sq *= double(s.leader_count) / double(s.region_count);
  double tb = 0, tk = 0, tq = 0;
  for (auto& p : peers) {
    tb += double(write ? p.r->wbytes : p.r->rbytes) / 60;
    tk += double(write ? p.r->wkeys : p.r->rkeys) / 60;
    tq += double(write ? p.r->wkeys : p.r->rkeys) / 60 * 1.02;
  }
  w.begin_object().key("store_bytes").f64(sb).key("store_keys").f64(sk).key("store_query").f64(sq);
  w.key("store_cpu").f64(0).key("total_flow_bytes").f64(tb).key("total_flow_keys").f64(tk);
  w.key("total_flow_query").f64(tq).key("total_flow_cpu").f64(0).key("regions_count").u64(peers.size());
  w.key("statistics").begin_array();
  for (auto& p : peers) {
    const Region& r = *p.r;
    w.begin_object().key("store_id").u64(s.id).key("stores").begin_array();
    for (int i = 0; i < r.npeers; ++i) w.u64(sim.cluster.stores()[r.peers[i].store].id);
    w.end_array().key("is_leader").boolean(p.idx == r.leader);
    w.key("is_learner").boolean(r.peers[p.idx].role == PeerRole::Learner).key("region_id").u64(r.id);
    w.key("hot_degree").i64(p.degree);
    double fb = double(write ? r.wbytes : r.rbytes) / 60, fk = double(write ? r.wkeys : r.rkeys) / 60;
    w.key("flow_bytes").f64(fb).key("flow_keys").f64(fk).key("flow_query").f64(fk * 1.02).key("flow_cpu").f64(0);
    w.key("anti_count").i64(2).key("last_update_time").str(rfc3339(sim.hot_updated_ns)).end_object();
  }
  w.end_array().end_object();
}

void hot_regions(Ctx& c, bool write) {
  std::vector<uint64_t> filter;
  for (const auto& v : c.req.query_values("store_id")) {
    uint64_t id;
    if (!parse_u64(v, id, nullptr)) return c.json_string(400, "invalid store id: " + v);
    filter.push_back(id);
  }
  std::shared_lock lk(c.sim.mu);
  for (uint64_t id : filter)
    if (!c.sim.store_by_id(id)) return c.json_string(500, "[PD:core:ErrStoreNotFound]store " + std::to_string(id) + " not found");
  const auto& hot = write ? c.sim.hot_write : c.sim.hot_read;
  auto stores = visible_stores(c.sim);
  JsonWriter w(true);
  w.begin_object();
  for (bool as_leader : {false, true}) {
    w.key(as_leader ? "as_leader" : "as_peer").begin_object();
    for (const Store* s : stores) {
      if (!filter.empty() && std::find(filter.begin(), filter.end(), s->id) == filter.end()) continue;
      uint32_t slot = *c.sim.cluster.store_slot(s->id);
      std::vector<HotPeer> peers;
      for (auto& [id, deg] : hot) {
        auto rs = c.sim.cluster.region_slot(id);
        if (!rs) continue;
        const Region& r = c.sim.cluster.region(*rs);
        int i = r.find_store(slot);
        if (i < 0 || (as_leader && i != r.leader) || (!write && !as_leader && i != r.leader)) continue;
        peers.push_back({&r, i, deg});
      }
      w.key(std::to_string(s->id));
      write_stat(w, c.sim, *s, peers, write, as_leader);
    }
    w.end_object();
  }
  w.end_object();
  c.json(200, w.take(false));
}

void hot_stores(Ctx& c) {
  std::shared_lock lk(c.sim.mu);
  auto stores = visible_stores(c.sim);
  JsonWriter w(true);
  w.begin_object();
  auto map = [&](const char* name, auto get) {
    w.key(name).begin_object();
    for (const Store* s : stores) w.key(std::to_string(s->id)).f64(get(*s));
    w.end_object();
  };
  map("bytes-write-rate", [](const Store& s) { return s.bytes_w; });
  map("bytes-read-rate", [](const Store& s) { return s.bytes_r; });
  map("keys-write-rate", [](const Store& s) { return s.keys_w; });
  map("keys-read-rate", [](const Store& s) { return s.keys_r; });
  map("query-write-rate", [](const Store& s) { return s.query_w; });
  map("query-read-rate", [](const Store& s) { return s.query_r; });
  map("cpu-read-rate", [](const Store& s) { return s.bytes_r / 1e5; });
  w.end_object();
  c.json(200, w.take(false));
}

}  // namespace

void register_hotspot_routes(Router& r) {
  const std::string b = "/pd/api/v1";
  r.add("GET", b + "/hotspot/regions/write", [](Ctx& c) { hot_regions(c, true); });
  r.add("GET", b + "/hotspot/regions/read", [](Ctx& c) { hot_regions(c, false); });
  r.add("GET", b + "/hotspot/stores", hot_stores);
}

}  // namespace pdsim
