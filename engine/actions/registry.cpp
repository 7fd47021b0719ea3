// engine/actions/registry.cpp: the table of every action kind (spec.hpp).
// Data only. Risk levels follow what an SRE running TiKV would expect: moving
// one leader is cheap and undoable; removing a replica or merging regions
// lowers redundancy or cannot be undone; draining a store moves a whole
// machine's data.
#include "actions/spec.hpp"

#include <algorithm>

namespace medic::actions {
namespace {

constexpr double kMaxId = 9.2e18;  // ids must fit in int64 (spec.hpp)

ParamSpec region_param(std::string name = "region", std::string doc = "the region to act on") {
    return ParamSpec{std::move(name), ParamType::Integer, "a region id", 1, kMaxId, true, {}, {},
                     std::move(doc)};
}

ParamSpec store_param(std::string name, std::string doc) {
    return ParamSpec{std::move(name), ParamType::Integer, "a store id", 1, kMaxId, true, {}, {},
                     std::move(doc)};
}

ParamSpec choice_param(std::string name, std::string domain, std::vector<std::string> choices,
                       ParamValue def, std::string doc) {
    bool required = std::holds_alternative<std::monostate>(def);
    return ParamSpec{std::move(name), ParamType::String, std::move(domain), 0, 0, required,
                     std::move(def), std::move(choices), std::move(doc)};
}

std::vector<ActionSpec> build_region_actions() {
    std::vector<ActionSpec> v;
    v.push_back({"transfer_leader", "move a region's leader to another store that holds a voter",
                 "POST /operators {name: transfer-leader}. Done when the region's leader is on "
                 "to_store. Undone by transferring the leader back.",
                 Risk::Low, true, "transfer_leader", Effect::PdWrite, false,
                 {region_param(), store_param("to_store", "the store that should lead the region")}});
    v.push_back({"transfer_peer", "move one replica of a region from one store to another",
                 "POST /operators {name: transfer-peer}. Done when the region has a peer on "
                 "to_store and none on from_store. Undone by moving it back.",
                 Risk::Medium, true, "transfer_peer", Effect::PdWrite, false,
                 {region_param(), store_param("from_store", "the store that gives up its replica"),
                  store_param("to_store", "the store that receives the replica")}});
    v.push_back({"add_peer", "add a voter replica of a region on a store",
                 "POST /operators {name: add-peer}. Done when the region has a voter on store. "
                 "Undone by remove_peer.",
                 Risk::Medium, true, "remove_peer", Effect::PdWrite, false,
                 {region_param(), store_param("store", "the store that receives the new replica")}});
    v.push_back({"remove_peer", "remove a region's replica from a store",
                 "POST /operators {name: remove-peer}. Done when the region has no peer on store. "
                 "Refused when it would leave the region without a quorum of Up voters.",
                 Risk::High, true, "add_peer", Effect::PdWrite, false,
                 {region_param(), store_param("store", "the store whose replica is removed")}});
    v.push_back({"split_region", "split a region into two or more",
                 "POST /operators {name: split-region}. Done when the region's key range is "
                 "covered by more than one region. Not undoable exactly (merge_region joins "
                 "neighbours but not necessarily at the same keys).",
                 Risk::Medium, false, "merge_region", Effect::PdWrite, false,
                 {region_param(),
                  choice_param("policy", "a split policy", {"approximate", "scan", "usekey"},
                               std::string("approximate"),
                               "how TiKV picks the split key; usekey needs keys"),
                  ParamSpec{"keys", ParamType::StringList, "hex-encoded split keys", 0, 0, false,
                            {}, {}, "split keys (upper- or lower-case hex) for policy usekey"}}});
    v.push_back({"merge_region", "merge a region into its adjacent neighbour",
                 "POST /operators {name: merge-region}. Done when source_region is gone and "
                 "target_region covers both ranges. Cannot be undone.",
                 Risk::High, false, "", Effect::PdWrite, false,
                 {region_param("source_region", "the region that disappears"),
                  region_param("target_region", "the adjacent region that absorbs it")}});
    v.push_back({"scatter_region", "spread a region's replicas and leader randomly over stores",
                 "POST /operators {name: scatter-region}. Done when PD's operator for the region "
                 "finished (the placement is random, so there is no fixed target).",
                 Risk::Medium, false, "", Effect::PdWrite, false,
                 {region_param(), ParamSpec{"group", ParamType::String, "a scatter group name", 0,
                                            0, false, std::string(""), {},
                                            "PD scatter group (regions of one group spread together)"}}});
    return v;
}

std::vector<ActionSpec> build_store_actions() {
    std::vector<ActionSpec> v;
    v.push_back({"evict_leader", "move every leader off a store and keep them off",
                 "POST /schedulers {name: evict-leader-scheduler, store_id}. Done when the store "
                 "holds no leaders. Undone by remove_evict_leader.",
                 Risk::Medium, true, "remove_evict_leader", Effect::PdWrite, true,
                 {store_param("store", "the store to evict leaders from")}});
    v.push_back({"remove_evict_leader", "stop evicting leaders from a store",
                 "DELETE /schedulers/evict-leader-scheduler-{store}. Done when PD no longer lists "
                 "the store in the evict-leader scheduler.",
                 Risk::Low, true, "evict_leader", Effect::PdWrite, true,
                 {store_param("store", "the store leaders may return to")}});
    v.push_back({"grant_leader", "move every leader it can onto one store",
                 "POST /schedulers {name: grant-leader-scheduler, store_id}. Concentrates load on "
                 "one machine. Undone by remove_grant_leader.",
                 Risk::High, true, "remove_grant_leader", Effect::PdWrite, true,
                 {store_param("store", "the store that should take the leaders")}});
    v.push_back({"remove_grant_leader", "stop granting leaders to a store",
                 "DELETE /schedulers/grant-leader-scheduler-{store}.",
                 Risk::Low, true, "grant_leader", Effect::PdWrite, true,
                 {store_param("store", "the store no longer granted leaders")}});
    v.push_back({"drain_store", "take a store offline: PD moves all its regions away",
                 "DELETE /store/{id}. The store becomes Offline and later Tombstone once empty. "
                 "Done when PD reports the store Offline. Undone by cancel_drain until it is "
                 "Tombstone. Refused when fewer Up stores than the replica count would remain.",
                 Risk::Critical, true, "cancel_drain", Effect::PdWrite, true,
                 {store_param("store", "the store to drain")}});
    v.push_back({"cancel_drain", "bring an Offline store back Up (cancel a drain)",
                 "POST /store/{id}/state?state=Up. Done when PD reports the store Up.",
                 Risk::Medium, true, "drain_store", Effect::PdWrite, true,
                 {store_param("store", "the Offline store to bring back")}});
    v.push_back({"set_store_limit", "set how fast a store may add or remove peers",
                 "POST /store/{id}/limit {rate, type}. Done when GET /stores/limit shows the rate. "
                 "Undone by setting the previous rate.",
                 Risk::Medium, true, "set_store_limit", Effect::PdWrite, true,
                 {store_param("store", "the store whose limit changes"),
                  ParamSpec{"rate", ParamType::Number, "a rate in operations per minute", 0.01,
                            10000, true, {}, {}, "peers added/removed per minute"},
                  choice_param("type", "a store limit type", {"add-peer", "remove-peer", "both"},
                               std::string("both"), "which limit to set")}});
    return v;
}

std::vector<ActionSpec> build_scheduling_actions() {
    std::vector<ActionSpec> v;
    v.push_back({"set_schedule_limit", "set one of PD's schedule limits",
                 "POST /config/schedule {<kind>-schedule-limit: limit}. Done when GET "
                 "/config/schedule shows the value. Undone by setting the previous value.",
                 Risk::Medium, true, "set_schedule_limit", Effect::PdWrite, true,
                 {choice_param("kind", "a schedule limit kind",
                               {"leader", "region", "replica", "merge", "hot-region"}, {},
                               "which limit: leader, region, replica, merge or hot-region"),
                  ParamSpec{"limit", ParamType::Integer, "a concurrent operator count", 0, 100000,
                            true, {}, {}, "the new limit (0 stops that kind of scheduling)"}}});
    v.push_back({"set_store_down_time",
                 "set PD's max-store-down-time (how long a store may be silent before PD treats it "
                 "as Down and re-replicates its regions)",
                 "POST /config {max-store-down-time: \"<seconds>s\"}. Done when GET /config/schedule "
                 "shows the value. Undone by setting the previous value (recorded in the plan's facts "
                 "as previous_s). Raise it to keep PD from moving data off a store that is coming "
                 "back; lower it to start re-replication sooner.",
                 Risk::High, true, "set_store_down_time", Effect::PdWrite, true,
                 {ParamSpec{"seconds", ParamType::Integer, "a duration in seconds", 60, 86400, true, {}, {},
                            "the new max-store-down-time, 60 (1m) to 86400 (24h)"}}});
    v.push_back({"pause_scheduler", "pause one of PD's schedulers for a while",
                 "POST /schedulers/{name} {delay}. Done when GET /schedulers?status=paused lists "
                 "it. Undone by resume_scheduler.",
                 Risk::Medium, true, "resume_scheduler", Effect::PdWrite, true,
                 {ParamSpec{"scheduler", ParamType::String, "a scheduler name", 0, 0, true, {}, {},
                            "e.g. balance-leader-scheduler"},
                  ParamSpec{"delay_s", ParamType::Integer, "a pause in seconds", 1, 604800, false,
                            int64_t{600}, {}, "how long PD keeps it paused"}}});
    v.push_back({"resume_scheduler", "resume a paused PD scheduler",
                 "POST /schedulers/{name} {delay: 0}. Done when it is no longer listed as paused.",
                 Risk::Low, true, "pause_scheduler", Effect::PdWrite, true,
                 {ParamSpec{"scheduler", ParamType::String, "a scheduler name", 0, 0, true, {}, {},
                            "e.g. balance-leader-scheduler"}}});
    return v;
}

std::vector<ActionSpec> build_tool_actions() {
    std::vector<ActionSpec> v;
    v.push_back({"wait", "wait before the next step (suspends a runbook, not a thread)",
                 "No cluster effect.", Risk::Low, true, "", Effect::Local, true,
                 {ParamSpec{"seconds", ParamType::Number, "a duration in seconds", 0, 3600, true,
                            {}, {}, "how long to wait"}}});
    v.push_back({"log", "write a line to the run's log and the audit log", "No cluster effect.",
                 Risk::Low, true, "", Effect::Local, true,
                 {ParamSpec{"message", ParamType::String, "a log message", 0, 0, true, {}, {},
                            "the text"},
                  choice_param("level", "a log level", {"debug", "info", "warn", "error"},
                               std::string("info"), "severity")}});
    v.push_back({"notify", "send a notification to the configured webhook",
                 "POST to the URL in setting notify.url, as a generic JSON webhook, a Slack "
                 "message or a PagerDuty Events v2 event (setting notify.format).",
                 Risk::Low, false, "", Effect::Outside, false,
                 {ParamSpec{"message", ParamType::String, "a notification text", 0, 0, true, {}, {},
                            "what happened"},
                  choice_param("severity", "a severity", {"info", "warning", "error", "critical"},
                               std::string("info"), "PagerDuty severity / Slack emphasis")}});
    return v;
}

std::vector<ActionSpec> build_all() {
    std::vector<ActionSpec> all;
    for (auto part : {build_region_actions(), build_store_actions(), build_scheduling_actions(),
                      build_tool_actions()})
        for (auto& s : part) all.push_back(std::move(s));
    return all;
}

}  // namespace

std::optional<Risk> parse_risk(std::string_view s) {
    for (size_t i = 0; i < size_t(Risk::Count); ++i)
        if (s == kRiskNames[i]) return Risk(i);
    return std::nullopt;
}

const ParamSpec* ActionSpec::param(std::string_view n) const {
    for (const auto& p : params)
        if (p.name == n) return &p;
    return nullptr;
}

std::span<const ActionSpec> action_specs() {
    static const std::vector<ActionSpec> specs = build_all();
    return specs;
}

const ActionSpec* find_action_spec(std::string_view name) {
    auto specs = action_specs();
    auto it = std::find_if(specs.begin(), specs.end(),
                           [&](const ActionSpec& s) { return s.name == name; });
    if (it != specs.end()) return &*it;
    static const std::vector<ActionSpec> gates = gate_action_specs();
    auto g = std::find_if(gates.begin(), gates.end(), [&](const ActionSpec& s) { return s.name == name; });
    return g == gates.end() ? nullptr : &*g;
}

}  // namespace medic::actions
