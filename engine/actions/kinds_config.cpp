// engine/actions/kinds_config.cpp: PD configuration actions
// (set_schedule_limit, set_store_down_time, pause_scheduler,
// resume_scheduler) and find_kind().
#include "actions/kind.hpp"

#include <algorithm>
#include <cmath>

namespace medic::actions {
namespace {

std::string limit_key(const std::string& kind) { return kind + "-schedule-limit"; }

uint64_t current_limit(const pd::ScheduleConfig& c, const std::string& kind) {
    if (kind == "leader") return c.leader_schedule_limit;
    if (kind == "region") return c.region_schedule_limit;
    if (kind == "replica") return c.replica_schedule_limit;
    if (kind == "merge") return c.merge_schedule_limit;
    return c.hot_region_schedule_limit;
}

FactNeeds schedule_needs(const ParamMap&, bool) {
    FactNeeds n;
    n.stores = false;
    n.schedule = true;
    return n;
}

Plan plan_set_schedule_limit(const ParamMap& p, const Facts& f) {
    std::string kind = param_string(p, "kind");
    int64_t limit = param_int(p, "limit");
    uint64_t cur = current_limit(f.schedule, kind);
    Plan out;
    out.facts_json = "{\"" + limit_key(kind) + "\":" + std::to_string(cur) + "}";
    if (int64_t(cur) == limit) {
        out.satisfied = true;
        out.description = limit_key(kind) + " is already " + std::to_string(limit);
        return out;
    }
    out.description = "set " + limit_key(kind) + " " + std::to_string(cur) + " -> " + std::to_string(limit);
    out.calls = {{"POST", "/config/schedule", "{\"" + limit_key(kind) + "\":" + std::to_string(limit) + "}"}};
    out.timeout_s = 10;
    out.lock_keys = {"config:" + limit_key(kind)};
    out.baseline["previous"] = int64_t(cur);
    return out;
}

Check verify_set_schedule_limit(const ParamMap& p, const Plan&, const Facts& f) {
    std::string kind = param_string(p, "kind");
    int64_t limit = param_int(p, "limit");
    uint64_t cur = current_limit(f.schedule, kind);
    if (int64_t(cur) == limit) return {CheckState::Done, limit_key(kind) + " is " + std::to_string(cur)};
    return {CheckState::Pending, limit_key(kind) + " is still " + std::to_string(cur)};
}

// Whole seconds the way Go prints a time.Duration (PD's GET shape): "45s",
// "2m0s", "30m0s", "24h0m0s".
std::string go_seconds(int64_t s) {
    std::string out;
    if (s >= 3600) out += std::to_string(s / 3600) + "h";
    if (s >= 60) out += std::to_string(s / 60 % 60) + "m";
    return out + std::to_string(s % 60) + "s";
}

// max-store-down-time: how long a store may miss heartbeats before PD calls
// it Down and starts re-replicating its regions elsewhere. PD reports it as
// a Go duration; it is whole seconds in practice (the previous value is
// rounded to a second for the record and the compensation).
int64_t current_down_time_s(const pd::ScheduleConfig& c) { return int64_t(std::llround(c.max_store_down_time_s)); }

Plan plan_set_store_down_time(const ParamMap& p, const Facts& f) {
    int64_t want = param_int(p, "seconds");
    int64_t cur = current_down_time_s(f.schedule);
    Plan out;
    out.facts_json = "{\"max-store-down-time\":\"" + go_seconds(cur) + "\",\"previous_s\":" + std::to_string(cur) + "}";
    out.baseline["previous"] = cur;  // the compensation sets this value back
    if (cur == want) {
        out.satisfied = true;
        out.description = "max-store-down-time is already " + go_seconds(want);
        return out;
    }
    out.description = "max-store-down-time " + go_seconds(cur) + " -> " + go_seconds(want);
    // POST /config (not /config/schedule): PD validates the item name there
    // and answers 400 for an unknown one instead of silently ignoring it.
    out.calls = {{"POST", "/config", "{\"max-store-down-time\":\"" + std::to_string(want) + "s\"}"}};
    out.timeout_s = 10;
    out.lock_keys = {"config:max-store-down-time"};
    return out;
}

Check verify_set_store_down_time(const ParamMap& p, const Plan&, const Facts& f) {
    int64_t want = param_int(p, "seconds");
    double cur = f.schedule.max_store_down_time_s;
    std::string seen = "max-store-down-time is " + go_seconds(int64_t(std::llround(cur)));
    if (std::fabs(cur - double(want)) < 0.5) return {CheckState::Done, seen};
    return {CheckState::Pending, seen + ", not yet " + go_seconds(want)};
}

FactNeeds scheduler_needs(const ParamMap&, bool) {
    FactNeeds n;
    n.stores = false;
    n.schedulers = true;
    return n;
}

bool listed(const std::vector<std::string>& v, const std::string& name) {
    return std::find(v.begin(), v.end(), name) != v.end();
}

Plan plan_pause(const ParamMap& p, const Facts& f, bool pause) {
    std::string name = param_string(p, "scheduler");
    int64_t delay = pause ? param_int(p, "delay_s", 600) : 0;
    Plan out;
    bool paused = listed(f.paused, name);
    out.facts_json = "{\"scheduler\":\"" + json_escape(name) + "\",\"paused\":" + (paused ? "true" : "false") + "}";
    if (!listed(f.schedulers, name))
        return invalid("scheduler_not_found", "scheduler " + name + " not found (PD runs " + std::to_string(f.schedulers.size()) + " schedulers)");
    if (paused == pause) {
        out.satisfied = true;
        out.description = "scheduler " + name + " is already " + (pause ? "paused" : "running");
        return out;
    }
    out.description = pause ? "pause scheduler " + name + " for " + std::to_string(delay) + " s" : "resume scheduler " + name;
    out.calls = {{"POST", "/schedulers/" + name, "{\"delay\":" + std::to_string(delay) + "}"}};
    out.timeout_s = 10;
    return out;
}

Plan plan_pause_scheduler(const ParamMap& p, const Facts& f) { return plan_pause(p, f, true); }
Plan plan_resume_scheduler(const ParamMap& p, const Facts& f) { return plan_pause(p, f, false); }

Check verify_paused(const ParamMap& p, const Facts& f, bool want) {
    std::string name = param_string(p, "scheduler");
    bool paused = listed(f.paused, name);
    return {paused == want ? CheckState::Done : CheckState::Pending,
            "scheduler " + name + (paused ? " is paused" : " is running")};
}

Check verify_pause(const ParamMap& p, const Plan&, const Facts& f) { return verify_paused(p, f, true); }
Check verify_resume(const ParamMap& p, const Plan&, const Facts& f) { return verify_paused(p, f, false); }

}  // namespace

std::vector<KindImpl> config_kinds() {
    return {{"set_schedule_limit", schedule_needs, plan_set_schedule_limit, verify_set_schedule_limit},
            {"set_store_down_time", schedule_needs, plan_set_store_down_time, verify_set_store_down_time},
            {"pause_scheduler", scheduler_needs, plan_pause_scheduler, verify_pause},
            {"resume_scheduler", scheduler_needs, plan_resume_scheduler, verify_resume}};
}

const KindImpl* find_kind(std::string_view name) {
    static const std::vector<KindImpl> all = [] {
        std::vector<KindImpl> v;
        for (auto part : {region_kinds(), store_kinds(), config_kinds(), gate_kinds()}) v.insert(v.end(), part.begin(), part.end());
        return v;
    }();
    for (const auto& k : all)
        if (k.name == name) return &k;
    return nullptr;
}

}  // namespace medic::actions
