// engine/actions/kinds_region.cpp: region-level actions (transfer_leader,
// transfer_peer, add_peer, remove_peer, split_region, merge_region,
// scatter_region): validation, PD operator request, post-condition.
// Rules follow PD's operator builder: a leader moves only to a store holding
// a voter, a peer is never removed from the leader's store, a region's
// quorum of Up voters is kept, no second operator on a busy region.
#include "actions/kind.hpp"

#include "pd/pd_format.hpp"

#include <algorithm>

namespace medic::actions {
namespace {

const pd::Peer* peer_on(const pd::Region& r, uint64_t store) {
    for (const auto& p : r.peers)
        if (p.store_id == store) return &p;
    return nullptr;
}

bool is_voter(const pd::Peer& p) { return p.role == pd::PeerRole::Voter || p.role == pd::PeerRole::IncomingVoter; }

bool store_up(const Facts& f, uint64_t id) {
    auto* s = f.store(id);
    return s && s->state_name == pd::StoreStateName::Up;
}

// Voters of `r` on Up stores, after removing `removed` and adding `added` (0 = none).
std::pair<size_t, size_t> voters_after(const Facts& f, const pd::Region& r, uint64_t removed, uint64_t added) {
    size_t voters = 0, up = 0;
    for (const auto& p : r.peers) {
        if (!is_voter(p) || p.store_id == removed) continue;
        ++voters;
        up += store_up(f, p.store_id);
    }
    if (added) ++voters, ++up;
    return {voters, up};
}

// Loads the region and checks the stores; fills `out` on failure.
const pd::Region* load_region(const Facts& f, uint64_t id, Plan& out) {
    auto* r = f.region(id);
    if (!r) out = invalid("region_not_found", "region " + std::to_string(id) + " not found");
    return r;
}

bool require_up(const Facts& f, uint64_t store, Plan& out) {
    auto* s = f.store(store);
    if (!s) return out = invalid("store_not_found", "store " + std::to_string(store) + " not found"), false;
    if (s->state_name != pd::StoreStateName::Up)
        return out = invalid("store_not_up", "store " + std::to_string(store) + " is " + store_state_text(*s) +
                                                 ", not Up"), false;
    return true;
}

uint64_t leaders_on(const Facts& f, uint64_t store) {
    auto* s = f.store(store);
    return s ? s->leader_count : 0;
}

double move_timeout(const pd::Region& r) { return 60.0 + double(r.approximate_size_mib) / 8.0; }

FactNeeds region_needs(const ParamMap& p, bool for_verify) {
    FactNeeds n;
    n.regions = {uint64_t(param_int(p, "region"))};
    n.stores = !for_verify;
    n.operators = !for_verify;
    return n;
}

FactNeeds scatter_needs(const ParamMap& p, bool for_verify) {
    auto n = region_needs(p, for_verify);
    n.operators = true;  // the post-condition is PD's operator outcome
    return n;
}

std::string op_body(const std::string& name, uint64_t region, const std::string& rest) {
    return "{\"name\":\"" + name + "\",\"region_id\":" + std::to_string(region) + rest + "}";
}

// ---------------------------------------------------------------- transfer_leader
Plan plan_transfer_leader(const ParamMap& p, const Facts& f) {
    uint64_t region = param_int(p, "region"), to = param_int(p, "to_store");
    Plan out;
    auto* r = load_region(f, region, out);
    if (!r) return out;
    out.facts_json = region_facts_json(*r);
    if (r->leader.store_id == to) {
        out.satisfied = true;
        out.description = "region " + std::to_string(region) + " is already led by store " + std::to_string(to);
        return out;
    }
    if (!require_up(f, to, out)) return out;
    auto* peer = peer_on(*r, to);
    if (!peer || !is_voter(*peer))
        return invalid("no_voter_on_store", "region " + std::to_string(region) + " has no voter on store " + std::to_string(to));
    if (region_busy(f, region, out)) return out;
    uint64_t from = r->leader.store_id, n = leaders_on(f, to);
    out.description = "transfer leader of region " + std::to_string(region) + " from store " + std::to_string(from) +
                      " to store " + std::to_string(to) + "; store " + std::to_string(to) + " leaders " +
                      std::to_string(n) + " -> " + std::to_string(n + 1);
    out.calls = {{"POST", "/operators", op_body("transfer-leader", region, ",\"to_store_id\":" + std::to_string(to))}};
    out.influence.leaders_moved = 1;
    out.lock_regions = {region};
    out.timeout_s = 30;
    out.operator_region = region;
    return out;
}

Check verify_transfer_leader(const ParamMap& p, const Plan&, const Facts& f) {
    uint64_t region = param_int(p, "region"), to = param_int(p, "to_store");
    auto* r = f.region(region);
    if (!r) return {CheckState::Failed, "region " + std::to_string(region) + " disappeared"};
    if (r->leader.store_id == to) return {CheckState::Done, "store " + std::to_string(to) + " leads region " + std::to_string(region)};
    return {CheckState::Pending, "leader still on store " + std::to_string(r->leader.store_id)};
}

// ---------------------------------------------------------------- transfer_peer
FactNeeds peer_needs(const ParamMap& p, bool for_verify) {
    auto n = region_needs(p, for_verify);
    n.replication = !for_verify;
    return n;
}

Plan plan_transfer_peer(const ParamMap& p, const Facts& f) {
    uint64_t region = param_int(p, "region"), from = param_int(p, "from_store"), to = param_int(p, "to_store");
    Plan out;
    if (from == to) return invalid("same_store", "transfer_peer: from_store and to_store are both " + std::to_string(to));
    auto* r = load_region(f, region, out);
    if (!r) return out;
    out.facts_json = region_facts_json(*r);
    if (peer_on(*r, to) && !peer_on(*r, from)) {
        out.satisfied = true;
        out.description = "region " + std::to_string(region) + " already has its peer on store " + std::to_string(to);
        return out;
    }
    if (!peer_on(*r, from))
        return invalid("no_peer_on_store", "region " + std::to_string(region) + " has no peer on store " + std::to_string(from));
    if (peer_on(*r, to))
        return invalid("peer_exists", "region " + std::to_string(region) + " already has a peer on store " + std::to_string(to));
    if (!require_up(f, to, out)) return out;
    auto [voters, up] = voters_after(f, *r, from, to);
    if (up < voters / 2 + 1)
        return invalid("quorum_lost", "region " + std::to_string(region) + " would keep " + std::to_string(up) + " Up voters of " +
                                          std::to_string(voters) + ", below a quorum of " + std::to_string(voters / 2 + 1));
    if (region_busy(f, region, out)) return out;
    out.description = "move region " + std::to_string(region) + "'s peer from store " + std::to_string(from) + " to store " +
                      std::to_string(to) + " (" + std::to_string(r->approximate_size_mib) + " MiB)";
    out.calls = {{"POST", "/operators", op_body("transfer-peer", region, ",\"from_store_id\":" + std::to_string(from) +
                                                                      ",\"to_store_id\":" + std::to_string(to))}};
    out.influence.regions_moved = 1;
    out.influence.leaders_moved = r->leader.store_id == from;
    out.lock_regions = {region};
    out.timeout_s = move_timeout(*r);
    out.operator_region = region;
    return out;
}

Check verify_transfer_peer(const ParamMap& p, const Plan&, const Facts& f) {
    uint64_t region = param_int(p, "region"), from = param_int(p, "from_store"), to = param_int(p, "to_store");
    auto* r = f.region(region);
    if (!r) return {CheckState::Failed, "region " + std::to_string(region) + " disappeared"};
    auto* np = peer_on(*r, to);
    if (np && is_voter(*np) && !peer_on(*r, from)) return {CheckState::Done, "peer now on store " + std::to_string(to)};
    return {CheckState::Pending, "peer on store " + std::to_string(from) + (np ? " and a new one on " : ", none yet on ") + std::to_string(to)};
}

// ---------------------------------------------------------------- add_peer / remove_peer
Plan plan_add_peer(const ParamMap& p, const Facts& f) {
    uint64_t region = param_int(p, "region"), store = param_int(p, "store");
    Plan out;
    auto* r = load_region(f, region, out);
    if (!r) return out;
    out.facts_json = region_facts_json(*r);
    if (auto* pe = peer_on(*r, store); pe && is_voter(*pe)) {
        out.satisfied = true;
        out.description = "region " + std::to_string(region) + " already has a voter on store " + std::to_string(store);
        return out;
    }
    if (peer_on(*r, store))
        return invalid("peer_exists", "region " + std::to_string(region) + " already has a learner on store " + std::to_string(store));
    if (!require_up(f, store, out)) return out;
    if (region_busy(f, region, out)) return out;
    out.description = "add a voter of region " + std::to_string(region) + " on store " + std::to_string(store) + "; voters " +
                      std::to_string(voters_after(f, *r, 0, 0).first) + " -> " + std::to_string(voters_after(f, *r, 0, store).first);
    out.calls = {{"POST", "/operators", op_body("add-peer", region, ",\"store_id\":" + std::to_string(store))}};
    out.influence.regions_moved = 1;
    out.lock_regions = {region};
    out.timeout_s = move_timeout(*r);
    out.operator_region = region;
    return out;
}

Check verify_add_peer(const ParamMap& p, const Plan&, const Facts& f) {
    uint64_t region = param_int(p, "region"), store = param_int(p, "store");
    auto* r = f.region(region);
    if (!r) return {CheckState::Failed, "region " + std::to_string(region) + " disappeared"};
    auto* pe = peer_on(*r, store);
    if (pe && is_voter(*pe)) return {CheckState::Done, "voter on store " + std::to_string(store)};
    return {CheckState::Pending, pe ? "learner on store " + std::to_string(store) + " not promoted yet" : "no peer yet"};
}

Plan plan_remove_peer(const ParamMap& p, const Facts& f) {
    uint64_t region = param_int(p, "region"), store = param_int(p, "store");
    Plan out;
    auto* r = load_region(f, region, out);
    if (!r) return out;
    out.facts_json = region_facts_json(*r);
    if (!peer_on(*r, store)) {
        out.satisfied = true;
        out.description = "region " + std::to_string(region) + " has no peer on store " + std::to_string(store);
        return out;
    }
    if (r->leader.store_id == store)
        return invalid("is_leader", "cannot remove peer from " + std::to_string(store) + ": is region " +
                                        std::to_string(region) + "'s leader (transfer the leader first)");
    auto [voters, up] = voters_after(f, *r, store, 0);
    if (voters == 0 || up < voters / 2 + 1)
        return invalid("quorum_lost", "region " + std::to_string(region) + " would keep " + std::to_string(up) + " Up voters of " +
                                          std::to_string(voters) + ", below a quorum of " + std::to_string(voters / 2 + 1));
    if (region_busy(f, region, out)) return out;
    out.description = "remove region " + std::to_string(region) + "'s peer on store " + std::to_string(store) + "; voters " +
                      std::to_string(voters + 1) + " -> " + std::to_string(voters) + " (max-replicas " + std::to_string(f.max_replicas) + ")";
    out.calls = {{"POST", "/operators", op_body("remove-peer", region, ",\"store_id\":" + std::to_string(store))}};
    out.influence.regions_moved = 1;
    out.lock_regions = {region};
    out.timeout_s = 60;
    out.operator_region = region;
    return out;
}

Check verify_remove_peer(const ParamMap& p, const Plan&, const Facts& f) {
    uint64_t region = param_int(p, "region"), store = param_int(p, "store");
    auto* r = f.region(region);
    if (!r) return {CheckState::Failed, "region " + std::to_string(region) + " disappeared"};
    if (!peer_on(*r, store)) return {CheckState::Done, "no peer on store " + std::to_string(store)};
    return {CheckState::Pending, "peer still on store " + std::to_string(store)};
}

// ---------------------------------------------------------------- split / merge / scatter
Plan plan_split_region(const ParamMap& p, const Facts& f) {
    uint64_t region = param_int(p, "region");
    std::string policy = param_string(p, "policy", "approximate");
    auto keys = param_strings(p, "keys");
    Plan out;
    auto* r = load_region(f, region, out);
    if (!r) return out;
    out.facts_json = region_facts_json(*r);
    if (policy == "usekey" && keys.empty()) return invalid("missing_keys", "split_region: policy usekey needs keys");
    if (policy != "usekey" && !keys.empty()) return invalid("unexpected_keys", "split_region: keys are only used with policy usekey");
    std::string keys_json;
    for (const auto& k : keys) {
        std::string raw;
        if (!pd::hex_decode(k, &raw)) return invalid("bad_key", "split_region: key '" + k + "' is not hex");
        bool inside = raw > r->start_key && (r->end_key.empty() || raw < r->end_key);
        if (!inside) return invalid("key_outside_region", "split_region: key " + k + " is not inside region " + std::to_string(region));
        keys_json += (keys_json.empty() ? "\"" : ",\"") + pd::hex_encode(raw) + "\"";
    }
    if (region_busy(f, region, out)) return out;
    out.description = "split region " + std::to_string(region) + " (" + std::to_string(r->approximate_size_mib) +
                      " MiB) by policy " + policy + (keys.empty() ? "" : " at " + std::to_string(keys.size()) + " key(s)");
    out.calls = {{"POST", "/operators",
                  op_body("split-region", region, ",\"policy\":\"" + policy + "\"" + (keys.empty() ? "" : ",\"keys\":[" + keys_json + "]"))}};
    out.lock_regions = {region};
    out.timeout_s = 60;
    out.operator_region = region;
    out.baseline["version"] = int64_t(r->version);
    return out;
}

Check verify_split_region(const ParamMap& p, const Plan& planned, const Facts& f) {
    uint64_t region = param_int(p, "region");
    auto* r = f.region(region);
    if (!r) return {CheckState::Failed, "region " + std::to_string(region) + " disappeared"};
    if (int64_t(r->version) > planned.baseline.at("version"))
        return {CheckState::Done, "epoch version " + std::to_string(planned.baseline.at("version")) + " -> " + std::to_string(r->version)};
    return {CheckState::Pending, "epoch version still " + std::to_string(r->version)};
}

FactNeeds merge_needs(const ParamMap& p, bool for_verify) {
    FactNeeds n;
    n.regions = {uint64_t(param_int(p, "source_region")), uint64_t(param_int(p, "target_region"))};
    n.stores = !for_verify;
    n.operators = !for_verify;
    return n;
}

Plan plan_merge_region(const ParamMap& p, const Facts& f) {
    uint64_t src = param_int(p, "source_region"), dst = param_int(p, "target_region");
    Plan out;
    if (src == dst) return invalid("same_region", "merge_region: source and target are both region " + std::to_string(src));
    auto* s = load_region(f, src, out);
    if (!s) return out;
    auto* t = load_region(f, dst, out);
    if (!t) return out;
    out.facts_json = "[" + region_facts_json(*s) + "," + region_facts_json(*t) + "]";
    bool adjacent = (!s->end_key.empty() && s->end_key == t->start_key) || (!t->end_key.empty() && t->end_key == s->start_key);
    if (!adjacent) return invalid("not_adjacent", "regions " + std::to_string(src) + " and " + std::to_string(dst) + " are not adjacent");
    if (region_busy(f, src, out) || region_busy(f, dst, out)) return out;
    out.description = "merge region " + std::to_string(src) + " (" + std::to_string(s->approximate_size_mib) + " MiB) into region " +
                      std::to_string(dst) + " (" + std::to_string(t->approximate_size_mib) + " MiB); regions -1";
    out.calls = {{"POST", "/operators", "{\"name\":\"merge-region\",\"source_region_id\":" + std::to_string(src) +
                                            ",\"target_region_id\":" + std::to_string(dst) + "}"}};
    out.influence.regions_moved = 1;
    out.lock_regions = {src, dst};
    out.timeout_s = 120;
    out.operator_region = src;
    return out;
}

Check verify_merge_region(const ParamMap& p, const Plan&, const Facts& f) {
    uint64_t src = param_int(p, "source_region"), dst = param_int(p, "target_region");
    if (!f.region(dst)) return {CheckState::Failed, "target region " + std::to_string(dst) + " disappeared"};
    if (!f.region(src)) return {CheckState::Done, "region " + std::to_string(src) + " merged into " + std::to_string(dst)};
    return {CheckState::Pending, "region " + std::to_string(src) + " still exists"};
}

Plan plan_scatter_region(const ParamMap& p, const Facts& f) {
    uint64_t region = param_int(p, "region");
    std::string group = param_string(p, "group");
    Plan out;
    auto* r = load_region(f, region, out);
    if (!r) return out;
    out.facts_json = region_facts_json(*r);
    if (region_busy(f, region, out)) return out;
    out.description = "scatter region " + std::to_string(region) + "'s " + std::to_string(r->peers.size()) +
                      " peers and leader over the stores" + (group.empty() ? "" : " (group " + group + ")");
    out.calls = {{"POST", "/operators", op_body("scatter-region", region, group.empty() ? "" : ",\"group\":\"" + json_escape(group) + "\"")}};
    out.influence.regions_moved = r->peers.size();
    out.influence.leaders_moved = 1;
    out.lock_regions = {region};
    out.timeout_s = move_timeout(*r);
    out.operator_region = region;
    return out;
}

Check verify_scatter_region(const ParamMap& p, const Plan&, const Facts& f) {
    uint64_t region = param_int(p, "region");
    if (!f.region(region)) return {CheckState::Failed, "region " + std::to_string(region) + " disappeared"};
    auto it = f.operators.find(region);
    std::string st = it == f.operators.end() ? "" : it->second;
    if (st.empty() || st == "SUCCESS") return {CheckState::Done, st.empty() ? "no scatter operator left running" : "scatter operator succeeded"};
    if (st == "CANCEL" || st == "TIMEOUT" || st == "REPLACE") return {CheckState::Failed, "PD's operator ended " + st};
    return {CheckState::Pending, "operator " + st};
}

}  // namespace

std::vector<KindImpl> region_kinds() {
    return {{"transfer_leader", region_needs, plan_transfer_leader, verify_transfer_leader},
            {"transfer_peer", peer_needs, plan_transfer_peer, verify_transfer_peer},
            {"add_peer", region_needs, plan_add_peer, verify_add_peer},
            {"remove_peer", peer_needs, plan_remove_peer, verify_remove_peer},
            {"split_region", region_needs, plan_split_region, verify_split_region},
            {"merge_region", merge_needs, plan_merge_region, verify_merge_region},
            {"scatter_region", scatter_needs, plan_scatter_region, verify_scatter_region}};
}

}  // namespace medic::actions
