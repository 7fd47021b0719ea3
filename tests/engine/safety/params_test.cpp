// Parameter checking against the registry: types, ranges, choices, defaults,
// unknown names, and the exact error texts runbook authors see.
#include "actions/params.hpp"
#include "actions/spec.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace medic::actions;

namespace {
const ActionSpec& spec(const char* n) {
    auto* s = find_action_spec(n);
    REQUIRE(s);
    return *s;
}
}  // namespace

TEST_CASE("actions/params: a wrong type names the action, parameter, domain and what came", "[actions]") {
    auto r = check_params(spec("transfer_leader"), {{"region", int64_t(12)}, {"to_store", std::string("4")}});
    CHECK(r.error == "transfer_leader: to_store must be a store id (integer), got string");
}

TEST_CASE("actions/params: range, required, unknown and choice errors", "[actions]") {
    struct Case {
        const char* kind;
        ParamMap in;
        std::string error;
    };
    std::vector<Case> cases = {
        {"transfer_leader", {{"region", int64_t(0)}, {"to_store", int64_t(4)}},
         "transfer_leader: region must be a region id (integer >= 1), got 0"},
        {"transfer_leader", {{"region", int64_t(3)}}, "transfer_leader: to_store is required (a store id (integer))"},
        {"transfer_leader", {{"region", int64_t(3)}, {"to_store", int64_t(4)}, {"force", true}},
         "transfer_leader: unknown parameter 'force' (expected region, to_store)"},
        {"set_schedule_limit", {{"kind", std::string("leaderz")}, {"limit", int64_t(4)}},
         "set_schedule_limit: kind must be one of leader, region, replica, merge, hot-region, got \"leaderz\""},
        {"set_store_limit", {{"store", int64_t(1)}, {"rate", 0.0}},
         "set_store_limit: rate must be a rate in operations per minute (number in [0.01, 10000]), got 0"},
        {"transfer_leader", {{"region", 1.5}, {"to_store", int64_t(4)}},
         "transfer_leader: region must be a region id (integer), got number"},
    };
    for (const auto& c : cases) {
        INFO(c.error);
        CHECK(check_params(spec(c.kind), c.in).error == c.error);
    }
}

TEST_CASE("actions/params: defaults are filled, integral doubles accepted, canonical JSON sorted", "[actions]") {
    auto r = check_params(spec("pause_scheduler"), {{"scheduler", std::string("balance-leader-scheduler")}});
    REQUIRE(r.ok());
    CHECK(param_int(r.params, "delay_s") == 600);
    auto t = check_params(spec("transfer_leader"), {{"to_store", 4.0}, {"region", int64_t(12)}});
    REQUIRE(t.ok());
    CHECK(params_to_json(t.params) == "{\"region\":12,\"to_store\":4}");
    std::string err;
    CHECK(std::get<int64_t>(parse_param_text(*spec("transfer_leader").param("region"), "42", err)) == 42);
    parse_param_text(*spec("transfer_leader").param("region"), "4x", err);
    CHECK(err == "region must be a region id (integer), got '4x'");
}

TEST_CASE("actions/registry: names are unique, compensations exist, every param documented", "[actions]") {
    std::set<std::string> names;
    for (const auto& s : action_specs()) {
        INFO(s.name);
        CHECK(names.insert(s.name).second);
        CHECK(!s.summary.empty());
        if (!s.compensation.empty()) CHECK(find_action_spec(s.compensation) != nullptr);
        for (const auto& p : s.params) {
            CHECK(!p.doc.empty());
            CHECK(!p.domain.empty());
        }
    }
    for (const char* required : {"transfer_leader", "transfer_peer", "add_peer", "remove_peer", "split_region",
                                 "merge_region", "scatter_region", "evict_leader", "remove_evict_leader",
                                 "grant_leader", "drain_store", "cancel_drain", "set_schedule_limit",
                                 "pause_scheduler", "resume_scheduler", "set_store_limit", "wait", "log", "notify"})
        CHECK(names.count(required) == 1);
}
