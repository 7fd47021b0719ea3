// engine/advisor/rules/rule_advisor.hpp: the default advisor — offline,
// deterministic rules for every incident kind the Monitor opens (store down,
// disconnected or dead by its status probe; hot region or store; leader or
// region imbalance; regions with down, pending or missing peers; disk nearly
// full; PD unhealthy). Each rule writes a tikv-proposal/1 object with
// evidence citing observations, the alternatives it considered and why not,
// and a plan (typed actions or a runbook with parameters). The result goes
// through the same evaluation as a model's answer (proposal/evaluate.hpp).
//
// Same incident + same snapshot => byte-identical proposal.
#pragma once

#include <string>

#include "../advisor.hpp"
#include "../prompt/observations.hpp"

namespace medic::advisor {

/// Incident kinds the rules understand (Monitor kinds and common aliases map here).
enum class RuleKind : uint8_t {
    StoreDown, StoreDisconnected, StoreDead, HotRegion, HotStore, LeaderImbalance, RegionImbalance,
    RegionHealth, DiskFull, PdUnhealthy, OfflineStuck, Unknown, Count
};
inline constexpr const char* kRuleKindNames[] = {"store_down",       "store_disconnected", "store_dead",
                                                 "hot_region",       "hot_store",          "leader_imbalance",
                                                 "region_imbalance", "region_health",      "disk_full",
                                                 "pd_unhealthy",     "offline_stuck",      "unknown"};
static_assert(std::size(kRuleKindNames) == size_t(RuleKind::Count));

/// Maps a Monitor incident kind ("store_down", "miss_peer", "low_space", ...) to a rule.
RuleKind rule_kind_for(const std::string& incident_kind);

/// Without an incident: the most pressing problem the snapshot shows, with
/// its subject ("store:4", "region:12", "pd", "").
std::pair<RuleKind, std::string> triage(const model::ClusterSnapshot& snap);

/// The wire proposal the rules make for a request (before evaluation).
WireProposal rule_proposal(const AdviceRequest& req, const ObservationSet& obs);

class RuleAdvisor final : public Advisor {
public:
    ProposalEnvelope advise(const AdviceRequest& req) override;
    std::string name() const override { return "rules"; }
};

}  // namespace medic::advisor
