// Workload model: every region reports its flow once per region heartbeat
// interval (60 s), so each tick refreshes the matching slice of regions.
// Base traffic is a small deterministic function of region id and minute;
// chaos hot spots add their bytes/s spread over the regions they cover.
// A full pass publishes store load rates and the hot region sets.
#include <algorithm>

#include "sim/sim.hpp"

namespace pdsim {

namespace {
constexpr int64_t kRegionHeartbeatNs = 60LL * 1000000000LL;
constexpr double kHotBytesPerSec = 256.0 * 1024;

uint64_t mix(uint64_t a, uint64_t b) {
  uint64_t z = a * 0x9E3779B97F4A7C15ULL ^ (b + 0x632BE59BD9B4E019ULL);
  z = (z ^ (z >> 31)) * 0xBF58476D1CE4E5B9ULL;
  return z ^ (z >> 29);
}

uint32_t sat32(double v) { return v >= 4294967295.0 ? 4294967295u : uint32_t(std::max(0.0, v)); }
}  // namespace

void Sim::tick_workload(int64_t dt_ns) {
  size_t n = cluster.order().size();
  if (n == 0) return;
  auto& stores = cluster.stores();
  if (load_acc_.size() != stores.size() * 4) load_acc_.assign(stores.size() * 4, 0);
  // Regions covered by each hot spot, for spreading its rate.
  std::vector<std::pair<size_t, size_t>> spans;
  for (const HotSpot& h : hotspots) {
    auto a = cluster.locate(h.start);
    size_t first = a ? *a : 0;
    size_t last = n - 1;
    if (!h.end.empty()) {
      auto b = cluster.locate(h.end);
      last = b ? *b : n - 1;
      if (b && cluster.key(cluster.region(cluster.order()[*b]).start) == h.end && *b > first) last = *b - 1;
    }
    spans.emplace_back(first, std::max(first, last));
  }
  workload_carry_ += double(n) * double(dt_ns) / double(kRegionHeartbeatNs);
  size_t per_tick = size_t(workload_carry_);
  workload_carry_ -= double(per_tick);
  // Minutes since the simulation started, not since the epoch: two pdsims
  // with one seed must draw the same flows whatever second they started in.
  uint64_t minute = uint64_t((now_ns - start_ns) / kRegionHeartbeatNs);
  for (size_t k = 0; k < per_tick; ++k) {
    if (workload_pos_ >= n) workload_pos_ = 0;
    size_t pos = workload_pos_++;
    Region& r = cluster.region(cluster.order()[pos]);
    uint64_t h = mix(r.id, minute);
    double w = double(h % 4096), rd = double((h >> 12) % 8192);
    for (size_t i = 0; i < hotspots.size(); ++i) {
      if (pos < spans[i].first || pos > spans[i].second) continue;
      double share = hotspots[i].bytes_per_s / double(spans[i].second - spans[i].first + 1);
      (hotspots[i].write ? w : rd) += share;
    }
    r.wbytes = sat32(w * 60), r.rbytes = sat32(rd * 60);
    r.wkeys = sat32(w * 60 / 128), r.rkeys = sat32(rd * 60 / 96);
    r.cpu = uint16_t(std::min(65535.0, (w + rd) / 20000.0));
    for (int i = 0; i < r.npeers; ++i) {
      double* acc = &load_acc_[size_t(r.peers[i].store) * 4];
      acc[0] += w, acc[2] += w / 128;
      if (i == r.leader) acc[1] += rd, acc[3] += rd / 96;
    }
    if (w >= kHotBytesPerSec) hot_write_acc_[r.id] = hot_write.count(r.id) ? hot_write[r.id] + 1 : 1;
    if (rd >= kHotBytesPerSec) hot_read_acc_[r.id] = hot_read.count(r.id) ? hot_read[r.id] + 1 : 1;
    if (workload_pos_ >= n) {
      for (size_t s = 0; s < stores.size(); ++s) {
        double* acc = &load_acc_[s * 4];
        stores[s].bytes_w = acc[0], stores[s].bytes_r = acc[1], stores[s].keys_w = acc[2], stores[s].keys_r = acc[3];
        stores[s].query_w = acc[2] * 1.02, stores[s].query_r = acc[3] * 0.44;
        std::fill(acc, acc + 4, 0.0);
      }
      hot_write.swap(hot_write_acc_);
      hot_read.swap(hot_read_acc_);
      hot_write_acc_.clear();
      hot_read_acc_.clear();
      hot_updated_ns = now_ns;
    }
  }
}

}  // namespace pdsim
