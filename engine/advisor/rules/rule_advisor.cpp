// engine/advisor/rules/rule_advisor.cpp: incident kind -> rule, triage
// without an incident, and the RuleAdvisor itself.
#include "rule_advisor.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>

#include "../proposal/evaluate.hpp"
#include "rule_context.hpp"

namespace medic::advisor {
namespace {

bool has(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }

constexpr double kHotFlowBytes = 4.0 * 1024 * 1024;  // triage only: a region this busy is worth a look
constexpr double kDiskFreeRatio = 0.10;

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

/// First id under `list_key` (array) or `key` (number) in the incident's
/// evidence JSON; 0 when absent. The evidence is untrusted text: parse errors
/// simply mean "no id".
uint64_t evidence_id(const std::string& evidence, const char* list_key, const char* key) {
    auto doc = json::parse(evidence);
    if (!doc.ok() || !doc->is_object()) return 0;
    const json::Value* v = doc->find(list_key);
    if (v && v->is_array() && !v->items.empty()) v = &v->items[0];
    else v = doc->find(key);
    return v && v->int64() && *v->int64() > 0 ? uint64_t(*v->int64()) : 0;
}

}  // namespace

RuleKind rule_kind_for(const std::string& incident_kind) {
    std::string k = lower(incident_kind);
    if (k.empty()) return RuleKind::Unknown;
    if (has(k, "pd")) return RuleKind::PdUnhealthy;
    if (has(k, "offline_stuck") || has(k, "stuck")) return RuleKind::OfflineStuck;
    if (has(k, "disconnect")) return RuleKind::StoreDisconnected;
    if (has(k, "dead") || has(k, "probe") || has(k, "unreachable") || has(k, "status")) return RuleKind::StoreDead;
    if (has(k, "disk") || has(k, "space")) return RuleKind::DiskFull;
    if (has(k, "peer") || has(k, "unhealthy") || has(k, "region_health") || has(k, "no_leader"))
        return RuleKind::RegionHealth;
    if (has(k, "hot") && has(k, "store")) return RuleKind::HotStore;
    if (has(k, "hot")) return RuleKind::HotRegion;
    if (has(k, "leader") && has(k, "imbalance")) return RuleKind::LeaderImbalance;
    if (has(k, "imbalance")) return RuleKind::RegionImbalance;
    if (has(k, "down") || has(k, "offline")) return RuleKind::StoreDown;
    return RuleKind::Unknown;
}

std::pair<RuleKind, std::string> triage(const model::ClusterSnapshot& snap) {
    const auto& health = snap.pd_health();
    bool pd_bad = !health.members.empty() && health.leader_name.empty();
    for (const auto& m : health.members) pd_bad |= !m.health;
    if (pd_bad) return {RuleKind::PdUnhealthy, "pd"};
    for (auto state : {pd::StoreStateName::Down, pd::StoreStateName::Disconnected})
        for (const auto& s : snap.stores())
            if (s.state_name == state)
                return {state == pd::StoreStateName::Down ? RuleKind::StoreDown : RuleKind::StoreDisconnected,
                        "store:" + std::to_string(s.id)};
    for (const auto& s : snap.stores())
        if (s.capacity_bytes && s.state_name == pd::StoreStateName::Up && s.available_ratio() < kDiskFreeRatio)
            return {RuleKind::DiskFull, "store:" + std::to_string(s.id)};
    if (!snap.unhealthy_regions().empty())
        return {RuleKind::RegionHealth, "region:" + std::to_string(snap.regions().at(snap.unhealthy_regions()[0]).id())};
    const auto& hot = snap.hot_regions(pd::HotKind::Write);
    if (!hot.empty() && hot[0].flow_bytes >= kHotFlowBytes)
        return {RuleKind::HotRegion, "region:" + std::to_string(hot[0].region_id)};
    return {RuleKind::Unknown, ""};
}

WireProposal rule_proposal(const AdviceRequest& req, const ObservationSet& obs) {
    rules::RuleCtx c(req, obs);
    RuleKind kind = rule_kind_for(req.incident.kind);
    std::string subject = req.incident.subject;
    if (kind == RuleKind::Unknown) std::tie(kind, subject) = triage(c.snap);
    uint64_t store = subject_store(subject);
    uint64_t region = subject_region(subject);
    if (!region) region = evidence_id(req.incident.evidence_json, "region_ids", "region_id");
    if (!store) store = evidence_id(req.incident.evidence_json, "store_ids", "store_id");
    // The Monitor files a store whose status probe fails as store_down even
    // while PD still reports it Up: that is the dead-store rule.
    if (kind == RuleKind::StoreDown && store) {
        const pd::Store* s = c.snap.store(store);
        if (s && s->state_name == pd::StoreStateName::Up) kind = RuleKind::StoreDead;
    }
    switch (kind) {
    case RuleKind::StoreDown: rules::rule_store_down(c, store); break;
    case RuleKind::StoreDisconnected: rules::rule_store_disconnected(c, store); break;
    case RuleKind::StoreDead: rules::rule_store_dead(c, store); break;
    case RuleKind::HotRegion:
        if (!region && store) rules::rule_hot_store(c, store);
        else rules::rule_hot_region(c, region ? region : (c.snap.hot_regions(pd::HotKind::Write).empty() ? 0 : c.snap.hot_regions(pd::HotKind::Write)[0].region_id));
        break;
    case RuleKind::HotStore: rules::rule_hot_store(c, store); break;
    case RuleKind::LeaderImbalance: rules::rule_leader_imbalance(c); break;
    case RuleKind::RegionImbalance: rules::rule_region_imbalance(c); break;
    case RuleKind::RegionHealth: rules::rule_region_health(c, region); break;
    case RuleKind::DiskFull: rules::rule_disk_full(c, store); break;
    case RuleKind::PdUnhealthy: rules::rule_pd_unhealthy(c); break;
    case RuleKind::OfflineStuck: rules::rule_offline_stuck(c, store); break;
    default: rules::rule_nothing(c, "no problem the rules know how to fix is visible"); break;
    }
    return c.p;
}

ProposalEnvelope RuleAdvisor::advise(const AdviceRequest& req) {
    ObservationSet obs = collect_observations(req);
    WireProposal wp = rule_proposal(req, obs);
    ProposalEnvelope env;
    env.source.advisor = "rules";
    env.source.extraction = "rules";
    env.incident_id = req.incident.id;
    env.incident_kind = req.incident.kind;
    env.created_at_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch()).count();
    evaluate_candidates(env, {wp.to_json()}, obs, *req.snapshot);
    return env;
}

}  // namespace medic::advisor
