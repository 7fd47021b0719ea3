// Cluster model implementation (see model.hpp).
#include "sim/model.hpp"

#include <algorithm>

namespace pdsim {

const char* role_name(PeerRole r) {
  static const char* names[] = {"Voter", "Learner", "IncomingVoter", "DemotingVoter"};
  return names[size_t(r)];
}

const char* health_name(StoreHealth h) {
  static const char* names[] = {"Up", "Disconnected", "Down", "Offline", "Tombstone"};
  return names[size_t(h)];
}

int Region::find_store(uint32_t store_slot) const {
  for (int i = 0; i < npeers; ++i)
    if (peers[i].store == store_slot) return i;
  return -1;
}

uint64_t Store::used_bytes() const {
  if (disk_fill_ratio >= 0) return uint64_t(double(capacity) * disk_fill_ratio);
  uint64_t u = other_used + uint64_t(region_size) * (1ULL << 20);
  return std::min(u, capacity);
}

uint64_t Store::available_bytes() const { return capacity - used_bytes(); }

bool Store::is_tiflash() const { return label("engine") == "tiflash"; }

std::string Store::label(std::string_view key) const {
  for (auto& [k, v] : labels)
    if (k == key) return v;
  return {};
}

uint32_t Cluster::add_store(Store s) {
  uint32_t slot = uint32_t(stores_.size());
  store_by_id_[s.id] = slot;
  reserve_ids(s.id);
  stores_.push_back(std::move(s));
  return slot;
}

std::optional<uint32_t> Cluster::store_slot(uint64_t id) const {
  auto it = store_by_id_.find(id);
  if (it == store_by_id_.end()) return std::nullopt;
  return it->second;
}

StoreHealth Cluster::health(const Store& s, int64_t now_ns, int64_t max_down_ns) const {
  if (s.state == 2) return StoreHealth::Tombstone;
  if (s.state == 1) return StoreHealth::Offline;
  int64_t since = now_ns - s.last_hb_ns;
  if (since > max_down_ns) return StoreHealth::Down;
  if (since > 20LL * 1000000000LL) return StoreHealth::Disconnected;
  return StoreHealth::Up;
}

KeyRef Cluster::add_key(std::string_view raw) {
  KeyRef k{uint32_t(arena_.size()), uint32_t(raw.size())};
  arena_.append(raw);
  return k;
}

uint32_t Cluster::add_region(const Region& r) {
  uint32_t slot;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
    regions_[slot] = r;
  } else {
    slot = uint32_t(regions_.size());
    regions_.push_back(r);
  }
  by_id_[r.id] = slot;
  reserve_ids(r.id);
  for (int i = 0; i < r.npeers; ++i) reserve_ids(r.peers[i].id);
  order_.push_back(slot);
  account(regions_[slot]);
  return slot;
}

void Cluster::finish_load() {
  std::sort(order_.begin(), order_.end(), [this](uint32_t a, uint32_t b) {
    const Region& ra = regions_[a];
    const Region& rb = regions_[b];
    // "" as a start key sorts first.
    return key(ra.start) < key(rb.start);
  });
}

std::optional<uint32_t> Cluster::region_slot(uint64_t id) const {
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return std::nullopt;
  return it->second;
}

std::optional<size_t> Cluster::locate(std::string_view k) const {
  // Last region whose start <= k.
  auto it = std::upper_bound(order_.begin(), order_.end(), k, [this](std::string_view key_, uint32_t slot) {
    return key_ < key(regions_[slot].start);
  });
  if (it == order_.begin()) return std::nullopt;
  size_t pos = size_t(it - order_.begin()) - 1;
  const Region& r = regions_[order_[pos]];
  if (r.end.len != 0 && !(k < key(r.end))) return std::nullopt;  // hole
  return pos;
}

size_t Cluster::position(uint32_t slot) const {
  std::string_view start = key(regions_[slot].start);
  auto it = std::lower_bound(order_.begin(), order_.end(), start, [this](uint32_t s, std::string_view k) {
    return key(regions_[s].start) < k;
  });
  while (it != order_.end() && *it != slot) ++it;
  return size_t(it - order_.begin());
}

void Cluster::unaccount(const Region& r) {
  for (int i = 0; i < r.npeers; ++i) {
    Store& s = stores_[r.peers[i].store];
    s.region_count--;
    s.region_size -= r.size_mib;
    if (r.peers[i].role == PeerRole::Learner) s.learner_count--;
    if (i == r.leader) {
      s.leader_count--;
      s.leader_size -= r.size_mib;
    }
  }
}

void Cluster::account(const Region& r) {
  for (int i = 0; i < r.npeers; ++i) {
    Store& s = stores_[r.peers[i].store];
    s.region_count++;
    s.region_size += r.size_mib;
    if (r.peers[i].role == PeerRole::Learner) s.learner_count++;
    if (i == r.leader) {
      s.leader_count++;
      s.leader_size += r.size_mib;
    }
  }
}

uint32_t Cluster::split(uint32_t slot, std::string_view split_key, uint64_t new_id, uint64_t& next_peer_id) {
  size_t pos = position(slot);
  Region left = regions_[slot];
  unaccount(regions_[slot]);
  KeyRef k = add_key(split_key);
  Region& right = regions_[slot];
  uint32_t total = right.size_mib, total_keys = right.keys;
  right.start = k;
  right.version += 1;
  right.size_mib = std::max<uint32_t>(1, total / 2);
  right.keys = total_keys / 2;
  right.kv_size_mib = std::max<uint32_t>(1, right.kv_size_mib / 2);
  right.wbytes /= 2, right.rbytes /= 2, right.wkeys /= 2, right.rkeys /= 2;
  account(right);
  Region nl = left;
  nl.id = new_id;
  nl.end = k;
  nl.version = right.version;
  nl.size_mib = std::max<uint32_t>(1, total - total / 2);
  nl.keys = total_keys - total_keys / 2;
  nl.kv_size_mib = right.kv_size_mib;
  nl.wbytes = right.wbytes, nl.rbytes = right.rbytes, nl.wkeys = right.wkeys, nl.rkeys = right.rkeys;
  for (int i = 0; i < nl.npeers; ++i) nl.peers[i].id = next_peer_id++;
  uint32_t ns;
  if (!free_slots_.empty()) {
    ns = free_slots_.back();
    free_slots_.pop_back();
    regions_[ns] = nl;
  } else {
    ns = uint32_t(regions_.size());
    regions_.push_back(nl);
  }
  by_id_[nl.id] = ns;
  reserve_ids(nl.id);
  account(regions_[ns]);
  order_.insert(order_.begin() + long(pos), ns);
  return ns;
}

void Cluster::merge(uint32_t source, uint32_t target) {
  Region& s = regions_[source];
  Region& t = regions_[target];
  unaccount(s);
  unaccount(t);
  size_t spos = position(source);
  if (key(s.end) == key(t.start) && s.end.len != 0) {
    t.start = s.start;  // source is left of target
  } else {
    t.end = s.end;  // source is right of target
  }
  t.version = std::max(s.version, t.version) + 1;
  t.size_mib += s.size_mib;
  t.keys += s.keys;
  t.kv_size_mib += s.kv_size_mib;
  account(t);
  order_.erase(order_.begin() + long(spos));
  by_id_.erase(s.id);
  s = Region{};
  s.id = 0;
  free_slots_.push_back(source);
}

}  // namespace pdsim
