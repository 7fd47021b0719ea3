// engine/advisor/rules/rules_region.cpp: rules for hot regions and stores,
// leader and region imbalance, and regions with down/pending/missing peers.
#include <algorithm>

#include "rule_context.hpp"

namespace medic::advisor::rules {
namespace {

std::string n(uint64_t v) { return std::to_string(v); }

std::set<uint64_t> voter_stores(const model::RegionRef& r) {
    std::set<uint64_t> s;
    for (size_t i = 0; i < r.peer_count(); ++i)
        if (r.peer(i).role == pd::PeerRole::Voter) s.insert(r.peer(i).store_id);
    return s;
}

/// The hottest region led by `store` (write list first), 0 when none.
uint64_t hottest_on(const model::ClusterSnapshot& snap, uint64_t store) {
    for (pd::HotKind k : {pd::HotKind::Write, pd::HotKind::Read})
        for (const auto& h : snap.hot_regions(k))
            if (h.store_id == store) return h.region_id;
    return 0;
}

std::pair<const pd::Store*, const pd::Store*> leader_extremes(const RuleCtx& c) {
    const pd::Store *hi = nullptr, *lo = nullptr;
    for (const pd::Store* s : c.up_stores()) {
        if (!hi || s->leader_count > hi->leader_count) hi = s;
        if (!lo || s->leader_count < lo->leader_count) lo = s;
    }
    return {hi, lo};
}

}  // namespace

void rule_hot_region(RuleCtx& c, uint64_t region) {
    auto r = c.snap.region(region);
    if (!r) return rule_nothing(c, "region " + n(region) + " named by the incident is not in the snapshot");
    uint64_t leader = r->leader_store_id();
    c.diagnose("warning", "region " + n(region) + " is hot; its leader is on store " + n(leader),
               "a hot key range concentrated on one leader");
    c.cite_region(region, "region " + n(region) + " is hot with its leader on store " + n(leader));
    c.cite_store(leader, "store " + n(leader) + " leads region " + n(region));
    c.cite_incident("the Monitor opened a hot-region incident");
    std::set<uint64_t> voters = voter_stores(*r);
    const pd::Store* target = c.least_leaders(voters, {leader});
    c.alt("split region " + n(region), "more invasive; the hot spot may follow the key range");
    if (!target) {
        c.p.summary = "Run the hot_region runbook for region " + n(region) + " (no other Up store holds a voter).";
        c.act("run_runbook", int64_t(region), std::nullopt, std::nullopt, std::string("hot_region"));
        c.p.expected_impact = "the runbook moves or splits the region";
        c.p.verification_signal = "region " + n(region) + " leaves the hot list";
        return;
    }
    c.cite_store(target->id, "store " + n(target->id) + " holds a voter of region " + n(region) + " and " +
                                 n(target->leader_count) + " leaders");
    c.p.summary = "Move the leader of hot region " + n(region) + " from store " + n(leader) + " to store " +
                  n(target->id) + ".";
    c.act("transfer_leader", int64_t(region), std::nullopt, int64_t(target->id));
    c.p.expected_impact = "region " + n(region) + " traffic is served by store " + n(target->id) + "; store " + n(leader) + " sheds load";
    c.p.verification_signal = "PD reports store " + n(target->id) + " as leader of region " + n(region);
    c.p.verification_within_s = 60;
    c.alt("run the hot_region runbook", "a single leader move is enough to try first");
}

void rule_hot_store(RuleCtx& c, uint64_t store) {
    uint64_t region = hottest_on(c.snap, store);
    if (region) return rule_hot_region(c, region);
    c.diagnose("warning", "store " + n(store) + " carries more traffic than its peers", "leaders of busy regions concentrate on it");
    c.cite_store(store, "store " + n(store) + " is hot");
    c.cite_incident("the Monitor opened a hot-store incident");
    c.p.summary = "Rebalance leaders away from hot store " + n(store) + ".";
    c.act("run_runbook", std::nullopt, std::nullopt, std::nullopt, std::string("leader_rebalance"));
    c.p.expected_impact = "leaders spread evenly; store " + n(store) + " sheds load";
    c.p.verification_signal = "store " + n(store) + " leaves the hot-store list";
    c.alt("evict all leaders from store " + n(store), "moves far more than needed and idles the store");
}

/// The store leading least is Up but medic's own evict-leader scheduler
/// (action `by_action`) still keeps leaders off it: rebalancing cannot help
/// until that scheduler is removed, which restore_leaders does and verifies.
static void rule_restore_leaders(RuleCtx& c, const pd::Store& lo, const pd::Store& hi, int64_t by_action) {
    c.diagnose("warning", "store " + n(lo.id) + " is Up but leads " + n(lo.leader_count) + " regions; store " + n(hi.id) +
                              " leads " + n(hi.leader_count),
               "medic's evict-leader scheduler on store " + n(lo.id) + " (action " + std::to_string(by_action) +
                   ") is still in place, so PD moves no leader back");
    c.cite_store(lo.id, "store " + n(lo.id) + " is Up with " + n(lo.leader_count) + " leaders");
    c.cite_cluster("medic action " + std::to_string(by_action) + " added an evict-leader scheduler for store " +
                   n(lo.id) + " and no later action removed it");
    c.cite_incident("the Monitor opened a leader-imbalance incident");
    c.p.summary = "Run restore_leaders for store " + n(lo.id) + ": it is Up again, but medic's evict-leader scheduler "
                  "(action " + std::to_string(by_action) + ") still keeps its leaders away.";
    c.act("run_runbook", std::nullopt, int64_t(lo.id), std::nullopt, std::string("restore_leaders"));
    c.p.expected_impact = "the scheduler is removed; PD's balance-leader moves leaders back to store " + n(lo.id);
    c.p.verification_signal = "store " + n(lo.id) + " leads regions again";
    c.p.verification_within_s = 900;
    c.alt("run leader_rebalance", "its moves to store " + n(lo.id) + " would be undone by the evict-leader scheduler");
    c.alt("leave it", "the store stays without leaders until someone removes the scheduler by hand");
}

void rule_leader_imbalance(RuleCtx& c) {
    auto [hi, lo] = leader_extremes(c);
    if (!hi || !lo || hi == lo) return rule_nothing(c, "fewer than two Up stores; nothing to balance");
    if (auto evicted = c.req.leaders_evicted_by_medic.find(lo->id); evicted != c.req.leaders_evicted_by_medic.end())
        return rule_restore_leaders(c, *lo, *hi, evicted->second);
    c.diagnose("warning", "store " + n(hi->id) + " leads " + n(hi->leader_count) + " regions, store " + n(lo->id) +
                              " leads " + n(lo->leader_count),
               "PD's balance-leader scheduler is paused, throttled, or a store recently returned");
    c.cite_store(hi->id, "store " + n(hi->id) + " has " + n(hi->leader_count) + " leaders");
    c.cite_store(lo->id, "store " + n(lo->id) + " has " + n(lo->leader_count) + " leaders");
    c.cite_incident("the Monitor opened a leader-imbalance incident");
    c.p.summary = "Run leader_rebalance to spread leaders evenly (store " + n(hi->id) + " has " +
                  n(hi->leader_count) + ", store " + n(lo->id) + " has " + n(lo->leader_count) + ").";
    c.act("run_runbook", std::nullopt, std::nullopt, std::nullopt, std::string("leader_rebalance"));
    c.p.expected_impact = "leader counts converge; load evens out";
    c.p.verification_signal = "max/min leader count ratio below 1.2";
    c.p.verification_within_s = 900;
    c.alt("transfer single leaders by hand", "slow and error-prone for many leaders");
    c.alt("evict leaders from store " + n(hi->id), "overshoots: it empties the store instead of balancing");
}

void rule_region_imbalance(RuleCtx& c) {
    const auto& stats = c.snap.store_region_stats();
    const model::StoreRegionStats *hi = nullptr, *lo = nullptr;
    for (const auto& st : stats) {
        const pd::Store* s = c.snap.store(st.store_id);
        if (!s || s->state_name != pd::StoreStateName::Up || s->is_tiflash()) continue;
        if (!hi || st.region_count > hi->region_count) hi = &st;
        if (!lo || st.region_count < lo->region_count) lo = &st;
    }
    if (!hi || !lo || hi == lo) return rule_nothing(c, "no region imbalance between Up stores can be acted on");
    c.diagnose("warning", "store " + n(hi->store_id) + " holds " + n(hi->region_count) + " region peers, store " +
                              n(lo->store_id) + " holds " + n(lo->region_count),
               "the balance-region scheduler is slow or limited");
    c.cite_store(hi->store_id, "store " + n(hi->store_id) + " has " + n(hi->region_count) + " regions");
    c.cite_store(lo->store_id, "store " + n(lo->store_id) + " has " + n(lo->region_count) + " regions");
    c.cite_incident("the Monitor opened a region-imbalance incident");
    for (uint64_t region : c.snap.regions().regions_of_store(hi->store_id)) {
        auto r = c.snap.region(region);
        if (!r || r->has_peer_on(lo->store_id) || r->leader_store_id() == hi->store_id || r->flags()) continue;
        c.p.summary = "Move region " + n(region) + "'s replica from store " + n(hi->store_id) + " to store " + n(lo->store_id) + ".";
        c.act("transfer_peer", int64_t(region), int64_t(hi->store_id), int64_t(lo->store_id));
        c.p.expected_impact = "one replica moves; PD's balance-region continues the rest";
        c.p.verification_signal = "region " + n(region) + " has a peer on store " + n(lo->store_id) + " and none on store " + n(hi->store_id);
        c.p.verification_within_s = 600;
        c.alt("move many replicas at once", "PD's balance-region scheduler does this more safely at its own pace");
        return;
    }
    rule_nothing(c, "no healthy follower replica on store " + n(hi->store_id) + " can move to store " + n(lo->store_id));
}

void rule_region_health(RuleCtx& c, uint64_t region) {
    if (!region && !c.snap.unhealthy_regions().empty()) region = c.snap.regions().at(c.snap.unhealthy_regions()[0]).id();
    auto r = c.snap.region(region);
    if (!r) return rule_nothing(c, "the region named by the incident is not in the snapshot");
    pd::Region full = r->materialize();
    c.cite_region(region, "region " + n(region) + " health flags");
    c.cite_incident("the Monitor opened a region-health incident");
    for (const auto& dp : full.down_peers) {  // a down peer on a Down store: the store is the cause
        const pd::Store* s = c.snap.store(dp.peer.store_id);
        if (s && s->state_name != pd::StoreStateName::Up) return rule_store_down(c, s->id);
    }
    std::set<uint64_t> have = voter_stores(*r);
    if (have.size() < c.max_replicas()) {
        std::set<uint64_t> exclude;
        for (size_t i = 0; i < r->peer_count(); ++i) exclude.insert(r->peer(i).store_id);
        const pd::Store* target = c.least_leaders({}, exclude);
        c.diagnose("critical", "region " + n(region) + " has " + n(have.size()) + " voters, fewer than max-replicas " + n(c.max_replicas()),
                   "a replica was lost and PD has not replaced it yet");
        if (target) {
            c.cite_store(target->id, "store " + n(target->id) + " is Up and holds no peer of region " + n(region));
            c.p.summary = "Add a voter of region " + n(region) + " on store " + n(target->id) + " to restore its replica count.";
            c.act("add_peer", int64_t(region), int64_t(target->id), std::nullopt);
            c.p.expected_impact = "region " + n(region) + " regains full replication";
            c.p.verification_signal = "region " + n(region) + " has " + n(c.max_replicas()) + " voters";
            c.p.verification_within_s = 600;
            c.alt("wait for PD's replica checker", "it may be throttled; the region runs with less redundancy meanwhile");
            return;
        }
        c.p.needs_human_attention = "no Up store without a replica of region " + n(region) + " is available";
    } else {
        c.diagnose("warning", "region " + n(region) + " has pending or down peers but a full voter set",
                   "a follower is catching up (snapshot or log replay)");
    }
    c.p.summary = c.p.needs_human_attention
                      ? "Region " + n(region) + " is under-replicated and no Up store can take a replica: a person must act."
                      : "Region " + n(region) + ": peers are catching up; no action beyond watching.";
    c.p.expected_impact = "none";
    c.p.verification_signal = "region " + n(region) + " leaves the unhealthy list";
    c.act("none", std::nullopt, std::nullopt, std::nullopt);
    c.alt("remove and re-add the lagging peer", "adds load while the peer is already recovering");
}

}  // namespace medic::advisor::rules
