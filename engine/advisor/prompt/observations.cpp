// engine/advisor/prompt/observations.cpp: building the bounded, sanitized
// observation set from an incident and a snapshot.
#include "observations.hpp"

#include <cstdint>
#include <cstdio>

#include "../text_sanitize.hpp"

namespace medic::advisor {
namespace {

using json::Value;

Value num(double d) {
    Value v;
    v.type = json::Type::Number;
    v.number_kind = json::NumberKind::Float;
    v.f64 = d;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", d);
    v.text = buf;
    return v;
}
Value u64(uint64_t x) { return Value::make_int(int64_t(x > uint64_t(INT64_MAX) ? INT64_MAX : x)); }
Value str(std::string s) { return Value::make_string(std::move(s)); }

Value store_data(const pd::Store& s, size_t max_text, std::string& raw) {
    Value d = Value::make_object();
    d.set("store_id", u64(s.id));
    d.set("state", str(pd::wire_name(s.state_name)));
    d.set("leader_count", u64(s.leader_count));
    d.set("region_count", u64(s.region_count));
    d.set("available_ratio", num(s.available_ratio()));
    d.set("capacity_gib", num(double(s.capacity_bytes) / double(1ull << 30)));
    d.set("pending_peer_count", u64(s.pending_peer_count));
    d.set("slow_score", u64(s.slow_score));
    d.set("address", str(sanitize_text(s.address, max_text)));
    Value& labels = d.set("labels", Value::make_array());
    for (const auto& l : s.labels) {
        Value& x = labels.push(Value::make_object());
        x.set("key", str(sanitize_text(l.key, 64)));
        x.set("value", str(sanitize_text(l.value, max_text)));
        raw += l.key + "=" + l.value + "\n";
    }
    raw += s.address + "\n";
    return d;
}

Value id_list(const std::vector<uint64_t>& ids) {
    Value a = Value::make_array();
    for (uint64_t i : ids) a.push(u64(i));
    return a;
}

void add_region(ObservationSet& set, const model::RegionRef& r) {
    Value d = Value::make_object();
    d.set("region_id", u64(r.id()));
    d.set("leader_store_id", u64(r.leader_store_id()));
    std::vector<uint64_t> peers;
    for (size_t i = 0; i < r.peer_count(); ++i) peers.push_back(r.peer(i).store_id);
    d.set("peer_store_ids", id_list(peers));
    Value& flags = d.set("flags", Value::make_array());
    for (size_t b = 0; b < std::size(model::kRegionFlagNames); ++b)
        if (r.flags() & (1u << b)) flags.push(str(model::kRegionFlagNames[b]));
    if (r.flags() & (model::kRegionDownPeer | model::kRegionPendingPeer)) {
        pd::Region full = r.materialize();
        std::vector<uint64_t> down, pending;
        for (const auto& dp : full.down_peers) down.push_back(dp.peer.store_id);
        for (const auto& pp : full.pending_peers) pending.push_back(pp.store_id);
        d.set("down_peer_store_ids", id_list(down));
        d.set("pending_peer_store_ids", id_list(pending));
    }
    d.set("start_key_hex", str(hex_encode(r.start_key())));
    d.set("end_key_hex", str(hex_encode(r.end_key())));
    set.add("pd_region", std::move(d), std::string(r.start_key()) + "\n" + std::string(r.end_key()));
}

void add_incident(ObservationSet& set, const IncidentInput& inc, const ObservationLimits& lim) {
    if (inc.kind.empty() && inc.id == 0) return;
    Value d = Value::make_object();
    d.set("incident_id", Value::make_int(inc.id));
    d.set("kind", str(sanitize_text(inc.kind, 64)));
    d.set("subject", str(sanitize_text(inc.subject, 64)));
    d.set("severity", str(sanitize_text(inc.severity, 16)));
    d.set("summary", str(sanitize_text(inc.summary, lim.max_text * 2)));
    d.set("evidence", str(sanitize_text(inc.evidence_json, lim.max_incident_text)));
    set.add("incident", std::move(d), inc.summary + "\n" + inc.evidence_json);
}

void add_cluster(ObservationSet& set, const model::ClusterSnapshot& snap) {
    Value d = Value::make_object();
    uint64_t up = 0;
    for (const auto& s : snap.stores()) up += s.state_name == pd::StoreStateName::Up;
    d.set("stores_total", u64(snap.stores().size()));
    d.set("stores_up", u64(up));
    d.set("regions_total", u64(snap.region_count()));
    d.set("unhealthy_regions", u64(snap.unhealthy_regions().size()));
    d.set("max_replicas", u64(snap.replication().max_replicas));
    d.set("region_scan_age_ms", Value::make_int(snap.regions_taken_at_ms() ? snap.taken_at_ms() - snap.regions_taken_at_ms() : -1));
    set.add("cluster", std::move(d));
    Value h = Value::make_object();
    h.set("leader", str(sanitize_text(snap.pd_health().leader_name, 64)));
    Value& members = h.set("members", Value::make_array());
    for (const auto& m : snap.pd_health().members) {
        Value& x = members.push(Value::make_object());
        x.set("name", str(sanitize_text(m.name, 64)));
        x.set("healthy", Value::make_bool(m.health));
    }
    set.add("pd_health", std::move(h));
}

void add_hot(ObservationSet& set, const model::ClusterSnapshot& snap, const ObservationLimits& lim) {
    for (pd::HotKind kind : {pd::HotKind::Write, pd::HotKind::Read}) {
        const auto& hot = snap.hot_regions(kind);
        for (size_t i = 0; i < hot.size() && i < lim.max_hot_regions / 2; ++i) {
            Value d = Value::make_object();
            d.set("region_id", u64(hot[i].region_id));
            d.set("leader_store_id", u64(hot[i].store_id));
            d.set("kind", str(pd::kHotKindNames[size_t(kind)]));
            d.set("flow_bytes_per_s", num(hot[i].flow_bytes));
            d.set("flow_keys_per_s", num(hot[i].flow_keys));
            d.set("hot_degree", u64(hot[i].hot_degree));
            std::string raw;
            if (auto r = snap.region(hot[i].region_id)) {
                d.set("peer_store_ids", Value::make_array());
                for (size_t p = 0; p < r->peer_count(); ++p) d.members.back().second.push(u64(r->peer(p).store_id));
                d.set("start_key_hex", str(hex_encode(r->start_key())));
                d.set("end_key_hex", str(hex_encode(r->end_key())));
                raw = std::string(r->start_key()) + "\n" + std::string(r->end_key());
            }
            set.add("hot_region", std::move(d), raw);
        }
    }
}

}  // namespace

std::string hex_encode(std::string_view raw) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    out.reserve(raw.size() * 2);
    for (unsigned char c : raw) {
        out.push_back(digits[c >> 4]);
        out.push_back(digits[c & 15]);
    }
    return out;
}

std::string Observation::line() const {
    Value v = Value::make_object();
    v.set("id", Value::make_string(id));
    v.set("kind", Value::make_string(kind));
    v.set("data", data);
    return json::serialize(v);
}

const Observation& ObservationSet::add(std::string kind, json::Value data, std::string raw_text) {
    obs_.push_back({"obs-" + std::to_string(obs_.size() + 1), std::move(kind), std::move(data), std::move(raw_text)});
    return obs_.back();
}

const Observation* ObservationSet::find(std::string_view id) const {
    for (const auto& o : obs_)
        if (o.id == id) return &o;
    return nullptr;
}

const Observation* ObservationSet::find_subject(std::string_view kind, std::string_view key, uint64_t id) const {
    for (const auto& o : obs_) {
        if (o.kind != kind) continue;
        const Value* v = o.data.find(key);
        if (v && v->int64() && uint64_t(*v->int64()) == id) return &o;
    }
    return nullptr;
}

std::set<std::string> ObservationSet::ids() const {
    std::set<std::string> s;
    for (const auto& o : obs_) s.insert(o.id);
    return s;
}

std::string ObservationSet::fenced(const std::string& marker) const {
    std::string out = "<<<" + marker + "\n";
    for (const auto& o : obs_) out += o.line() + "\n";
    out += marker + ">>>";
    return out;
}

ObservationSet collect_observations(const AdviceRequest& req, const ObservationLimits& lim) {
    ObservationSet set;
    const model::ClusterSnapshot& snap = *req.snapshot;
    add_incident(set, req.incident, lim);
    add_cluster(set, snap);
    uint64_t subject = subject_store(req.incident.subject);
    size_t n = 0;
    for (const auto& s : snap.stores()) {  // the incident's store always, then by id up to the cap
        if (n >= lim.max_stores && s.id != subject) continue;
        std::string raw;
        Value d = store_data(s, lim.max_text, raw);
        set.add("pd_store", std::move(d), raw);
        ++n;
    }
    add_hot(set, snap, lim);
    const auto& bad = snap.unhealthy_regions();
    uint64_t subject_region_id = subject_region(req.incident.subject);
    if (subject_region_id && !set.find_subject("pd_region", "region_id", subject_region_id))
        if (auto r = snap.region(subject_region_id)) add_region(set, *r);
    for (size_t i = 0; i < bad.size() && i < lim.max_unhealthy_regions; ++i) add_region(set, snap.regions().at(bad[i]));
    return set;
}

}  // namespace medic::advisor
