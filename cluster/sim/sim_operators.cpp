// Operator execution: each tick advances running operators step by step.
// A step begins when its stores allow it (a target store must be alive),
// takes a realistic time (leader transfer: tens of ms; a snapshot for a new
// learner: ~1 s + size / 4 MiB/s), and applies its region change and epoch
// bump exactly when TiKV would (conf_ver on membership change, version on
// split/merge). Operators time out like PD's (sum of step timeouts).
#include <algorithm>

#include "sim/keys.hpp"
#include "sim/sim.hpp"

namespace pdsim {

namespace {
constexpr int64_t kMs = 1000000LL;
constexpr int64_t kSec = 1000000000LL;
constexpr int64_t kFinishedKeepNs = 600 * kSec;
constexpr size_t kMaxRecords = 10000;
}  // namespace

bool Sim::add_operator(Operator op) {
  if (running.count(op.region_id)) return false;
  op.create_ns = op.start_ns = op.step_start_ns = now_ns;
  op.status = kStarted;
  op.timeout_ns = op.compute_timeout();
  uint64_t id = op.region_id;
  running.emplace(id, std::move(op));
  return true;
}

size_t Sim::running_with_kind(uint32_t kind_bit) const {
  size_t n = 0;
  for (const auto& [id, op] : running)
    if (op.kind & kind_bit) ++n;
  return n;
}

namespace {

int64_t step_duration(Rng& rng, const Step& st, const Region& r) {
  switch (st.kind) {
    case StepKind::AddLearner: return kSec + int64_t(double(r.size_mib) / 4.0 * 1e9) + int64_t(rng.below(500)) * kMs;
    case StepKind::Merge: return st.passive ? 0 : kSec + int64_t(rng.below(1000)) * kMs;
    case StepKind::Split:
      if (st.policy == "SCAN") return 100 * kMs + int64_t(double(r.size_mib) / 100.0 * 1e9);
      return 20 * kMs + int64_t(rng.below(60)) * kMs;
    default: return 10 * kMs + int64_t(rng.below(40)) * kMs;
  }
}

void set_role(Region& r, int i, PeerRole role) { r.peers[i].role = role; }

}  // namespace

// Snapshot accounting for an AddLearner step that begins or ends.
static void snapshot_counters(Cluster& cl, const Region& r, uint32_t target, int delta) {
  cl.stores()[target].receiving_snaps += delta;
  if (r.leader >= 0) cl.stores()[r.peers[r.leader].store].sending_snaps += delta;
}

bool Sim::step_operator(Operator& op, uint32_t slot) {
  Step& st = op.steps[op.current];
  Region& r = cluster.region(slot);
  auto& stores = cluster.stores();
  auto slot_of = [&](uint64_t store_id) { return cluster.store_slot(store_id).value_or(UINT32_MAX); };
  auto alive = [&](uint64_t store_id) {
    uint32_t s = slot_of(store_id);
    return s != UINT32_MAX && stores[s].alive && !stores[s].partitioned && stores[s].state != 2;
  };
  if (!op.step_begun) {
    if (st.kind == StepKind::AddLearner) {
      uint32_t t = slot_of(st.to);
      if (!alive(st.to) || r.find_store(t) >= 0 || r.npeers >= kMaxPeers) return false;
      cluster.unaccount(r);
      r.peers[r.npeers++] = Peer{st.peer_id, t, PeerRole::Learner, 1};
      r.conf_ver++;
      cluster.account(r);
      snapshot_counters(cluster, r, t, +1);
    }
    op.step_begun = true;
    op.step_done_ns = std::max(op.step_start_ns, now_ns - kSec) + step_duration(rng, st, r);
  }
  if (now_ns < op.step_done_ns) return false;
  switch (st.kind) {
    case StepKind::TransferLeader: {
      int i = r.find_store(slot_of(st.to));
      if (i < 0 || !alive(st.to) || r.peers[i].role == PeerRole::Learner) return false;
      cluster.unaccount(r);
      r.leader = int8_t(i);
      cluster.account(r);
      break;
    }
    case StepKind::AddLearner: {
      int i = r.find_store(slot_of(st.to));
      if (i < 0) break;  // removed meanwhile
      if (!alive(st.to) || r.leader < 0 || !stores[r.peers[r.leader].store].alive) return false;
      r.peers[i].pending = 0;
      snapshot_counters(cluster, r, slot_of(st.to), -1);
      break;
    }
    case StepKind::PromoteLearner: {
      int i = r.find_store(slot_of(st.to));
      if (i < 0 || !alive(st.to)) return false;
      cluster.unaccount(r);
      set_role(r, i, PeerRole::Voter);
      r.conf_ver++;
      cluster.account(r);
      break;
    }
    case StepKind::RemovePeer: {
      int i = r.find_store(slot_of(st.from));
      if (i == r.leader) return false;  // never remove the leader
      if (i >= 0) {
        cluster.unaccount(r);
        for (int k = i; k + 1 < r.npeers; ++k) r.peers[k] = r.peers[k + 1];
        r.npeers--;
        if (r.leader > i) r.leader--;
        r.conf_ver++;
        cluster.account(r);
      }
      break;
    }
    case StepKind::EnterJoint:
    case StepKind::LeaveJoint: {
      bool enter = st.kind == StepKind::EnterJoint;
      for (auto& [pid, s] : st.promote)
        if (!alive(s)) return false;
      cluster.unaccount(r);
      for (auto& [pid, s] : st.promote) {
        int i = r.find_store(slot_of(s));
        if (i >= 0) set_role(r, i, enter ? PeerRole::IncomingVoter : PeerRole::Voter);
      }
      for (auto& [pid, s] : st.demote) {
        int i = r.find_store(slot_of(s));
        if (i >= 0) set_role(r, i, enter ? PeerRole::DemotingVoter : PeerRole::Learner);
      }
      r.conf_ver += uint32_t(st.promote.size() + st.demote.size());
      cluster.account(r);
      break;
    }
    case StepKind::Split: {
      if (r.leader < 0 || !stores[r.peers[r.leader].store].alive) return false;
      std::vector<std::string> keys = st.split_keys;
      if (keys.empty()) {
        auto k = middle_key(cluster.key(r.start), cluster.key(r.end));
        if (k) keys.push_back(*k);
      }
      std::sort(keys.begin(), keys.end());
      for (const std::string& k : keys) {
        auto pos = cluster.locate(k);
        if (!pos) continue;
        uint32_t s = cluster.order()[*pos];
        if (cluster.region(s).id != op.region_id || cluster.key(cluster.region(s).start) == k) continue;
        uint64_t next = 0;
        uint64_t new_id = cluster.alloc_id();
        next = cluster.alloc_id();
        cluster.split(s, k, new_id, next);
        cluster.reserve_ids(next);
      }
      break;
    }
    case StepKind::Merge: {
      if (st.passive) return false;  // finished by the source's merge
      auto target = cluster.region_slot(st.merge_to);
      if (!target) return false;
      Region& t = cluster.region(*target);
      bool adjacent = (cluster.key(r.end) == cluster.key(t.start) && r.end.len) ||
                      (cluster.key(t.end) == cluster.key(r.start) && t.end.len);
      if (!adjacent || r.npeers != t.npeers) return false;
      for (int i = 0; i < r.npeers; ++i)
        if (t.find_store(r.peers[i].store) < 0 || !stores[r.peers[i].store].alive) return false;
      cluster.merge(slot, *target);
      break;
    }
  }
  op.current++;
  op.step_begun = false;
  op.step_start_ns = op.step_done_ns;
  return true;
}

void Sim::finish_operator(uint64_t region_id, int status) {
  auto it = running.find(region_id);
  if (it == running.end()) return;
  Operator op = std::move(it->second);
  running.erase(it);
  if (op.step_begun && op.current < op.steps.size() && op.steps[op.current].kind == StepKind::AddLearner) {
    auto slot = cluster.region_slot(region_id);
    auto t = cluster.store_slot(op.steps[op.current].to);
    if (slot && t && cluster.region(*slot).find_store(*t) >= 0) snapshot_counters(cluster, cluster.region(*slot), *t, -1);
  }
  op.status = status;
  op.finish_ns = now_ns;
  records.push_back(op);
  if (records.size() > kMaxRecords) records.erase(records.begin(), records.begin() + kMaxRecords / 10);
  uint64_t related = op.related_region;
  finished[region_id] = std::move(op);
  // Merge operators come in pairs: ending one ends the other.
  if (related && running.count(related)) finish_operator(related, status == kSuccess ? kSuccess : kCanceled);
}

bool Sim::cancel_operator(uint64_t region_id, int status) {
  if (!running.count(region_id)) return false;
  finish_operator(region_id, status);
  return true;
}

void Sim::tick_operators() {
  std::vector<std::pair<uint64_t, int>> done;
  for (auto& [rid, op] : running) {
    auto slot = cluster.region_slot(rid);
    if (!slot) {
      done.emplace_back(rid, op.current >= op.steps.size() ? kSuccess : kCanceled);
      continue;
    }
    while (op.current < op.steps.size() && step_operator(op, *slot)) {
      if (!cluster.region_slot(rid)) break;  // merged away by its own step
    }
    if (op.current >= op.steps.size()) done.emplace_back(rid, kSuccess);
    else if (now_ns - op.start_ns > op.timeout_ns) done.emplace_back(rid, kTimeout);
  }
  for (auto& [rid, st] : done) finish_operator(rid, st);
  for (auto it = finished.begin(); it != finished.end();) {
    if (now_ns - it->second.finish_ns > kFinishedKeepNs) it = finished.erase(it);
    else ++it;
  }
}

}  // namespace pdsim
