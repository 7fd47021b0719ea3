// Cluster generator shared by all scenarios (see scenario.hpp).
#include <algorithm>

#include "scenarios/scenario.hpp"
#include "sim/keys.hpp"

namespace pdsim {

namespace {
constexpr int64_t kSec = 1000000000LL;
constexpr int64_t kRegionsPerTable = 2000;

std::string boundary(int64_t i) {
  int64_t j = i - 1;
  int64_t table = 100 + j / kRegionsPerTable, h = j % kRegionsPerTable;
  return h == 0 ? table_key(table) : row_key(table, h * 10000);
}

Store make_store(Sim& sim, int i) {
  Store s;
  s.id = uint64_t(i + 1);
  s.address = "127.0.0.1:" + std::to_string(20160 + i);
  s.peer_address = s.address;
  s.version = "8.5.2";
  s.git_hash = "f6f1e4ac6e8d1a5a3c7a2bd1b9f0c5e2d8a4b731";
  s.deploy_path = "/tidb-deploy/tikv-" + std::to_string(20160 + i) + "/bin";
  s.labels = {{"zone", "z" + std::to_string(i % 3 + 1)}, {"host", "tikv-" + std::to_string(i)}};
  s.start_timestamp_s = sim.now_ns / kSec - 3 * 86400 + i * 41;
  s.last_hb_ns = sim.now_ns - int64_t(sim.rng.below(9000)) * 1000000LL;
  s.next_hb_ns = s.last_hb_ns + 10 * kSec;
  return s;
}

// Picks `n` distinct store slots starting at `first`, preferring zones not
// yet used (PD's location-labels isolation).
int pick_stores(const std::vector<Store>& stores, int first, int n, uint32_t* out) {
  int count = int(stores.size()), got = 0;
  for (int pass = 0; pass < 2 && got < n; ++pass) {
    for (int k = 0; k < count && got < n; ++k) {
      uint32_t s = uint32_t((first + k) % count);
      if (std::find(out, out + got, s) != out + got) continue;
      bool zone_used = false;
      for (int g = 0; g < got; ++g) zone_used |= stores[out[g]].label("zone") == stores[s].label("zone");
      if (pass == 0 && zone_used) continue;
      out[got++] = s;
    }
  }
  return got;
}
}  // namespace

void generate_cluster(Sim& sim, const GenSpec& spec) {
  Cluster& cl = sim.cluster;
  for (int i = 0; i < spec.stores; ++i) cl.add_store(make_store(sim, i));
  int replicas = std::min(spec.replicas, spec.stores);
  KeyRef prev = cl.add_key("");
  for (int64_t i = 0; i < spec.regions; ++i) {
    KeyRef end = i + 1 == spec.regions ? cl.add_key("") : cl.add_key(boundary(i + 1));
    Region r;
    r.id = cl.alloc_id();
    r.start = prev;
    r.end = end;
    r.conf_ver = uint32_t(replicas + sim.rng.below(4));
    r.version = uint32_t(2 + sim.rng.below(40));
    bool small = sim.rng.below(20) == 0;
    r.size_mib = uint32_t(small ? 1 + sim.rng.below(20) : 60 + sim.rng.below(81));
    r.keys = uint32_t(r.size_mib * 9000 + sim.rng.below(5000));
    r.kv_size_mib = std::max<uint32_t>(1, uint32_t(r.size_mib * 94 / 100));
    uint32_t picked[kMaxPeers];
    int n = pick_stores(cl.stores(), int(i % spec.stores), replicas, picked);
    r.npeers = uint8_t(n);
    for (int k = 0; k < n; ++k) r.peers[k] = Peer{cl.alloc_id(), picked[k], PeerRole::Voter, 0};
    r.leader = int8_t(sim.rng.below(uint64_t(n)));
    cl.add_region(r);
    prev = end;
  }
  cl.finish_load();
  // Disks sized so the data fills ~40% of each store.
  int64_t max_size = 0;
  for (const Store& s : cl.stores()) max_size = std::max(max_size, s.region_size);
  uint64_t cap = uint64_t(max_size) * (1ULL << 20) * 5 / 2 + (100ULL << 30);
  cap = (cap >> 30) << 30;
  for (Store& s : cl.stores()) {
    s.capacity = cap;
    s.other_used = cap / 50;
  }
}

}  // namespace pdsim
