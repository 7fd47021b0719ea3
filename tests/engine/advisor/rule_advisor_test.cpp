// tests/engine/advisor/rule_advisor_test.cpp: the rule-based advisor on
// hand-built snapshots, one case per incident kind the Monitor opens, plus
// triage without an incident and determinism.
#include <catch2/catch.hpp>

#include "engine/advisor/rules/rule_advisor.hpp"
#include "snapshot_fixture.hpp"

using namespace medic::advisor;
using medic::test::make_snapshot;
using medic::test::SnapOptions;

namespace {

ProposalEnvelope advise(const std::string& kind, const std::string& subject, const SnapOptions& so = {}) {
    AdviceRequest req;
    req.incident = {3, kind, subject, "warning", kind + " on " + subject, "{}"};
    req.snapshot = make_snapshot(so);
    RuleAdvisor rules;
    return rules.advise(req);
}

std::string step(const ProposalEnvelope& env) {
    if (env.plan.empty()) return "";
    const auto& s = env.plan[0];
    return s.kind + (s.runbook.empty() ? "" : ":" + s.runbook) + " " + s.params_json;
}

}  // namespace

TEST_CASE("advisor/rules: one plan per incident kind, each valid against the snapshot", "[advisor][rules]") {
    using S = medic::pd::StoreStateName;
    struct Case { const char* kind; const char* subject; SnapOptions so; Outcome outcome; const char* step; const char* risk; };
    std::vector<Case> cases = {
        {"store_down", "store:3", SnapOptions{.states = {{3, S::Down}}}, Outcome::Proposal, "run_runbook:store_down {\"store\":3}", "high"},
        {"store_disconnected", "store:2", SnapOptions{.states = {{2, S::Disconnected}}}, Outcome::Proposal, "evict_leader {\"store\":2}", "medium"},
        {"store_dead", "store:2", SnapOptions{}, Outcome::Proposal, "evict_leader {\"store\":2}", "medium"},
        // the Monitor files a failed status probe as store_down while PD still says Up
        {"store_down", "store:2", SnapOptions{}, Outcome::Proposal, "evict_leader {\"store\":2}", "medium"},
        {"store_offline_stuck", "store:2", SnapOptions{.states = {{2, S::Offline}}}, Outcome::NoProposal, "", ""},
        {"region_miss_peer", "cluster", SnapOptions{.region_20_missing_peer = true}, Outcome::Proposal,
         "add_peer {\"region\":20,\"store\":3}", "medium"},
        {"disk_nearly_full", "store:2", SnapOptions{.disk_full_store = 2}, Outcome::Proposal, "run_runbook:disk_full {\"store\":2}", "high"},
        {"hot_region", "region:12", SnapOptions{}, Outcome::Proposal, "transfer_leader {\"region\":12,\"to_store\":3}", "low"},
        {"hot_store", "store:1", SnapOptions{}, Outcome::Proposal, "transfer_leader {\"region\":12,\"to_store\":3}", "low"},
        {"leader_imbalance", "", SnapOptions{}, Outcome::Proposal, "run_runbook:leader_rebalance {}", "medium"},
        {"region_imbalance", "", SnapOptions{.skew_regions = true}, Outcome::Proposal,
         "transfer_peer {\"from_store\":1,\"region\":13,\"to_store\":4}", "medium"},
        {"miss_peer", "region:20", SnapOptions{.region_20_missing_peer = true}, Outcome::Proposal,
         "add_peer {\"region\":20,\"store\":3}", "medium"},
        {"pd_unhealthy", "pd", SnapOptions{}, Outcome::NoProposal, "", ""},
    };
    for (const auto& c : cases) {
        INFO(c.kind);
        ProposalEnvelope env = advise(c.kind, c.subject, c.so);
        INFO(json::serialize(env.to_json()));
        CHECK(env.outcome == c.outcome);
        CHECK(step(env) == c.step);
        CHECK(env.risk == c.risk);
        REQUIRE(env.proposals.size() == 1);
        const WireProposal& p = env.proposals[0];
        CHECK_FALSE(p.summary.empty());
        CHECK_FALSE(p.symptom.empty());
        CHECK_FALSE(p.evidence.empty());      // cites what it saw
        CHECK_FALSE(p.alternatives.empty());  // and what it rejected
        CHECK(env.source.advisor == "rules");
        CHECK(env.issues.empty());
    }
    CHECK(advise("pd_unhealthy", "pd").no_proposal_kind == "needs_human");
}

TEST_CASE("advisor/rules: triage without an incident picks the most pressing problem", "[advisor][rules]") {
    using S = medic::pd::StoreStateName;
    CHECK(step(advise("", "")) == "transfer_leader {\"region\":12,\"to_store\":3}");  // hot region 12
    CHECK(step(advise("", "", SnapOptions{.states = {{4, S::Down}}})) == "run_runbook:store_down {\"store\":4}");
    ProposalEnvelope calm = advise("", "", SnapOptions{.hot_bytes = 1000});
    CHECK(calm.outcome == Outcome::NoProposal);
    CHECK(calm.no_proposal_kind == "nothing_to_do");
}

TEST_CASE("advisor/rules: deterministic for the same incident and snapshot", "[advisor][rules]") {
    for (const char* kind : {"hot_region", "store_down", "leader_imbalance"}) {
        auto a = advise(kind, "region:12");
        auto b = advise(kind, "region:12");
        CHECK(json::serialize(a.proposals.at(0).to_json()) == json::serialize(b.proposals.at(0).to_json()));
        CHECK(a.plan_hash == b.plan_hash);
    }
}

TEST_CASE("advisor/rules: a plan the safety policy forbids is not offered", "[advisor][rules][safety]") {
    using S = medic::pd::StoreStateName;
    // 3 stores, 3 replicas: evicting the disconnected store's leaders is fine...
    SnapOptions three{.stores = 3, .states = {{2, S::Disconnected}}};
    CHECK(advise("store_disconnected", "store:2", three).outcome == Outcome::Proposal);
    // ...but evicting the leaders of a single-store cluster leaves nowhere to lead.
    SnapOptions one{.stores = 1, .max_replicas = 1};
    ProposalEnvelope env = advise("store_dead", "store:1", one);
    CHECK(env.outcome == Outcome::RejectedUnsafe);
    CHECK(env.issues.at(0).code == "leader_capable_stores");
}

TEST_CASE("advisor/rules: leaders kept off an Up store by medic's own evict-leader scheduler -> restore_leaders",
          "[advisor][rules]") {
    AdviceRequest req;
    req.incident = {3, "leader_imbalance", "cluster", "warning", "leader imbalance", "{}"};
    req.snapshot = make_snapshot({});
    // The Up store that leads least (lowest id on ties), as the rule picks it.
    const medic::pd::Store* lo = nullptr;
    for (const auto& s : req.snapshot->stores())
        if (s.state_name == medic::pd::StoreStateName::Up && (!lo || s.leader_count < lo->leader_count)) lo = &s;
    REQUIRE(lo);
    RuleAdvisor rules;

    // medic's scheduler is on another store: rebalancing is still the fix.
    req.leaders_evicted_by_medic = {{lo->id + 1, 7}};
    CHECK(step(rules.advise(req)) == "run_runbook:leader_rebalance {}");

    req.leaders_evicted_by_medic = {{lo->id, 7}};
    ProposalEnvelope env = rules.advise(req);
    INFO(json::serialize(env.to_json()));
    CHECK(env.outcome == Outcome::Proposal);
    CHECK(step(env) == "run_runbook:restore_leaders {\"store\":" + std::to_string(lo->id) + "}");
    CHECK(env.risk == "low");
    const WireProposal& p = env.proposals.at(0);
    CHECK_THAT(p.summary, Catch::Contains("(action 7)") && Catch::Contains("restore_leaders"));
    CHECK_THAT(p.hypothesis, Catch::Contains("evict-leader scheduler on store " + std::to_string(lo->id)));
}
