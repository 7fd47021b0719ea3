// engine/model/checks.cpp: invariant checks (see header). Evidence is JSON
// with the observed numbers and the thresholds they were compared with, so
// an incident explains itself.
#include "model/checks.hpp"

#include <algorithm>
#include <cmath>

#include "model/json_out.hpp"
#include "pd/pd_format.hpp"

namespace medic::model {

using store::Severity;

namespace {

Finding make(std::string kind, std::string id, std::string subject, Severity sev, std::string summary,
             std::string evidence) {
    Finding f;
    f.dedup_key = id.empty() ? kind : kind + ":" + id;
    f.kind = std::move(kind);
    f.subject = std::move(subject);
    f.severity = sev;
    f.summary = std::move(summary);
    f.evidence = std::move(evidence);
    return f;
}

void store_fields(JsonOut& j, const pd::Store& s, int64_t now_ms) {
    j.kv("store_id", s.id).kv("address", s.address).kv("status_address", s.status_address);
    j.kv("state_name", pd::wire_name(s.state_name));
    if (s.last_heartbeat_ns > 0)
        j.kv("last_heartbeat_age_s", double(now_ms) / 1e3 - double(s.last_heartbeat_ns) / 1e9);
}

void probe_fields(JsonOut& j, const ProbeResult& p) {
    j.key("probe").begin_object().kv("url", p.url).kv("alive", p.alive);
    if (!p.alive) {
        if (p.http_status) j.kv("http_status", p.http_status);
        else j.kv("error", pd::error_kind_name(p.error));
        j.kv("detail", p.detail).kv("consecutive_failures", p.consecutive_failures).kv("ever_alive", p.ever_alive);
    }
    j.end_object();
}

bool probe_says_dead(const ProbeResult& p, const CheckOptions& o) {
    if (p.alive || !p.ever_alive) return false;
    if (p.http_status) return false;  // it answered: alive but unhappy, not dead
    if (p.error == pd::ErrorKind::Timeout) return p.consecutive_failures >= o.probe_timeouts_to_down;
    return true;  // refused / reset: nothing listens on the status port
}

void check_one_store(const pd::Store& s, const ProbeResult* probe, const pd::ScheduleConfig& sc,
                     const CheckOptions& o, std::map<uint64_t, StoreTrack>& track, int64_t now_ms,
                     std::vector<Finding>& out) {
    std::string id = std::to_string(s.id), subj = "store:" + id;
    if (s.state_name == pd::StoreStateName::Tombstone) return;
    bool dead_probe = probe && probe_says_dead(*probe, o);
    if (s.state_name == pd::StoreStateName::Down || dead_probe) {
        JsonOut j;
        j.begin_object();
        store_fields(j, s, now_ms);
        j.kv("source", dead_probe ? "status_probe" : "pd_state");
        if (probe) probe_fields(j, *probe);
        j.end_object();
        std::string why = dead_probe ? "status server at " + s.status_address + " does not answer"
                                     : "PD reports it Down";
        out.push_back(make("store_down", id, subj, Severity::Critical, "store " + id + " is down: " + why, j.str()));
    }
    if (s.state_name == pd::StoreStateName::Disconnected) {
        JsonOut j;
        j.begin_object();
        store_fields(j, s, now_ms);
        if (probe) probe_fields(j, *probe);
        j.end_object();
        out.push_back(make("store_disconnected", id, subj, Severity::Warning,
                           "store " + id + " is disconnected (no heartbeat to PD for > 20 s)", j.str()));
    }
    auto& t = track[s.id];
    if (s.state == pd::StoreState::Offline) {
        if (t.last_progress_ms == 0 || s.region_count < t.region_count) t.last_progress_ms = now_ms;
        t.region_count = s.region_count;
        double stuck_s = double(now_ms - t.last_progress_ms) / 1e3;
        if (s.region_count > 0 && stuck_s >= o.offline_stuck_s) {
            JsonOut j;
            j.begin_object();
            store_fields(j, s, now_ms);
            j.kv("region_count", s.region_count).kv("no_progress_s", stuck_s).kv("threshold_s", o.offline_stuck_s);
            j.end_object();
            out.push_back(make("store_offline_stuck", id, subj, Severity::Warning,
                               "store " + id + " is Offline but no region moved off it for " +
                                   std::to_string(int64_t(stuck_s)) + " s (" + std::to_string(s.region_count) +
                                   " regions left)",
                               j.str()));
        }
    } else {
        t = StoreTrack{};
    }
    if (s.capacity_bytes > 0) {
        double used = 1.0 - s.available_ratio();
        if (used >= sc.low_space_ratio) {
            bool crit = used >= o.disk_critical_used_ratio;
            JsonOut j;
            j.begin_object();
            store_fields(j, s, now_ms);
            j.kv("capacity_bytes", s.capacity_bytes).kv("available_bytes", s.available_bytes);
            j.kv("used_ratio", used).kv("low_space_ratio", sc.low_space_ratio);
            j.end_object();
            char pct[16];
            std::snprintf(pct, sizeof pct, "%.1f%%", used * 100);
            out.push_back(make("disk_full", id, subj, crit ? Severity::Critical : Severity::Warning,
                               "store " + id + " disk is " + pct + " used (" + pd::format_byte_size(s.available_bytes) +
                                   " free of " + pd::format_byte_size(s.capacity_bytes) + ")",
                               j.str()));
        }
    }
}

// leader or region balance over Up TiKV stores with a non-zero weight.
void check_balance(const std::vector<pd::Store>& stores, bool leaders, double ratio, uint64_t min_gap,
                   std::vector<Finding>& out) {
    std::vector<const pd::Store*> up;
    for (const auto& s : stores)
        if (s.state_name == pd::StoreStateName::Up && !s.is_tiflash() &&
            (leaders ? s.leader_weight : s.region_weight) > 0)
            up.push_back(&s);
    if (up.size() < 2) return;
    auto count = [&](const pd::Store* s) { return leaders ? s->leader_count : s->region_count; };
    auto [mn, mx] = std::minmax_element(up.begin(), up.end(), [&](auto a, auto b) { return count(a) < count(b); });
    double mean = 0;
    for (auto* s : up) mean += double(count(s));
    mean /= double(up.size());
    uint64_t gap = count(*mx) - count(*mn);
    if (mean <= 0 || gap < min_gap || double(gap) / mean <= ratio) return;
    const char* what = leaders ? "leader" : "region";
    JsonOut j;
    j.begin_object().kv("max_store", (*mx)->id).kv("max", count(*mx)).kv("min_store", (*mn)->id);
    j.kv("min", count(*mn)).kv("mean", mean).kv("spread_ratio", double(gap) / mean).kv("threshold_ratio", ratio);
    j.key("per_store").begin_object();
    for (auto* s : up) j.kv(std::to_string(s->id), count(s));
    j.end_object().end_object();
    out.push_back(make(std::string(what) + "_imbalance", "", "cluster", Severity::Warning,
                       std::string(what) + " imbalance: store " + std::to_string((*mx)->id) + " has " +
                           std::to_string(count(*mx)) + " " + what + "s, store " + std::to_string((*mn)->id) + " has " +
                           std::to_string(count(*mn)) + " (mean " + std::to_string(int64_t(mean)) + ")",
                       j.str()));
}

}  // namespace

const char* group_of_kind(std::string_view kind) {
    if (kind.rfind("store_", 0) == 0 || kind == "disk_full" || kind == "leader_imbalance" ||
        kind == "region_imbalance")
        return kGroupStores;
    if (kind == "pd_unreachable") return kGroupReach;
    if (kind.rfind("pd_", 0) == 0) return kGroupPd;
    if (kind.rfind("hot_", 0) == 0) return kGroupHot;
    if (kind.rfind("region_", 0) == 0) return kGroupRegions;
    return "";
}

std::vector<Finding> check_stores(const std::vector<pd::Store>& stores, const std::map<uint64_t, ProbeResult>& probes,
                                  const pd::ScheduleConfig& schedule, const pd::ReplicationConfig& replication,
                                  const CheckOptions& o, std::map<uint64_t, StoreTrack>& track, int64_t now_ms) {
    std::vector<Finding> out;
    for (const auto& s : stores) {
        auto it = probes.find(s.id);
        check_one_store(s, it == probes.end() ? nullptr : &it->second, schedule, o, track, now_ms, out);
    }
    check_balance(stores, true, o.leader_imbalance_ratio, o.leader_imbalance_min, out);
    std::map<std::string, std::vector<pd::Store>> groups;
    std::string label = replication.location_labels.empty() ? "" : replication.location_labels.front();
    for (const auto& s : stores) groups[label.empty() ? "" : std::string(s.label(label))].push_back(s);
    for (const auto& [zone, members] : groups) {
        size_t before = out.size();
        check_balance(members, false, o.region_imbalance_ratio, o.region_imbalance_min, out);
        if (out.size() > before && !label.empty()) {  // one key per location group
            out.back().dedup_key += ":" + label + "=" + zone;
            out.back().summary += " in " + label + " " + zone;
        }
    }
    return out;
}

std::vector<Finding> check_probe_dead(const std::vector<pd::Store>& stores,
                                      const std::map<uint64_t, ProbeResult>& probes, const CheckOptions& o,
                                      int min_failures, int64_t now_ms) {
    std::vector<Finding> out, scratch;
    std::map<uint64_t, StoreTrack> no_track;  // offline tracking is the tick's business
    pd::ScheduleConfig sc;
    sc.low_space_ratio = 2.0;  // never a disk finding from here
    for (const auto& s : stores) {
        auto it = probes.find(s.id);
        if (it == probes.end() || it->second.consecutive_failures < min_failures || !probe_says_dead(it->second, o))
            continue;
        scratch.clear();
        check_one_store(s, &it->second, sc, o, no_track, now_ms, scratch);
        for (auto& f : scratch)
            if (f.kind == "store_down") out.push_back(std::move(f));
    }
    return out;
}

std::vector<Finding> check_pd(const std::optional<std::vector<pd::PdMember>>& health,
                              const pd::Result<pd::PdMember>& leader) {
    std::vector<Finding> out;
    if (health) {
        for (const auto& m : *health) {
            if (m.health) continue;
            JsonOut j;
            j.begin_object().kv("member", m.name).kv("member_id", m.member_id).key("client_urls").begin_array();
            for (const auto& u : m.client_urls) j.value(u);
            j.end_array().kv("health", false).end_object();
            out.push_back(make("pd_unhealthy", m.name, "pd:" + m.name, Severity::Warning,
                               "PD member " + m.name + " is unhealthy", j.str()));
        }
    }
    // A transport failure is pd_unreachable's business; PD answering without
    // a leader (503 "redirect finds no leader", empty name) is this one's.
    bool no_leader = leader.ok() ? leader->name.empty() : leader.error().kind == pd::ErrorKind::HttpStatus;
    if (no_leader) {
        JsonOut j;
        j.begin_object();
        if (!leader.ok()) j.kv("error", leader.error().to_string()).kv("http_status", leader.error().http_status);
        else j.kv("leader", "");
        j.end_object();
        out.push_back(make("pd_no_leader", "", "pd", Severity::Critical, "PD has no leader", j.str()));
    }
    return out;
}

std::vector<Finding> check_reach(const std::optional<pd::PdError>& all_failed, const std::vector<std::string>& endpoints) {
    std::vector<Finding> out;
    if (!all_failed) return out;
    JsonOut j;
    j.begin_object().kv("error", all_failed->to_string()).kv("kind", pd::error_kind_name(all_failed->kind));
    j.key("endpoints").begin_array();
    for (const auto& e : endpoints) j.value(e);
    j.end_array().end_object();
    out.push_back(make("pd_unreachable", "", "pd", Severity::Critical,
                       "no PD endpoint answers: " + all_failed->to_string(), j.str()));
    return out;
}

std::vector<Finding> check_region_kind(std::string_view check_kind, const std::vector<pd::Region>& regions) {
    return check_region_kind(check_kind, regions, nullptr);
}

std::vector<Finding> check_region_kind(std::string_view check_kind, const std::vector<pd::Region>& regions,
                                       const RegionGraceEvidence* grace) {
    std::vector<Finding> out;
    if (regions.empty()) return out;
    std::string kind = "region_" + std::string(check_kind);
    std::replace(kind.begin(), kind.end(), '-', '_');
    std::map<uint64_t, uint64_t> per_store;  // stores holding the affected peers
    for (const auto& r : regions) {
        if (check_kind == "down-peer")
            for (const auto& d : r.down_peers) ++per_store[d.peer.store_id];
        else if (check_kind == "pending-peer")
            for (const auto& p : r.pending_peers) ++per_store[p.store_id];
    }
    JsonOut j;
    j.begin_object().kv("check", std::string("/regions/check/") + std::string(check_kind)).kv("count", uint64_t(regions.size()));
    j.key("region_ids").begin_array();
    for (size_t i = 0; i < regions.size() && i < 20; ++i) j.value(regions[i].id);
    j.end_array();
    if (!per_store.empty()) {
        j.key("peers_per_store").begin_object();
        for (auto [sid, n] : per_store) j.kv(std::to_string(sid), n);
        j.end_object();
    }
    int64_t longest_ms = 0;
    if (grace) {
        j.key("held_ms").begin_array();  // parallel to region_ids
        for (size_t i = 0; i < grace->held_ms.size() && i < 20; ++i) j.value(grace->held_ms[i]);
        j.end_array();
        for (int64_t h : grace->held_ms) longest_ms = std::max(longest_ms, h);
        j.key("grace").begin_object();
        j.kv("min_checks", int64_t(grace->min_checks)).kv("min_ms", grace->min_ms).kv("longest_held_ms", longest_ms);
        j.kv("in_grace", uint64_t(grace->in_grace)).kv("with_operator", uint64_t(grace->with_operator));
        j.end_object();
    }
    j.end_object();
    std::string label = check_kind == "down-peer"      ? "down peers"
                        : check_kind == "pending-peer" ? "pending peers"
                        : check_kind == "miss-peer"    ? "missing peers"
                        : check_kind == "extra-peer"   ? "extra peers"
                                                       : std::string(check_kind);
    std::string summary = std::to_string(regions.size()) + " region(s) with " + label;
    if (grace)
        summary += " for at least " + std::to_string(grace->min_ms / 1000) + " s (longest " +
                   std::to_string(longest_ms / 1000) + " s)";
    out.push_back(make(kind, "", "cluster", check_kind == "extra-peer" ? Severity::Info : Severity::Warning,
                       summary, j.str()));
    return out;
}

std::vector<Finding> check_hot(const pd::HotRegions& write, const pd::HotRegions& read, const pd::HotStores& stores,
                               const CheckOptions& o) {
    std::vector<Finding> out;
    for (const auto* h : {&write, &read}) {
        std::vector<pd::HotPeerStat> cand;
        for (const auto& s : h->as_leader)
            for (const auto& p : s.statistics)
                if (p.hot_degree >= o.hot_min_degree && p.flow_bytes >= o.hot_region_min_bytes) cand.push_back(p);
        std::sort(cand.begin(), cand.end(), [](auto& a, auto& b) { return a.flow_bytes > b.flow_bytes; });
        for (size_t i = 0; i < cand.size() && i < o.hot_region_max; ++i) {
            const auto& p = cand[i];
            std::string id = std::to_string(p.region_id);
            const char* kind = pd::kHotKindNames[size_t(h->kind)];
            JsonOut j;
            j.begin_object().kv("region_id", p.region_id).kv("leader_store", p.store_id).kv("kind", kind);
            j.kv("flow_bytes", p.flow_bytes).kv("flow_keys", p.flow_keys).kv("hot_degree", p.hot_degree);
            j.kv("threshold_bytes", o.hot_region_min_bytes).end_object();
            // One key per region: a region hot for writes and reads is one incident.
            bool dup = false;
            for (const auto& f : out) dup |= f.dedup_key == "hot_region:" + id;
            if (dup) continue;
            out.push_back(make("hot_region", id, "region:" + id, Severity::Warning,
                               "region " + id + " is hot (" + kind + " " + pd::format_byte_size(uint64_t(p.flow_bytes)) +
                                   "/s, leader on store " + std::to_string(p.store_id) + ")",
                               j.str()));
        }
    }
    for (const auto* rates : {&stores.bytes_write_rate, &stores.bytes_read_rate}) {
        if (rates->size() < 3) continue;
        for (const auto& [sid, rate] : *rates) {
            std::vector<double> others;
            for (const auto& [oid, r] : *rates)
                if (oid != sid) others.push_back(r);
            std::nth_element(others.begin(), others.begin() + others.size() / 2, others.end());
            double median = others[others.size() / 2];
            if (rate < o.hot_store_min_bytes || rate < o.hot_store_ratio * std::max(median, 1.0)) continue;
            std::string id = std::to_string(sid);
            bool dup = false;
            for (const auto& f : out) dup |= f.dedup_key == "hot_store:" + id;
            if (dup) continue;
            const char* kind = rates == &stores.bytes_write_rate ? "write" : "read";
            JsonOut j;
            j.begin_object().kv("store_id", sid).kv("kind", kind).kv("bytes_rate", rate).kv("median_of_others", median);
            j.kv("threshold_ratio", o.hot_store_ratio).end_object();
            out.push_back(make("hot_store", id, "store:" + id, Severity::Warning,
                               "store " + id + " is hot (" + kind + " " + pd::format_byte_size(uint64_t(rate)) +
                                   "/s vs median " + pd::format_byte_size(uint64_t(median)) + "/s)",
                               j.str()));
        }
    }
    return out;
}

}  // namespace medic::model
