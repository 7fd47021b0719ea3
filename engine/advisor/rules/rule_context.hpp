// engine/advisor/rules/rule_context.hpp: what one rule works with — the
// request, the snapshot, the observations — plus helpers to cite evidence,
// record alternatives, pick target stores deterministically and set the
// action. Internal to engine/advisor/rules.
#pragma once

#include <cstdint>
#include <set>
#include <string>

#include "../advisor.hpp"
#include "../prompt/observations.hpp"
#include "../proposal/wire_proposal.hpp"

namespace medic::advisor::rules {

struct RuleCtx {
    const AdviceRequest& req;
    const model::ClusterSnapshot& snap;
    const ObservationSet& obs;
    WireProposal p;

    RuleCtx(const AdviceRequest& r, const ObservationSet& o);

    void cite(const Observation* o, std::string claim);
    void cite_store(uint64_t id, std::string claim);
    void cite_region(uint64_t id, std::string claim);
    void cite_incident(std::string claim);
    void cite_cluster(std::string claim);
    void alt(std::string description, std::string why_not);
    /// Sets the action; risk/reversible/rollback claims come from the catalog.
    void act(const std::string& kind, std::optional<int64_t> region, std::optional<int64_t> store,
             std::optional<int64_t> target, std::optional<std::string> runbook = std::nullopt);
    void diagnose(std::string severity, std::string symptom, std::string hypothesis);

    /// Up, non-TiFlash store with the fewest leaders (ties: lowest id) among
    /// `candidates` (all stores when empty), excluding `exclude`.
    const pd::Store* least_leaders(const std::set<uint64_t>& candidates, const std::set<uint64_t>& exclude) const;
    /// Up stores, by id.
    std::vector<const pd::Store*> up_stores() const;
    uint64_t max_replicas() const;
};

// One function per incident family (rules_store.cpp, rules_region.cpp).
void rule_store_down(RuleCtx& c, uint64_t store);
void rule_store_disconnected(RuleCtx& c, uint64_t store);
void rule_store_dead(RuleCtx& c, uint64_t store);
void rule_disk_full(RuleCtx& c, uint64_t store);
void rule_pd_unhealthy(RuleCtx& c);
void rule_offline_stuck(RuleCtx& c, uint64_t store);
void rule_hot_region(RuleCtx& c, uint64_t region);
void rule_hot_store(RuleCtx& c, uint64_t store);
void rule_leader_imbalance(RuleCtx& c);
void rule_region_imbalance(RuleCtx& c);
void rule_region_health(RuleCtx& c, uint64_t region);
void rule_nothing(RuleCtx& c, std::string why);

}  // namespace medic::advisor::rules
