// Operator creation with PD's checks (see operator_create.hpp).
#include "sim/operator_create.hpp"

#include <algorithm>

#include "sim/format.hpp"
#include "sim/go_json.hpp"
#include "sim/json_writer.hpp"
#include "sim/operator_builder.hpp"
#include "sim/region_json.hpp"

namespace pdsim {

namespace {

const char* kAddFailed = "[PD:operator:ErrAddOperator]failed to add operator, maybe already have one";

CreateResult err(int status, std::string msg) { return CreateResult{status, std::move(msg), {}}; }

std::optional<uint64_t> num(const simdjson::dom::element& in, const char* key) {
  simdjson::dom::element v;
  if (in[key].get(v) != simdjson::SUCCESS) return std::nullopt;
  auto d = json_number(v);
  if (!d) return std::nullopt;
  return go_u64_of(*d);
}

std::string region_not_found(uint64_t id) {
  return "[PD:region:ErrRegionNotFound]region " + std::to_string(id) + " not found";
}

// PD's checkStoreStatus for a store an operator puts a peer on.
std::string check_store(const Sim& sim, uint64_t id) {
  const Store* s = sim.store_by_id(id);
  if (!s || s->purged) return "[PD:core:ErrStoreNotFound]store " + std::to_string(id) + " not found";
  if (s->state == 2) return "[PD:core:ErrStoreRemoved]store " + std::to_string(id) + " has been removed";
  if (sim.now_ns - s->last_hb_ns > 600LL * 1000000000LL)
    return "[PD:core:ErrStoreUnhealthy]store " + std::to_string(id) + " is unhealthy";
  return "";
}

CreateResult add(Sim& sim, Operator op) {
  if (!sim.add_operator(std::move(op))) return err(500, kAddFailed);
  return {};
}

CreateResult change(Sim& sim, uint64_t rid, const char* desc, const PeerChange& ch) {
  auto slot = sim.cluster.region_slot(rid);
  if (!slot) return err(500, region_not_found(rid));
  for (uint64_t s : ch.add) {
    std::string e = check_store(sim, s);
    if (!e.empty()) return err(500, e);
  }
  for (uint64_t s : ch.add_learners) {
    std::string e = check_store(sim, s);
    if (!e.empty()) return err(500, e);
  }
  const Region& r = sim.cluster.region(*slot);
  BuiltOperator b = build_change(sim, r, ch);
  if (!b.err.empty()) return err(500, b.err);
  return add(sim, make_operator(sim, r, desc, kOpAdmin, std::move(b)));
}

CreateResult transfer_leader(Sim& sim, uint64_t rid, uint64_t to) {
  auto slot = sim.cluster.region_slot(rid);
  if (!slot) return err(500, region_not_found(rid));
  const Region& r = sim.cluster.region(*slot);
  auto ts = sim.cluster.store_slot(to);
  int i = ts ? r.find_store(*ts) : -1;
  if (i < 0 || r.peers[i].role == PeerRole::Learner) return err(500, "region has no voter in store " + std::to_string(to));
  if (i == r.leader) return err(500, "no operator step is built");
  BuiltOperator b;
  uint64_t from = r.leader >= 0 ? sim.cluster.stores()[r.peers[r.leader].store].id : 0;
  b.steps.push_back(Step{StepKind::TransferLeader, from, to});
  b.brief = "transfer leader: store " + std::to_string(from) + " to " + std::to_string(to);
  b.kind = kOpLeader;
  return add(sim, make_operator(sim, r, "admin-transfer-leader", kOpAdmin, std::move(b)));
}

CreateResult transfer_region(Sim& sim, uint64_t rid, const simdjson::dom::element& in) {
  simdjson::dom::array ids, roles;
  if (in["to_store_ids"].get_array().get(ids) != simdjson::SUCCESS)
    return err(400, "invalid store ids to transfer region to");
  std::vector<uint64_t> stores;
  for (auto v : ids) {
    auto d = json_number(v);
    if (!d) return err(400, "invalid store ids to transfer region to");
    stores.push_back(go_u64_of(*d));
  }
  std::vector<std::string> role_names;
  if (in["peer_roles"].get_array().get(roles) == simdjson::SUCCESS) {
    for (auto v : roles) {
      std::string_view s;
      if (v.get_string().get(s) != simdjson::SUCCESS) return err(400, "invalid store ids to transfer region to");
      role_names.emplace_back(s);
    }
    if (role_names.size() != stores.size()) return err(400, "invalid store ids to transfer region to");
  }
  if (stores.empty()) return err(400, "missing store ids to transfer region to");
  auto slot = sim.cluster.region_slot(rid);
  if (!slot) return err(500, region_not_found(rid));
  if (role_names.empty() && sim.config.replication.b("enable-placement-rules"))
    return err(500, "transfer region without peer role is not supported when placement rules enabled");
  for (uint64_t s : stores) {
    std::string e = check_store(sim, s);
    if (!e.empty()) return err(500, e);
  }
  const Region& r = sim.cluster.region(*slot);
  PeerChange ch;
  const auto& all = sim.cluster.stores();
  for (size_t k = 0; k < stores.size(); ++k) {
    std::string role = role_names.empty() ? "voter" : role_names[k];
    if (role != "leader" && role != "voter" && role != "follower" && role != "learner")
      return err(400, "invalid store ids to transfer region to");
    bool has = r.find_store(*sim.cluster.store_slot(stores[k])) >= 0;
    if (role == "leader") ch.target_leader = stores[k];
    if (!has) (role == "learner" ? ch.add_learners : ch.add).push_back(stores[k]);
  }
  for (int i = 0; i < r.npeers; ++i) {
    uint64_t id = all[r.peers[i].store].id;
    if (std::find(stores.begin(), stores.end(), id) == stores.end()) ch.remove.push_back(id);
  }
  if (ch.add.empty() && ch.add_learners.empty() && ch.remove.empty() && ch.target_leader) {
    int li = r.find_store(*sim.cluster.store_slot(ch.target_leader));
    if (li == r.leader) return err(500, "no operator step is built");
  }
  BuiltOperator b = build_change(sim, r, ch);
  if (!b.err.empty()) return err(500, b.err);
  return add(sim, make_operator(sim, r, "admin-move-region", kOpAdmin, std::move(b)));
}

bool healthy_replicated(const Sim& sim, const Region& r) {
  uint64_t voters = 0;
  for (int i = 0; i < r.npeers; ++i) {
    const Store& s = sim.cluster.stores()[r.peers[i].store];
    if (i != r.leader && (peer_is_pending(s, r.peers[i]) || peer_is_down(s, sim.now_ns, nullptr))) return false;
    if (r.peers[i].role != PeerRole::Voter) return false;
    ++voters;
  }
  return voters == sim.config.max_replicas();
}

}  // namespace

CreateResult merge_regions(Sim& sim, uint64_t src, uint64_t dst, const std::string& desc, uint32_t kind) {
  auto ss = sim.cluster.region_slot(src), ts = sim.cluster.region_slot(dst);
  if (!ss) return err(500, region_not_found(src));
  if (!ts) return err(500, region_not_found(dst));
  const Region& s = sim.cluster.region(*ss);
  const Region& t = sim.cluster.region(*ts);
  if (!healthy_replicated(sim, s)) return err(500, "[PD:region:ErrRegionAbnormalPeer]region " + std::to_string(src) + " has abnormal peer");
  if (!healthy_replicated(sim, t)) return err(500, "[PD:region:ErrRegionAbnormalPeer]region " + std::to_string(dst) + " has abnormal peer");
  const Cluster& cl = sim.cluster;
  bool left = cl.key(s.start) == cl.key(t.end) && s.start.len;
  bool right = cl.key(s.end) == cl.key(t.start) && s.end.len;
  if (!left && !right) return err(500, "[PD:region:ErrRegionNotAdjacent]two regions are not adjacent");
  if (sim.running.count(src) || sim.running.count(dst)) return err(500, kAddFailed);
  // Make the source's peers match the target's first (PD's matchPeerSteps).
  PeerChange ch;
  for (int i = 0; i < t.npeers; ++i)
    if (s.find_store(t.peers[i].store) < 0) ch.add.push_back(cl.stores()[t.peers[i].store].id);
  for (int i = 0; i < s.npeers; ++i)
    if (t.find_store(s.peers[i].store) < 0) ch.remove.push_back(cl.stores()[s.peers[i].store].id);
  BuiltOperator b;
  if (!ch.add.empty() || !ch.remove.empty()) {
    b = build_change(sim, s, ch);
    if (!b.err.empty()) return err(500, b.err);
  }
  Step m{StepKind::Merge};
  m.merge_from = src, m.merge_to = dst;
  b.steps.push_back(m);
  b.brief = "merge: region " + std::to_string(src) + " to " + std::to_string(dst);
  Operator op = make_operator(sim, s, desc, kind | kOpMerge, std::move(b));
  op.related_region = dst;
  BuiltOperator pb;
  m.passive = true;
  pb.steps.push_back(m);
  pb.brief = op.brief;
  Operator passive = make_operator(sim, t, desc, kind | kOpMerge, std::move(pb));
  passive.related_region = src;
  sim.add_operator(std::move(op));
  sim.add_operator(std::move(passive));
  return {};
}

namespace {

CreateResult split(Sim& sim, uint64_t rid, const simdjson::dom::element& in) {
  std::string_view policy;
  if (in["policy"].get_string().get(policy) != simdjson::SUCCESS) return err(400, "missing split policy");
  std::vector<std::string> keys;
  simdjson::dom::element kv;
  if (in["keys"].get(kv) == simdjson::SUCCESS) {
    simdjson::dom::array arr;
    if (kv.get_array().get(arr) != simdjson::SUCCESS) return err(400, "bad format keys");
    for (auto k : arr) {
      std::string_view s;
      if (k.get_string().get(s) != simdjson::SUCCESS) return err(400, "bad format keys");
      std::string e;
      auto raw = hex_decode(s, &e);
      if (!raw) return err(400, e);
      keys.push_back(*raw);
    }
  }
  auto slot = sim.cluster.region_slot(rid);
  if (!slot) return err(500, region_not_found(rid));
  std::string p(policy);
  for (char& ch : p) ch = char(std::toupper((unsigned char)ch));
  if (p != "SCAN" && p != "APPROXIMATE" && p != "USEKEY")
    return err(500, "check policy " + std::string(policy) + " is not supported");
  const Region& r = sim.cluster.region(*slot);
  BuiltOperator b;
  Step st{StepKind::Split};
  st.policy = p;
  if (p == "USEKEY") st.split_keys = keys;
  b.steps.push_back(st);
  b.brief = "split: region " + std::to_string(rid) + " use policy " + p;
  if (p == "USEKEY" && !keys.empty()) {
    b.brief += " and keys [";
    for (size_t i = 0; i < keys.size(); ++i) b.brief += (i ? " " : "") + hex_lower(keys[i]);
    b.brief += "]";
  }
  return add(sim, make_operator(sim, r, "admin-split-region", kOpAdmin | kOpSplit, std::move(b)));
}

CreateResult scatter_regions(Sim& sim, const simdjson::dom::element& in) {
  std::vector<uint64_t> ids;
  simdjson::dom::array arr;
  std::string_view sk, ek;
  std::string group;
  std::string_view g;
  if (in["group"].get_string().get(g) == simdjson::SUCCESS) group = std::string(g);
  if (in["region_ids"].get_array().get(arr) == simdjson::SUCCESS) {
    for (auto v : arr) {
      auto d = json_number(v);
      if (!d) return err(400, "region_ids is invalid");
      ids.push_back(go_u64_of(*d));
    }
  } else if (in["start_key"].get_string().get(sk) == simdjson::SUCCESS &&
             in["end_key"].get_string().get(ek) == simdjson::SUCCESS) {
    std::string e;
    auto s = hex_decode(sk, &e), t = hex_decode(ek, &e);
    if (!s || !t) return err(400, e);
    auto pos = sim.cluster.locate(*s);
    for (size_t i = pos ? *pos : 0; i < sim.cluster.order().size(); ++i) {
      const Region& r = sim.cluster.region(sim.cluster.order()[i]);
      if (!t->empty() && !(std::string(sim.cluster.key(r.start)) < *t)) break;
      ids.push_back(r.id);
    }
  } else {
    return err(400, "region_ids is invalid");
  }
  size_t ok = 0;
  std::string last_err;
  for (uint64_t id : ids) {
    std::string e = scatter_region(sim, id, group);
    if (e.empty()) ++ok;
    else last_err = e;
  }
  JsonWriter w(true);
  w.begin_object().key("processed-percentage").i64(ids.empty() ? 100 : int64_t(ok * 100 / ids.size()));
  w.key("error").str(last_err).end_object();
  CreateResult r;
  r.json_body = w.take(false);
  return r;
}

}  // namespace

std::string scatter_region(Sim& sim, uint64_t rid, const std::string& group) {
  (void)group;
  auto slot = sim.cluster.region_slot(rid);
  if (!slot) return region_not_found(rid);
  const Region& r = sim.cluster.region(*slot);
  if (r.wbytes / 60 > (1u << 20) || r.rbytes / 60 > (1u << 20))
    return "region " + std::to_string(rid) + " is a hot region";
  // Move one peer to a random eligible store and pick a random leader.
  std::vector<uint64_t> candidates;
  for (uint32_t i = 0; i < sim.cluster.stores().size(); ++i) {
    const Store& s = sim.cluster.stores()[i];
    if (s.state == 0 && s.alive && !s.is_tiflash() && sim.health(s) == StoreHealth::Up && r.find_store(i) < 0)
      candidates.push_back(s.id);
  }
  PeerChange ch;
  if (!candidates.empty() && r.npeers > 0) {
    ch.add.push_back(candidates[sim.rng.below(candidates.size())]);
    int victim = int(sim.rng.below(uint64_t(r.npeers)));
    ch.remove.push_back(sim.cluster.stores()[r.peers[victim].store].id);
  } else if (r.npeers > 1) {
    int li = int(sim.rng.below(uint64_t(r.npeers)));
    if (li != r.leader && r.peers[li].role == PeerRole::Voter) ch.target_leader = sim.cluster.stores()[r.peers[li].store].id;
  }
  if (ch.add.empty() && !ch.target_leader) return "";
  BuiltOperator b = build_change(sim, r, ch);
  if (!b.err.empty()) return b.err;
  if (!sim.add_operator(make_operator(sim, r, "scatter-region", kOpAdmin, std::move(b)))) return kAddFailed;
  return "";
}

CreateResult create_operator(Sim& sim, const simdjson::dom::element& in) {
  std::string_view name;
  if (!in.is_object() || in["name"].get_string().get(name) != simdjson::SUCCESS) return err(400, "missing operator name");
  static const char* known[] = {"transfer-leader", "transfer-region", "transfer-peer", "add-peer", "add-learner",
                                "remove-peer", "merge-region", "split-region", "scatter-region", "scatter-regions"};
  if (std::find(std::begin(known), std::end(known), name) == std::end(known)) return err(400, "unknown operator");
  if (name == "scatter-regions") return scatter_regions(sim, in);
  auto rid = num(in, name == "merge-region" ? "source_region_id" : "region_id");
  if (!rid) return err(400, "missing region id");
  if (name == "transfer-leader") {
    auto to = num(in, "to_store_id");
    if (!to) return err(400, "missing store id to transfer leader to");
    return transfer_leader(sim, *rid, *to);
  }
  if (name == "transfer-region") return transfer_region(sim, *rid, in);
  if (name == "transfer-peer") {
    auto from = num(in, "from_store_id");
    if (!from) return err(400, "invalid store id to transfer peer from");
    auto to = num(in, "to_store_id");
    if (!to) return err(400, "invalid store id to transfer peer to");
    return change(sim, *rid, "admin-move-peer", PeerChange{{*to}, {}, {*from}, 0});
  }
  if (name == "add-peer" || name == "add-learner" || name == "remove-peer") {
    auto store = num(in, "store_id");
    if (!store) return err(400, "invalid store id to transfer peer to");
    if (name == "add-peer") return change(sim, *rid, "admin-add-peer", PeerChange{{*store}, {}, {}, 0});
    if (name == "add-learner") return change(sim, *rid, "admin-add-learner", PeerChange{{}, {*store}, {}, 0});
    if (!sim.cluster.region_slot(*rid)) return err(500, region_not_found(*rid));
    return change(sim, *rid, "admin-remove-peer", PeerChange{{}, {}, {*store}, 0});
  }
  if (name == "merge-region") {
    auto target = num(in, "target_region_id");
    if (!target) return err(400, "invalid target region id to merge to");
    return merge_regions(sim, *rid, *target, "admin-merge-region", kOpAdmin);
  }
  if (name == "split-region") return split(sim, *rid, in);
  std::string_view group;
  if (in["group"].get_string().get(group)) {}
  std::string e = scatter_region(sim, *rid, std::string(group));
  if (!e.empty()) return err(500, e);
  return {};
}

}  // namespace pdsim
