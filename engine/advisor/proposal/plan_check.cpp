// engine/advisor/proposal/plan_check.cpp: wire action -> typed step, checks
// against the snapshot, and the set-level safety policy.
#include "plan_check.hpp"

#include <map>
#include <optional>
#include <set>

#include "catalog.hpp"

namespace medic::advisor {
namespace {

using pd::StoreStateName;

constexpr size_t kMaxSteps = 8;  // policy: max_steps_per_proposal

struct Ctx {
    const model::ClusterSnapshot& snap;
    PlanCheck& out;
    std::string path;  // "$[i].action"

    void invalid(std::string code, std::string msg) { out.invalid.push_back({std::move(code), path, std::move(msg)}); }
};

std::string sid(uint64_t id) { return "store " + std::to_string(id); }
std::string rid(uint64_t id) { return "region " + std::to_string(id); }

const pd::Store* need_store(Ctx& c, int64_t id, bool must_be_up) {
    const pd::Store* s = c.snap.store(uint64_t(id));
    if (!s) {
        c.invalid("store_not_found", sid(uint64_t(id)) + " does not exist in the snapshot");
        return nullptr;
    }
    if (s->state_name == StoreStateName::Tombstone) {
        c.invalid("store_tombstone", sid(s->id) + " is Tombstone");
        return nullptr;
    }
    if (must_be_up && s->state_name != StoreStateName::Up) {
        c.invalid("store_not_up", sid(s->id) + " is " + pd::wire_name(s->state_name) + ", not Up");
        return nullptr;
    }
    return s;
}

std::optional<model::RegionRef> need_region(Ctx& c, int64_t id) {
    if (!c.snap.has_regions()) {
        c.invalid("no_region_scan", "the snapshot has no region scan; " + rid(uint64_t(id)) + " cannot be checked");
        return std::nullopt;
    }
    auto r = c.snap.region(uint64_t(id));
    if (!r) c.invalid("region_not_found", rid(uint64_t(id)) + " does not exist in the snapshot");
    return r;
}

bool has_voter_on(const model::RegionRef& r, uint64_t store) {
    for (size_t i = 0; i < r.peer_count(); ++i) {
        pd::Peer p = r.peer(i);
        if (p.store_id == store && p.role == pd::PeerRole::Voter) return true;
    }
    return false;
}

/// Kind-specific checks of a registry action; returns false when invalid,
/// sets `done` when the cluster already is in the target state.
bool check_kind(Ctx& c, const std::string& kind, const actions::ParamMap& p, bool& done) {
    auto get = [&](const char* n) { return actions::param_int(p, n, 0); };
    size_t before = c.out.invalid.size();
    if (kind == "transfer_leader") {
        auto r = need_region(c, get("region"));
        const pd::Store* to = need_store(c, get("to_store"), true);
        if (r && to && !has_voter_on(*r, to->id))
            c.invalid("no_voter_on_target", sid(to->id) + " holds no voter of " + rid(r->id()));
        if (r && to && r->leader_store_id() == to->id) done = true;
    } else if (kind == "transfer_peer") {
        auto r = need_region(c, get("region"));
        need_store(c, get("from_store"), false);
        const pd::Store* to = need_store(c, get("to_store"), true);
        if (r && !r->has_peer_on(uint64_t(get("from_store"))))
            c.invalid("no_peer_on_source", rid(r->id()) + " has no peer on " + sid(uint64_t(get("from_store"))));
        if (r && to && r->has_peer_on(to->id))
            c.invalid("peer_already_on_target", rid(r->id()) + " already has a peer on " + sid(to->id));
    } else if (kind == "add_peer") {
        auto r = need_region(c, get("region"));
        const pd::Store* st = need_store(c, get("store"), true);
        if (r && st && r->has_peer_on(st->id)) done = true;
    } else if (kind == "remove_peer") {
        auto r = need_region(c, get("region"));
        need_store(c, get("store"), false);
        if (r && !r->has_peer_on(uint64_t(get("store")))) done = true;
    } else if (kind == "split_region" || kind == "scatter_region") {
        need_region(c, get("region"));
    } else if (kind == "grant_leader") {
        need_store(c, get("store"), true);
    } else if (kind == "drain_store") {
        const pd::Store* st = need_store(c, get("store"), false);
        if (st && st->state_name == StoreStateName::Offline) done = true;
    } else if (kind == "cancel_drain") {
        const pd::Store* st = need_store(c, get("store"), false);
        if (st && st->state_name != StoreStateName::Offline)
            c.invalid("store_not_offline", sid(st->id) + " is " + pd::wire_name(st->state_name) + ", not Offline");
    } else {
        need_store(c, get("store"), false);  // evict_leader, remove_*_leader
    }
    return c.out.invalid.size() == before;
}

std::string describe(const std::string& kind, const actions::ParamMap& p) {
    std::string d = kind;
    for (const auto& [k, v] : p) d += " " + k + "=" + actions::value_to_json(v);
    return d;
}

std::optional<PlannedStep> registry_step(Ctx& c, const WireAction& a) {
    const WireKind* wk = find_wire_kind(a.kind);
    if (!wk) return std::nullopt;  // decode already rejected unknown kinds
    actions::ParamMap m;
    for (const auto& f : wk->fields) {
        const std::optional<int64_t>& v = f.field == WireField::RegionId  ? a.region_id
                                          : f.field == WireField::StoreId ? a.store_id
                                                                          : a.target_store_id;
        if (v) m[f.param] = *v;
    }
    actions::ParamCheck pc = actions::check_params(*wk->spec, m);
    if (!pc.ok()) {
        c.invalid("bad_params", pc.error);
        return std::nullopt;
    }
    bool done = false;
    if (!check_kind(c, a.kind, pc.params, done)) return std::nullopt;
    PlannedStep st{a.kind, "", pc.params, actions::params_to_json(pc.params), wk->spec->risk, wk->spec->reversible,
                   describe(a.kind, pc.params), ""};
    if (done) {
        c.out.satisfied.push_back(st.description + " (already satisfied)");
        return std::nullopt;
    }
    return st;
}

std::optional<PlannedStep> runbook_step(Ctx& c, const WireAction& a) {
    const RunbookSpec* rb = a.runbook ? find_runbook(*a.runbook) : nullptr;
    if (!rb) return std::nullopt;
    actions::ParamMap m;
    size_t before = c.out.invalid.size();
    if (a.store_id && need_store(c, *a.store_id, false)) m["store"] = *a.store_id;
    if (a.region_id && need_region(c, *a.region_id)) m["region"] = *a.region_id;
    if (c.out.invalid.size() != before) return std::nullopt;
    return PlannedStep{"run_runbook", rb->name, m, actions::params_to_json(m), rb->risk, false,
                       "run runbook " + rb->name + " " + actions::params_to_json(m), ""};
}

// ----------------------------------------------------------------- set policy

struct SetView {
    std::set<uint64_t> drained, leaders_off;
    std::map<uint64_t, int> region_uses, store_uses;
};

SetView summarize(const std::vector<PlannedStep>& steps) {
    SetView v;
    for (const auto& st : steps) {
        int64_t store = actions::param_int(st.params, "store", 0);
        int64_t region = actions::param_int(st.params, "region", 0);
        const RunbookSpec* rb = st.kind == "run_runbook" ? find_runbook(st.runbook) : nullptr;
        if (st.kind == "drain_store" || (rb && rb->drains_store)) v.drained.insert(uint64_t(store));
        if (st.kind == "evict_leader" || st.runbook == "evacuate_leaders") v.leaders_off.insert(uint64_t(store));
        if (region) ++v.region_uses[uint64_t(region)];
        if (store && region == 0) ++v.store_uses[uint64_t(store)];
    }
    for (uint64_t s : v.drained) v.leaders_off.insert(s);
    return v;
}

void check_set(const std::vector<PlannedStep>& steps, const model::ClusterSnapshot& snap, PlanCheck& out) {
    auto unsafe = [&](std::string code, std::string msg) { out.unsafe.push_back({std::move(code), "$", std::move(msg)}); };
    if (steps.size() > kMaxSteps)
        unsafe("max_steps_per_proposal", std::to_string(steps.size()) + " steps; at most " + std::to_string(kMaxSteps));
    SetView v = summarize(steps);
    std::set<uint64_t> up;
    for (const auto& s : snap.stores())
        if (s.state_name == StoreStateName::Up && !s.is_tiflash()) up.insert(s.id);
    uint64_t replicas = snap.replication().max_replicas ? snap.replication().max_replicas : 3;
    size_t up_after = 0, leaders_after = 0;
    for (uint64_t s : up) {
        up_after += !v.drained.count(s);
        leaders_after += !v.leaders_off.count(s);
    }
    // policy: min_up_stores — never plan below max-replicas Up stores.
    if (!v.drained.empty() && up_after < replicas)
        unsafe("min_up_stores", "the plan leaves " + std::to_string(up_after) + " Up stores, fewer than max-replicas " +
                                    std::to_string(replicas));
    // policy: leader_capable_stores — at least half of the Up stores keep leaders.
    if (!v.leaders_off.empty() && leaders_after * 2 < up.size())
        unsafe("leader_capable_stores", "the plan takes leaders off " + std::to_string(up.size() - leaders_after) +
                                            " of " + std::to_string(up.size()) + " Up stores");
    // policy: one_step_per_subject — two steps on one region or store conflict.
    for (const auto& [r, n] : v.region_uses)
        if (n > 1) unsafe("conflicting_steps", std::to_string(n) + " steps act on " + rid(r));
    for (const auto& [s, n] : v.store_uses)
        if (n > 1) unsafe("conflicting_steps", std::to_string(n) + " steps act on " + sid(s));
    for (const auto& st : steps) {
        int64_t target = actions::param_int(st.params, st.kind == "add_peer" ? "store" : "to_store", 0);
        if (target && v.leaders_off.count(uint64_t(target)))
            unsafe("target_leaving", st.description + " targets " + sid(uint64_t(target)) + ", which the plan empties");
        if (st.kind != "remove_peer") continue;
        // policy: region_quorum — removing a replica must leave a majority of Up voters.
        auto r = snap.region(uint64_t(actions::param_int(st.params, "region", 0)));
        if (!r) continue;
        size_t voters_up = 0;
        for (size_t i = 0; i < r->peer_count(); ++i) {
            pd::Peer p = r->peer(i);
            voters_up += p.role == pd::PeerRole::Voter && up.count(p.store_id) &&
                         p.store_id != uint64_t(actions::param_int(st.params, "store", 0));
        }
        if (voters_up < replicas / 2 + 1)
            unsafe("region_quorum", st.description + " leaves " + std::to_string(voters_up) + " Up voters");
    }
}

}  // namespace

PlanCheck check_plan(const std::vector<WireProposal>& proposals, const model::ClusterSnapshot& snap) {
    PlanCheck out;
    for (size_t i = 0; i < proposals.size(); ++i) {
        const WireAction& a = proposals[i].action;
        Ctx c{snap, out, "$[" + std::to_string(i) + "].action"};
        std::optional<PlannedStep> st;
        if (a.kind == "run_runbook") st = runbook_step(c, a);
        else if (a.kind != "none") st = registry_step(c, a);
        if (st) out.steps.push_back(std::move(*st));
    }
    check_set(out.steps, snap, out);
    return out;
}

}  // namespace medic::advisor
