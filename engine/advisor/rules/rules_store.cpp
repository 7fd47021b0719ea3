// engine/advisor/rules/rules_store.cpp: rules for store-level incidents —
// down, disconnected, dead by its status probe, disk nearly full — and for
// PD itself being unhealthy.
#include <cstdio>

#include "rule_context.hpp"

namespace medic::advisor::rules {
namespace {

std::string n(uint64_t v) { return std::to_string(v); }

std::string pct(double ratio) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.1f%%", ratio * 100.0);
    return buf;
}

const pd::Store* subject_or_null(RuleCtx& c, uint64_t store) {
    const pd::Store* s = c.snap.store(store);
    if (!s) rule_nothing(c, "store " + n(store) + " named by the incident is not in the snapshot");
    return s;
}

}  // namespace

void rule_nothing(RuleCtx& c, std::string why) {
    c.diagnose("info", why, "unknown");
    c.p.summary = "No action: " + why + ".";
    c.p.expected_impact = "none";
    c.p.verification_signal = "the incident closes or the Monitor reports a new condition";
    c.cite_cluster("cluster overview at the time of advice");
    c.cite_incident("the incident being advised on");
    c.act("none", std::nullopt, std::nullopt, std::nullopt);
}

void rule_store_down(RuleCtx& c, uint64_t store) {
    const pd::Store* s = subject_or_null(c, store);
    if (!s) return;
    c.diagnose("critical", "PD reports store " + n(store) + " as " + pd::wire_name(s->state_name) + " with " +
                               n(s->region_count) + " region peers",
               "the TiKV process or its host is down; PD re-replicates its peers after max-store-down-time");
    c.cite_store(store, "store " + n(store) + " is " + pd::wire_name(s->state_name));
    c.cite_incident("the Monitor opened a store-down incident");
    c.cite_cluster("Up store count versus max-replicas " + n(c.max_replicas()));
    c.p.summary = "Run the store_down runbook for store " + n(store) + ": confirm it is down, evict its leaders, let PD re-replicate.";
    c.act("run_runbook", std::nullopt, int64_t(store), std::nullopt, std::string("store_down"));
    c.p.confidence = "high";
    c.p.expected_impact = "leaders leave the store; regions regain full replication on the remaining Up stores";
    c.p.verification_signal = "regions with down peers on store " + n(store) + " fall to 0";
    c.p.verification_within_s = 1800;
    c.alt("drain_store " + n(store), "irreversible once Tombstone and premature while the store may come back; the runbook decides after confirming");
    c.alt("wait for the store to restart", "its regions run with one replica fewer until then");
}

void rule_store_disconnected(RuleCtx& c, uint64_t store) {
    const pd::Store* s = subject_or_null(c, store);
    if (!s) return;
    c.diagnose("warning", "store " + n(store) + " missed heartbeats (" + pd::wire_name(s->state_name) + ") and holds " +
                              n(s->leader_count) + " leaders",
               "network trouble or an overloaded store; it may recover on its own");
    c.cite_store(store, "store " + n(store) + " is " + pd::wire_name(s->state_name) + " with " + n(s->leader_count) + " leaders");
    c.cite_incident("the Monitor opened a disconnected-store incident");
    if (s->leader_count == 0) {
        c.p.summary = "Store " + n(store) + " is disconnected but leads no region: watch it, no action.";
        c.p.expected_impact = "none";
        c.p.verification_signal = "store " + n(store) + " returns to Up";
        c.act("none", std::nullopt, std::nullopt, std::nullopt);
        c.alt("evict leaders from store " + n(store), "it holds no leaders");
        return;
    }
    c.p.summary = "Evict leaders from disconnected store " + n(store) + " so its regions are served elsewhere.";
    c.act("evict_leader", std::nullopt, int64_t(store), std::nullopt);
    c.p.expected_impact = "the " + n(s->leader_count) + " leaders move to other Up stores; availability returns for those regions";
    c.p.verification_signal = "store " + n(store) + " leader_count reaches 0";
    c.p.verification_within_s = 300;
    c.alt("wait for heartbeats to resume", "regions led by a store PD cannot hear may be unavailable meanwhile");
    c.alt("drain the store", "far too drastic for a possibly transient disconnection");
}

void rule_store_dead(RuleCtx& c, uint64_t store) {
    const pd::Store* s = subject_or_null(c, store);
    if (!s) return;
    c.diagnose("critical", "store " + n(store) + "'s status server does not answer while PD still reports it " +
                               pd::wire_name(s->state_name),
               "the TiKV process died; PD will only notice after its heartbeat timeout");
    c.cite_store(store, "PD state " + std::string(pd::wire_name(s->state_name)) + ", " + n(s->leader_count) + " leaders");
    c.cite_incident("the status probe of store " + n(store) + " failed");
    c.p.summary = "Evict leaders from store " + n(store) + ", whose status probe fails, before PD marks it down.";
    c.act("evict_leader", std::nullopt, int64_t(store), std::nullopt);
    c.p.confidence = "medium";
    c.p.expected_impact = "leaders move away now instead of after PD's down detection";
    c.p.verification_signal = "store " + n(store) + " leader_count reaches 0";
    c.alt("wait for PD to mark the store Down", "up to max-store-down-time of degraded availability");
    c.alt("run store_down now", "PD does not consider the store down yet; confirm first");
}

void rule_disk_full(RuleCtx& c, uint64_t store) {
    const pd::Store* s = subject_or_null(c, store);
    if (!s) return;
    c.diagnose("critical", "store " + n(store) + " has " + pct(s->available_ratio()) + " of its disk free",
               "data growth or a hot range filled the disk; PD stops scheduling onto it below low-space-ratio");
    c.cite_store(store, "available " + pct(s->available_ratio()) + " of capacity");
    c.cite_incident("the Monitor opened a disk-nearly-full incident");
    c.p.summary = "Run the disk_full runbook for store " + n(store) + " to move regions off it.";
    c.act("run_runbook", std::nullopt, int64_t(store), std::nullopt, std::string("disk_full"));
    c.p.expected_impact = "regions move to stores with free space; the store's usage falls";
    c.p.verification_signal = "store " + n(store) + " available ratio rises above 20%";
    c.p.verification_within_s = 3600;
    c.alt("drain_store " + n(store), "moves every region and takes a machine out of service; more than needed");
    c.alt("add disk capacity", "a person has to do it; the runbook buys time");
}

void rule_pd_unhealthy(RuleCtx& c) {
    c.diagnose("critical", "PD reports no leader or an unhealthy member", "PD quorum or network problem");
    for (const auto& o : c.obs.all())
        if (o.kind == "pd_health") c.cite(&o, "PD leader and member health");
    c.cite_incident("the Monitor opened a PD-unhealthy incident");
    c.p.summary = "PD is unhealthy: a person must restore PD; medic acts only through PD.";
    c.p.needs_human_attention = "PD itself is unhealthy; every remediation goes through PD, so none is safe until it recovers";
    c.p.expected_impact = "none";
    c.p.verification_signal = "PD reports a leader and all members healthy";
    c.act("none", std::nullopt, std::nullopt, std::nullopt);
    c.alt("any PD operator or scheduler change", "PD cannot be trusted to apply it while unhealthy");
}

void rule_offline_stuck(RuleCtx& c, uint64_t store) {
    const pd::Store* s = subject_or_null(c, store);
    if (!s) return;
    c.diagnose("warning", "store " + n(store) + " is Offline but its region count (" + n(s->region_count) +
                              ") is not falling",
               "the other stores lack space, store limits are too low, or regions cannot find a new home");
    c.cite_store(store, "store " + n(store) + " is " + pd::wire_name(s->state_name) + " with " + n(s->region_count) + " regions");
    c.cite_incident("the Monitor saw no drain progress");
    c.p.summary = "Drain of store " + n(store) + " is stuck: a person should check capacity and store limits.";
    c.p.needs_human_attention = "a stuck drain needs capacity or placement decisions the rules cannot make";
    c.p.expected_impact = "none";
    c.p.verification_signal = "store " + n(store) + " region count decreases";
    c.act("none", std::nullopt, std::nullopt, std::nullopt);
    c.alt("cancel_drain " + n(store), "the operator started the drain on purpose; undoing it is their call");
    c.alt("raise store limits", "needs a judgement about the load the other stores can take");
}

}  // namespace medic::advisor::rules
