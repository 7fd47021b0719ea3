// engine/actions/kinds_store.cpp: store-level actions (evict_leader,
// remove_evict_leader, grant_leader, remove_grant_leader, drain_store,
// cancel_drain, set_store_limit) and the helpers every kinds_*.cpp shares.
#include "actions/kind.hpp"

#include <cmath>
#include <cstdio>

namespace medic::actions {

Plan invalid(std::string code, std::string message) {
    Plan p;
    p.error_code = std::move(code);
    p.error = std::move(message);
    return p;
}

std::string store_state_text(const pd::Store& s) { return pd::wire_name(s.state_name); }

std::string region_facts_json(const pd::Region& r) {
    std::string peers;
    for (const auto& p : r.peers)
        peers += (peers.empty() ? "\"" : ",\"") + std::to_string(p.store_id) + ":" + pd::role_name(p.role) + "\"";
    return "{\"region\":" + std::to_string(r.id) + ",\"conf_ver\":" + std::to_string(r.conf_ver) +
           ",\"version\":" + std::to_string(r.version) + ",\"leader_store\":" + std::to_string(r.leader.store_id) +
           ",\"peers\":[" + peers + "]}";
}

std::string store_facts_json(const pd::Store& s) {
    return "{\"store\":" + std::to_string(s.id) + ",\"state\":\"" + pd::wire_name(s.state_name) + "\"}";
}

bool region_busy(const Facts& f, uint64_t region, Plan& out) {
    if (!f.operator_running(region)) return false;
    out = invalid("operator_running", "region " + std::to_string(region) + " already has a running PD operator (" +
                                          f.operators.at(region) + ")");
    return true;
}

namespace {

FactNeeds leader_sched_needs(const ParamMap&, bool) {
    FactNeeds n;
    n.leader_schedulers = true;
    return n;
}

const pd::Store* load_store(const Facts& f, uint64_t id, Plan& out) {
    auto* s = f.store(id);
    if (!s) out = invalid("store_not_found", "store " + std::to_string(id) + " not found (or Tombstone)");
    return s;
}

std::string sid(uint64_t id) { return std::to_string(id); }

// evict_leader / grant_leader share everything but the scheduler and wording.
Plan plan_leader_sched(const ParamMap& p, const Facts& f, bool evict) {
    uint64_t store = param_int(p, "store");
    Plan out;
    auto* s = load_store(f, store, out);
    if (!s) return out;
    const auto& set = evict ? f.evict_leader_stores : f.grant_leader_stores;
    out.facts_json = "{\"store\":" + store_facts_json(*s) + ",\"listed\":" + (set.count(store) ? "true" : "false") + "}";
    if (set.count(store)) {
        out.satisfied = true;
        out.description = std::string(evict ? "evict" : "grant") + "-leader scheduler already covers store " + sid(store);
        return out;
    }
    if (s->state == pd::StoreState::Tombstone) return invalid("store_removed", "store " + sid(store) + " has been removed");
    const char* sched = evict ? "evict-leader-scheduler" : "grant-leader-scheduler";
    if (evict) {
        int others = f.up_stores() - (s->state_name == pd::StoreStateName::Up) - int(f.evict_leader_stores.size());
        if (others < 1) return invalid("no_store_for_leaders", "no other Up store could take store " + sid(store) + "'s leaders");
        out.description = "evict all leaders from store " + sid(store) + "; store " + sid(store) + " leaders " +
                          std::to_string(s->leader_count) + " -> 0";
        out.influence.leaders_moved = s->leader_count;
    } else {
        if (s->state_name != pd::StoreStateName::Up)
            return invalid("store_not_up", "store " + sid(store) + " is " + store_state_text(*s) + ", not Up");
        uint64_t moved = f.total_leaders() - s->leader_count;
        out.description = "move every leader it can to store " + sid(store) + "; store " + sid(store) + " leaders " +
                          std::to_string(s->leader_count) + " -> up to " + std::to_string(f.total_leaders());
        out.influence.leaders_moved = moved;
    }
    out.calls = {{"POST", "/schedulers", "{\"name\":\"" + std::string(sched) + "\",\"store_id\":" + sid(store) + "}"}};
    out.lock_stores = {store};
    out.timeout_s = 30;
    return out;
}

Plan plan_remove_leader_sched(const ParamMap& p, const Facts& f, bool evict) {
    uint64_t store = param_int(p, "store");
    const auto& set = evict ? f.evict_leader_stores : f.grant_leader_stores;
    Plan out;
    out.facts_json = std::string("{\"store\":") + sid(store) + ",\"listed\":" + (set.count(store) ? "true" : "false") + "}";
    const char* sched = evict ? "evict-leader-scheduler" : "grant-leader-scheduler";
    if (!set.count(store)) {
        out.satisfied = true;
        out.description = std::string(sched) + " does not cover store " + sid(store);
        return out;
    }
    out.description = std::string("stop ") + (evict ? "evicting leaders from" : "granting leaders to") + " store " + sid(store) +
                      " (" + sched + " keeps " + std::to_string(set.size() - 1) + " other store(s))";
    out.calls = {{"DELETE", "/schedulers/" + std::string(sched) + "-" + sid(store), ""}};
    out.lock_stores = {store};
    out.timeout_s = 30;
    return out;
}

Check verify_listed(const Facts& f, uint64_t store, bool evict, bool want) {
    const auto& set = evict ? f.evict_leader_stores : f.grant_leader_stores;
    bool listed = set.count(store) > 0;
    std::string what = std::string(evict ? "evict" : "grant") + "-leader scheduler " + (listed ? "covers" : "does not cover") +
                       " store " + sid(store);
    return {listed == want ? CheckState::Done : CheckState::Pending, what};
}

Plan plan_evict(const ParamMap& p, const Facts& f) { return plan_leader_sched(p, f, true); }
Plan plan_grant(const ParamMap& p, const Facts& f) { return plan_leader_sched(p, f, false); }
Plan plan_rm_evict(const ParamMap& p, const Facts& f) { return plan_remove_leader_sched(p, f, true); }
Plan plan_rm_grant(const ParamMap& p, const Facts& f) { return plan_remove_leader_sched(p, f, false); }
Check verify_evict(const ParamMap& p, const Plan&, const Facts& f) { return verify_listed(f, param_int(p, "store"), true, true); }
Check verify_grant(const ParamMap& p, const Plan&, const Facts& f) { return verify_listed(f, param_int(p, "store"), false, true); }
Check verify_rm_evict(const ParamMap& p, const Plan&, const Facts& f) { return verify_listed(f, param_int(p, "store"), true, false); }
Check verify_rm_grant(const ParamMap& p, const Plan&, const Facts& f) { return verify_listed(f, param_int(p, "store"), false, false); }

// ---------------------------------------------------------------- drain / cancel_drain
FactNeeds drain_needs(const ParamMap&, bool for_verify) {
    FactNeeds n;
    n.replication = !for_verify;
    return n;
}

Plan plan_drain_store(const ParamMap& p, const Facts& f) {
    uint64_t store = param_int(p, "store");
    Plan out;
    auto* s = load_store(f, store, out);
    if (!s) return out;
    out.facts_json = store_facts_json(*s);
    if (s->state == pd::StoreState::Offline) {
        out.satisfied = true;
        out.description = "store " + sid(store) + " is already Offline (draining)";
        return out;
    }
    if (s->state == pd::StoreState::Tombstone) return invalid("store_removed", "store " + sid(store) + " has been removed");
    int up_after = f.up_stores() - (s->state_name == pd::StoreStateName::Up);
    if (up_after < int(f.max_replicas))
        return invalid("not_enough_stores", "can not remove store " + sid(store) + " since the number of up stores would be " +
                                                std::to_string(up_after) + " while need " + std::to_string(f.max_replicas));
    out.description = "drain store " + sid(store) + ": PD moves its " + std::to_string(s->region_count) + " regions (" +
                      std::to_string(s->leader_count) + " leaders) away; Up stores " + std::to_string(f.up_stores()) + " -> " +
                      std::to_string(up_after);
    out.calls = {{"DELETE", "/store/" + sid(store), ""}};
    out.influence.stores_to_drain = 1;
    out.influence.regions_moved = s->region_count;
    out.influence.leaders_moved = s->leader_count;
    out.lock_stores = {store};
    out.timeout_s = 30;
    return out;
}

Check verify_drain_store(const ParamMap& p, const Plan&, const Facts& f) {
    uint64_t store = param_int(p, "store");
    auto* s = f.store(store);
    if (!s) return {CheckState::Done, "store " + sid(store) + " is gone (Tombstone)"};
    if (s->state != pd::StoreState::Up) return {CheckState::Done, "store " + sid(store) + " is " + store_state_text(*s)};
    return {CheckState::Pending, "store " + sid(store) + " still Up"};
}

Plan plan_cancel_drain(const ParamMap& p, const Facts& f) {
    uint64_t store = param_int(p, "store");
    Plan out;
    auto* s = load_store(f, store, out);
    if (!s) return out;
    out.facts_json = store_facts_json(*s);
    if (s->state == pd::StoreState::Up) {
        out.satisfied = true;
        out.description = "store " + sid(store) + " is not draining";
        return out;
    }
    if (s->state == pd::StoreState::Tombstone) return invalid("store_removed", "store " + sid(store) + " has been removed");
    out.description = "cancel the drain of store " + sid(store) + " (" + std::to_string(s->region_count) + " regions left); Offline -> Up";
    out.calls = {{"POST", "/store/" + sid(store) + "/state?state=Up", ""}};
    out.lock_stores = {store};
    out.timeout_s = 30;
    return out;
}

Check verify_cancel_drain(const ParamMap& p, const Plan&, const Facts& f) {
    uint64_t store = param_int(p, "store");
    auto* s = f.store(store);
    if (!s) return {CheckState::Failed, "store " + sid(store) + " is gone"};
    if (s->state == pd::StoreState::Up) return {CheckState::Done, "store " + sid(store) + " is Up"};
    return {CheckState::Pending, "store " + sid(store) + " is " + store_state_text(*s)};
}

// ---------------------------------------------------------------- set_store_limit
FactNeeds limit_needs(const ParamMap&, bool for_verify) {
    FactNeeds n;
    n.stores = !for_verify;
    n.store_limits = true;
    return n;
}

std::string fmt_rate(double r) {
    char b[32];
    std::snprintf(b, sizeof b, "%g", r);
    return b;
}

bool limit_matches(const Facts& f, uint64_t store, const std::string& type, double rate) {
    auto it = f.store_limits.find(store);
    if (it == f.store_limits.end()) return false;
    auto eq = [&](double v) { return std::fabs(v - rate) < 1e-6; };
    if (type == "add-peer") return eq(it->second.add_peer);
    if (type == "remove-peer") return eq(it->second.remove_peer);
    return eq(it->second.add_peer) && eq(it->second.remove_peer);
}

Plan plan_set_store_limit(const ParamMap& p, const Facts& f) {
    uint64_t store = param_int(p, "store");
    double rate = param_number(p, "rate");
    std::string type = param_string(p, "type", "both");
    Plan out;
    auto* s = load_store(f, store, out);
    if (!s) return out;
    auto it = f.store_limits.find(store);
    StoreLimit cur = it == f.store_limits.end() ? StoreLimit{} : it->second;
    out.facts_json = "{\"store\":" + sid(store) + ",\"add_peer\":" + fmt_rate(cur.add_peer) + ",\"remove_peer\":" + fmt_rate(cur.remove_peer) + "}";
    if (limit_matches(f, store, type, rate)) {
        out.satisfied = true;
        out.description = "store " + sid(store) + " " + type + " limit is already " + fmt_rate(rate) + "/min";
        return out;
    }
    out.description = "set store " + sid(store) + " " + type + " limit: add-peer " + fmt_rate(cur.add_peer) + ", remove-peer " +
                      fmt_rate(cur.remove_peer) + " -> " + fmt_rate(rate) + "/min";
    out.calls = {{"POST", "/store/" + sid(store) + "/limit",
                  "{\"rate\":" + fmt_rate(rate) + (type == "both" ? "" : ",\"type\":\"" + type + "\"") + "}"}};
    out.lock_stores = {store};
    out.timeout_s = 10;
    return out;
}

Check verify_set_store_limit(const ParamMap& p, const Plan&, const Facts& f) {
    uint64_t store = param_int(p, "store");
    double rate = param_number(p, "rate");
    std::string type = param_string(p, "type", "both");
    if (limit_matches(f, store, type, rate)) return {CheckState::Done, "GET /stores/limit shows " + fmt_rate(rate)};
    return {CheckState::Pending, "limit not yet " + fmt_rate(rate)};
}

}  // namespace

std::vector<KindImpl> store_kinds() {
    return {{"evict_leader", leader_sched_needs, plan_evict, verify_evict},
            {"remove_evict_leader", leader_sched_needs, plan_rm_evict, verify_rm_evict},
            {"grant_leader", leader_sched_needs, plan_grant, verify_grant},
            {"remove_grant_leader", leader_sched_needs, plan_rm_grant, verify_rm_grant},
            {"drain_store", drain_needs, plan_drain_store, verify_drain_store},
            {"cancel_drain", drain_needs, plan_cancel_drain, verify_cancel_drain},
            {"set_store_limit", limit_needs, plan_set_store_limit, verify_set_store_limit}};
}

}  // namespace medic::actions
