// Operator builder (see operator_builder.hpp).
#include "sim/operator_builder.hpp"

#include <algorithm>

namespace pdsim {

namespace {
bool contains(const std::vector<uint64_t>& v, uint64_t x) { return std::find(v.begin(), v.end(), x) != v.end(); }
}  // namespace

std::string store_list(std::vector<uint64_t> ids) {
  std::sort(ids.begin(), ids.end());
  std::string s = "[";
  for (size_t i = 0; i < ids.size(); ++i) s += (i ? " " : "") + std::to_string(ids[i]);
  return s + "]";
}

BuiltOperator build_change(Sim& sim, const Region& r, const PeerChange& ch) {
  BuiltOperator b;
  const auto& stores = sim.cluster.stores();
  auto store_of = [&](int i) { return stores[r.peers[i].store].id; };
  uint64_t leader_store = r.leader >= 0 ? store_of(r.leader) : 0;
  std::vector<uint64_t> voters, learners;
  for (int i = 0; i < r.npeers; ++i)
    (r.peers[i].role == PeerRole::Learner ? learners : voters).push_back(store_of(i));
  auto slot_or = [&](uint64_t s) { return sim.cluster.store_slot(s).value_or(UINT32_MAX); };
  for (uint64_t s : ch.add)
    if (r.find_store(slot_or(s)) >= 0) b.err = "region already has peer in store " + std::to_string(s);
  for (uint64_t s : ch.remove)
    if (r.find_store(slot_or(s)) < 0) b.err = "region has no peer in store " + std::to_string(s);
  if (!b.err.empty()) return b;
  if (int(r.npeers + ch.add.size() + ch.add_learners.size()) > kMaxPeers) {
    b.err = "too many peers";
    return b;
  }

  std::vector<std::pair<uint64_t, uint64_t>> added;  // (peer id, store)
  for (uint64_t s : ch.add) added.emplace_back(sim.next_peer_id(), s);
  for (auto& [pid, s] : added) b.steps.push_back(Step{StepKind::AddLearner, 0, s, pid});
  for (uint64_t s : ch.add_learners) b.steps.push_back(Step{StepKind::AddLearner, 0, s, sim.next_peer_id()});

  std::vector<uint64_t> voter_removes, learner_removes;
  for (uint64_t s : ch.remove) (contains(voters, s) ? voter_removes : learner_removes).push_back(s);
  bool leader_removed = contains(ch.remove, leader_store);
  uint64_t new_leader = ch.target_leader;
  if (!new_leader && leader_removed) {
    for (uint64_t v : voters)
      if (!contains(ch.remove, v)) {
        new_leader = v;
        break;
      }
    if (!new_leader && !added.empty()) new_leader = added.front().second;
  }
  bool new_leader_is_old_voter = new_leader && contains(voters, new_leader) && !contains(ch.remove, new_leader);
  uint64_t cur_leader = leader_store;
  auto transfer = [&](uint64_t to) {
    if (!to || to == cur_leader) return;
    b.steps.push_back(Step{StepKind::TransferLeader, cur_leader, to});
    cur_leader = to;
  };
  if (leader_removed && new_leader_is_old_voter) transfer(new_leader);

  auto peer_of = [&](uint64_t store) {
    int i = r.find_store(slot_or(store));
    return i >= 0 ? r.peers[i].id : 0;
  };
  if (!added.empty() && !voter_removes.empty() && sim.config.schedule.b("enable-joint-consensus")) {
    Step enter{StepKind::EnterJoint};
    enter.promote = added;
    for (uint64_t s : voter_removes) enter.demote.emplace_back(peer_of(s), s);
    Step leave = enter;
    leave.kind = StepKind::LeaveJoint;
    b.steps.push_back(enter);
    if (leader_removed && !new_leader_is_old_voter) transfer(new_leader);
    b.steps.push_back(leave);
  } else {
    for (auto& [pid, s] : added) b.steps.push_back(Step{StepKind::PromoteLearner, 0, s, pid});
    if (leader_removed && !new_leader_is_old_voter) transfer(new_leader);
  }
  for (uint64_t s : voter_removes) b.steps.push_back(Step{StepKind::RemovePeer, s, 0});
  for (uint64_t s : learner_removes) b.steps.push_back(Step{StepKind::RemovePeer, s, 0});
  if (ch.target_leader) transfer(ch.target_leader);

  std::vector<uint64_t> adds = ch.add;
  adds.insert(adds.end(), ch.add_learners.begin(), ch.add_learners.end());
  if (!adds.empty() && !ch.remove.empty()) b.brief = "mv peer: store " + store_list(ch.remove) + " to " + store_list(adds);
  else if (!adds.empty()) b.brief = "add peer: store " + store_list(adds);
  else if (!ch.remove.empty()) b.brief = "rm peer: store " + store_list(ch.remove);
  else if (cur_leader != leader_store)
    b.brief = "transfer leader: store " + std::to_string(leader_store) + " to " + std::to_string(cur_leader);
  for (const Step& s : b.steps) b.kind |= s.kind == StepKind::TransferLeader ? kOpLeader : kOpRegion;
  if (b.steps.empty()) b.err = "no operator step is built";
  return b;
}

Operator make_operator(const Sim& sim, const Region& r, const std::string& desc, uint32_t kind, BuiltOperator b) {
  (void)sim;
  Operator op;
  op.region_id = r.id;
  op.desc = desc;
  op.brief = std::move(b.brief);
  op.kind = kind | b.kind;
  op.steps = std::move(b.steps);
  op.conf_ver = r.conf_ver;
  op.version = r.version;
  op.size_mib = r.size_mib;
  return op;
}

}  // namespace pdsim
