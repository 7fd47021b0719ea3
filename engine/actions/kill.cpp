// engine/actions/kill.cpp: engaging and releasing the kill switch
// (service.hpp): persist it, acknowledge it in memory, cancel the PD
// operators medic started that are still in flight, list the schedulers
// medic added, count the approvals that are now frozen.
#include "actions/service_internal.hpp"

#include "store/settings_store.hpp"

#include <simdjson.h>

#include <set>

namespace medic::actions {
namespace {

int64_t json_int(const std::string& json, const char* key) {
    simdjson::ondemand::parser parser;
    simdjson::padded_string body(json);
    simdjson::ondemand::document doc;
    int64_t v = 0;
    if (parser.iterate(body).get(doc)) return 0;
    if (doc[key].get_int64().get(v)) return 0;
    return v;
}

std::string json_str(const std::string& json, const char* key) {
    simdjson::ondemand::parser parser;
    simdjson::padded_string body(json);
    simdjson::ondemand::document doc;
    std::string_view v;
    if (parser.iterate(body).get(doc) || doc[key].get_string().get(v)) return "";
    return std::string(v);
}

// The region on which an action of `kind` started a PD operator (0 = none).
int64_t operator_region_of(const store::ActionRecord& r) {
    static const std::set<std::string> kRegionKinds = {"transfer_leader", "transfer_peer", "add_peer", "remove_peer",
                                                       "split_region", "scatter_region"};
    if (kRegionKinds.count(r.kind)) return json_int(r.params, "region");
    if (r.kind == "merge_region") return json_int(r.params, "source_region");
    return 0;
}

void list_leftovers(store::Database& db, KillReport& rep) {
    std::set<std::string> seen;
    for (const auto& r : store::list_actions(db, "succeeded", 10000)) {
        std::string line;
        if (r.kind == "evict_leader" || r.kind == "grant_leader") {
            int64_t s = json_int(r.params, "store");
            std::string undo = r.kind == "evict_leader" ? "remove_evict_leader" : "remove_grant_leader";
            std::string key = r.kind + std::to_string(s);
            if (!seen.insert(key).second) continue;
            line = (r.kind == "evict_leader" ? "evict-leader-scheduler" : "grant-leader-scheduler") + std::string(" on store ") +
                   std::to_string(s) + " (action " + std::to_string(r.id) + "): medic act " + undo + " --store " +
                   std::to_string(s) + " --execute";
        } else if (r.kind == "pause_scheduler") {
            std::string s = json_str(r.params, "scheduler");
            if (!seen.insert("pause" + s).second) continue;
            line = "scheduler " + s + " paused (action " + std::to_string(r.id) + "): medic act resume_scheduler --scheduler " +
                   s + " --execute";
        }
        if (!line.empty()) rep.schedulers_to_remove.push_back(line);
    }
}

}  // namespace

KillReport engage_kill_switch_in_db(store::DbWriter& writer, pd::PdClient* pd, const std::string& by,
                                    const std::string& reason) {
    KillReport rep;
    std::vector<store::ActionRecord> inflight;
    writer.run([&](store::Database& db, store::AuditAppender& a) {
        store::set_setting(db, "kill_switch", "on", by);
        a.append({0, by, "kill_switch_on", "engine", "{\"reason\":\"" + json_escape(reason) + "\"}"});
        for (const char* st : {"executing", "verifying"})
            for (auto& r : store::list_actions(db, st, 100000)) inflight.push_back(std::move(r));
        auto& q = db.prepare("SELECT count(*) FROM approvals WHERE decision = 'pending'");
        if (q.step()) rep.frozen_approvals = int(q.column_int(0));
        q.reset();
        list_leftovers(db, rep);
    });
    for (const auto& r : inflight) {
        int64_t region = operator_region_of(r);
        if (!region) continue;
        std::string what = "region " + std::to_string(region) + " (action " + std::to_string(r.id) + ")";
        if (!pd) {
            rep.errors.push_back(what + ": no PD address given, operator not cancelled");
            continue;
        }
        auto res = pd->del("/operators/" + std::to_string(region));
        std::string detail = res.ok() ? "cancelled" : res.error().to_string();
        writer.append({0, by, "pd_request", "action:" + std::to_string(r.id),
                       "{\"calls\":[{\"method\":\"DELETE\",\"path\":\"/pd/api/v1/operators/" + std::to_string(region) +
                           "\"}],\"reason\":\"kill switch\",\"result\":\"" + json_escape(detail) + "\"}"});
        if (res.ok() || res.error().pd_message.find("not found") != std::string::npos)
            rep.cancelled_operators.push_back(what);
        else
            rep.errors.push_back(what + ": " + detail);
    }
    return rep;
}

KillReport ActionService::engage_kill_switch(const std::string& by, const std::string& reason) {
    std::lock_guard lk(kill_mu_);
    kill_.engage();  // acknowledged: no start is in progress and none can begin
    return engage_kill_switch_in_db(*writer_, opts_.pd.get(), by, reason);
}

void ActionService::release_kill_switch(const std::string& by) {
    writer_->run([&](store::Database& db, store::AuditAppender& a) {
        store::set_setting(db, "kill_switch", "off", by);
        a.append({0, by, "kill_switch_off", "engine", "{}"});
    });
    kill_.release();
}

}  // namespace medic::actions
