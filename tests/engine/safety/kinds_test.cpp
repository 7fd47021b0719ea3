// Plans against hand-built facts: every validation error, idempotency
// (already satisfied), the one-line expected change and the PD request.
#include "actions/kind.hpp"
#include "actions/spec.hpp"

#include <catch2/catch.hpp>

using namespace medic;
using namespace medic::actions;

namespace {

pd::Store store(uint64_t id, pd::StoreStateName st = pd::StoreStateName::Up, uint64_t leaders = 10) {
    pd::Store s;
    s.id = id;
    s.state_name = st;
    s.state = st == pd::StoreStateName::Offline ? pd::StoreState::Offline : pd::StoreState::Up;
    s.leader_count = leaders;
    s.region_count = 30;
    return s;
}

Facts cluster() {
    Facts f;
    for (uint64_t i = 1; i <= 4; ++i) f.stores.push_back(store(i));
    pd::Region r;
    r.id = 12;
    r.start_key = "a";
    r.end_key = "m";
    r.conf_ver = 5;
    r.version = 7;
    r.peers = {{101, 1}, {102, 2}, {103, 3}};
    r.leader = r.peers[0];
    r.approximate_size_mib = 96;
    f.regions[12] = r;
    pd::Region n = r;
    n.id = 13;
    n.start_key = "m";
    n.end_key = "";
    f.regions[13] = n;
    f.regions[99] = std::nullopt;
    return f;
}

Plan plan(const char* kind, const ParamMap& p, const Facts& f) {
    auto* k = find_kind(kind);
    REQUIRE(k);
    return k->plan(p, f);
}

}  // namespace

TEST_CASE("actions/kinds: every PD action in the registry has a behaviour", "[actions]") {
    for (const auto& s : action_specs()) {
        INFO(s.name);
        if (s.effect == Effect::PdWrite) CHECK(find_kind(s.name) != nullptr);
        else CHECK(find_kind(s.name) == nullptr);
    }
}

TEST_CASE("actions/kinds: transfer_leader plan, description and request", "[actions]") {
    auto f = cluster();
    auto p = plan("transfer_leader", {{"region", int64_t(12)}, {"to_store", int64_t(2)}}, f);
    REQUIRE(p.valid());
    CHECK(p.description == "transfer leader of region 12 from store 1 to store 2; store 2 leaders 10 -> 11");
    REQUIRE(p.calls.size() == 1);
    CHECK(p.calls[0].text() == "POST /operators {\"name\":\"transfer-leader\",\"region_id\":12,\"to_store_id\":2}");
    CHECK(p.influence.leaders_moved == 1);
    CHECK(plan("transfer_leader", {{"region", int64_t(12)}, {"to_store", int64_t(1)}}, f).satisfied);
}

TEST_CASE("actions/kinds: validation errors, one per rule", "[actions]") {
    auto f = cluster();
    f.stores[2].state_name = pd::StoreStateName::Down;  // store 3
    auto busy = cluster();
    busy.operators[12] = "RUNNING";
    struct Case {
        const char* kind;
        ParamMap p;
        const Facts* facts;
        std::string code;
    };
    std::vector<Case> cases = {
        {"transfer_leader", {{"region", int64_t(99)}, {"to_store", int64_t(2)}}, &f, "region_not_found"},
        {"transfer_leader", {{"region", int64_t(12)}, {"to_store", int64_t(3)}}, &f, "store_not_up"},
        {"transfer_leader", {{"region", int64_t(12)}, {"to_store", int64_t(4)}}, &f, "no_voter_on_store"},
        {"transfer_leader", {{"region", int64_t(12)}, {"to_store", int64_t(7)}}, &f, "store_not_found"},
        {"transfer_leader", {{"region", int64_t(12)}, {"to_store", int64_t(2)}}, &busy, "operator_running"},
        {"remove_peer", {{"region", int64_t(12)}, {"store", int64_t(1)}}, &f, "is_leader"},
        {"remove_peer", {{"region", int64_t(12)}, {"store", int64_t(2)}}, &f, "quorum_lost"},
        {"transfer_peer", {{"region", int64_t(12)}, {"from_store", int64_t(2)}, {"to_store", int64_t(3)}}, &f, "peer_exists"},
        {"transfer_peer", {{"region", int64_t(12)}, {"from_store", int64_t(5)}, {"to_store", int64_t(4)}}, &f, "no_peer_on_store"},
        {"transfer_peer", {{"region", int64_t(12)}, {"from_store", int64_t(4)}, {"to_store", int64_t(4)}}, &f, "same_store"},
        {"add_peer", {{"region", int64_t(12)}, {"store", int64_t(3)}}, &f, ""},  // store 3 already has a voter: satisfied
        {"merge_region", {{"source_region", int64_t(12)}, {"target_region", int64_t(12)}}, &f, "same_region"},
        {"split_region", {{"region", int64_t(12)}, {"policy", std::string("usekey")}}, &f, "missing_keys"},
        {"split_region", {{"region", int64_t(12)}, {"policy", std::string("usekey")}, {"keys", std::vector<std::string>{"7A"}}}, &f, "key_outside_region"},
        {"drain_store", {{"store", int64_t(9)}}, &f, "store_not_found"},
    };
    for (const auto& c : cases) {
        auto p = plan(c.kind, c.p, *c.facts);
        INFO(c.kind << ": " << p.error);
        CHECK(p.error_code == c.code);
    }
}

TEST_CASE("actions/kinds: drain keeps enough Up stores; store and config idempotency", "[actions]") {
    auto f = cluster();
    f.max_replicas = 4;
    CHECK(plan("drain_store", {{"store", int64_t(4)}}, f).error_code == "not_enough_stores");
    f.max_replicas = 3;
    auto d = plan("drain_store", {{"store", int64_t(4)}}, f);
    REQUIRE(d.valid());
    CHECK(d.calls[0].text() == "DELETE /store/4");
    CHECK(d.influence.stores_to_drain == 1);
    f.evict_leader_stores.insert(2);
    CHECK(plan("evict_leader", {{"store", int64_t(2)}}, f).satisfied);
    CHECK(plan("remove_evict_leader", {{"store", int64_t(3)}}, f).satisfied);
    f.schedule.leader_schedule_limit = 4;
    CHECK(plan("set_schedule_limit", {{"kind", std::string("leader")}, {"limit", int64_t(4)}}, f).satisfied);
    auto s = plan("set_schedule_limit", {{"kind", std::string("leader")}, {"limit", int64_t(8)}}, f);
    CHECK(s.description == "set leader-schedule-limit 4 -> 8");
    f.schedulers = {"balance-leader-scheduler"};
    CHECK(plan("pause_scheduler", {{"scheduler", std::string("nope")}, {"delay_s", int64_t(60)}}, f).error_code ==
          "scheduler_not_found");
}
