// bindings/api/cluster_api.cpp: THE declaration of the `cluster` module:
// read-only queries over the latest ClusterSnapshot. Results are plain
// tables (copies), so a runbook can keep and change them without touching
// the engine; a lookup that finds nothing returns nil (STYLE 3.4 "absence").
// config() reads PD's replication and schedule config from the snapshot;
// operators() and has_operator() ask PD now, through the host's
// ClusterLiveReads (cluster_api.hpp), because operators come and go between
// snapshots and a runbook must not act on a region PD is already changing.
#include <algorithm>
#include <cstdio>

#include "bindings/api/cluster_api.hpp"
#include "bindings/api/domains.hpp"
#include "bindings/api/modules.hpp"
#include "bindings/lua/services.hpp"
#include "model/cluster_snapshot.hpp"

namespace medic::api {
namespace {

using namespace domain;

std::shared_ptr<const model::ClusterSnapshot> snapshot(Call& c) {
    auto snap = c.run.services ? c.run.services->snapshot() : nullptr;
    if (!snap) throw HostError{ErrorCode::E_NO_SNAPSHOT, "no cluster snapshot is available (is PD reachable?)"};
    return snap;
}

std::string hex(std::string_view raw) {
    std::string out;
    out.reserve(raw.size() * 2);
    for (unsigned char ch : raw) {
        char b[3];
        std::snprintf(b, sizeof b, "%02x", ch);
        out += b;
    }
    return out;
}

Value int_value(uint64_t v) { return Value::integer(int64_t(v)); }

Value store_value(const pd::Store& s) {
    Value v = Value::map();
    v.set("id", int_value(s.id));
    v.set("address", Value::string(s.address));
    v.set("state", Value::string(pd::state_name(s.state_name)));
    v.set("version", Value::string(s.version));
    Value labels = Value::map();
    for (const auto& l : s.labels) labels.set(l.key, Value::string(l.value));
    v.set("labels", labels);
    v.set("capacity_bytes", int_value(s.capacity_bytes));
    v.set("available_bytes", int_value(s.available_bytes));
    v.set("used_bytes", int_value(s.used_bytes));
    v.set("leader_count", int_value(s.leader_count));
    v.set("region_count", int_value(s.region_count));
    v.set("leader_weight", Value::number(s.leader_weight));
    v.set("region_weight", Value::number(s.region_weight));
    v.set("leader_score", Value::number(s.leader_score));
    v.set("region_score", Value::number(s.region_score));
    v.set("slow_score", int_value(s.slow_score));
    v.set("pending_peer_count", int_value(s.pending_peer_count));
    v.set("is_busy", Value::boolean(s.is_busy));
    v.set("last_heartbeat_s", Value::number(double(s.last_heartbeat_ns) / 1e9));
    return v;
}

Value region_value(const model::RegionRef& r) {
    Value v = Value::map();
    v.set("id", int_value(r.id()));
    v.set("start_key", Value::string(hex(r.start_key())));
    v.set("end_key", Value::string(hex(r.end_key())));
    v.set("conf_ver", int_value(r.conf_ver()));
    v.set("version", int_value(r.version()));
    v.set("leader_store", int_value(r.leader_store_id()));
    Value peers = Value::array();
    for (size_t i = 0; i < r.peer_count(); i++) {
        pd::Peer p = r.peer(i);
        Value pv = Value::map();
        pv.set("id", int_value(p.id));
        pv.set("store", int_value(p.store_id));
        pv.set("role", Value::string(pd::role_name(p.role)));
        peers.push(pv);
    }
    v.set("peers", peers);
    Value flags = Value::array();
    for (size_t bit = 0; bit < std::size(model::kRegionFlagNames); bit++)
        if (r.flags() & (1u << bit)) flags.push(Value::string(model::kRegionFlagNames[bit]));
    v.set("flags", flags);
    v.set("size_mib", int_value(r.approximate_size_mib()));
    v.set("keys", int_value(r.approximate_keys()));
    v.set("written_bytes", int_value(r.written_bytes()));
    v.set("read_bytes", int_value(r.read_bytes()));
    return v;
}

/// Stores the monitor has an open store_* or disk_full incident about
/// (subject "store:<id>"): PD may still call them Up (it notices a dead
/// store after 20 s or more), but they must not receive data or leaders.
std::vector<uint64_t> troubled_ids(Call& c) {
    std::vector<uint64_t> out;
    Value open = c.run.services ? c.run.services->incidents() : Value::array();
    if (open.kind != Value::Kind::Array) return out;
    for (const auto& i : *open.a) {
        const Value* kind = i.get("kind");
        const Value* subject = i.get("subject");
        if (!kind || !subject || kind->kind != Value::Kind::String || subject->kind != Value::Kind::String) continue;
        std::string_view k = kind->s, sub = subject->s;
        if (!(k.rfind("store_", 0) == 0 || k == "disk_full") || sub.rfind("store:", 0) != 0) continue;
        uint64_t id = 0;
        size_t digits = 0;
        for (char ch : sub.substr(6)) {
            if (ch < '0' || ch > '9' || ++digits > 18) { digits = 0; break; }
            id = id * 10 + uint64_t(ch - '0');
        }
        if (digits > 0 && id > 0 && std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
    }
    std::sort(out.begin(), out.end());
    return out;
}

inline constexpr Domain kStoreState{"a store state", LuaType::String, Check::OneOf, 0, 0, pd::kStoreStateNameNames};
inline constexpr ParamSpec kStoresParams[] = {
    {"state", &kStoreState, false, nullptr, "only stores in this state (PD's state_name, lower case)"},
    {"troubled", &kFlag, false, nullptr,
     "false: leave out stores with an open store_* or disk_full incident; true: only those"},
};

Value stores(Call& c, const Args& a) {
    auto snap = snapshot(c);
    bool by_state = a.has("state"), by_trouble = a.has("troubled");
    std::vector<uint64_t> troubled = by_trouble ? troubled_ids(c) : std::vector<uint64_t>{};
    Value out = Value::array();
    for (const auto& s : snap->stores()) {
        if (by_state && a["state"].s != pd::state_name(s.state_name)) continue;
        bool t = std::binary_search(troubled.begin(), troubled.end(), s.id);
        if (by_trouble && t != a["troubled"].b) continue;
        out.push(store_value(s));
    }
    return out;
}

Value troubled_stores(Call& c, const Args&) {
    Value out = Value::array();
    for (uint64_t id : troubled_ids(c)) out.push(int_value(id));
    return out;
}

inline constexpr ParamSpec kStoreParams[] = {{"id", &kStoreId, true, nullptr, "the store id"}};

Value store(Call& c, const Args& a) {
    auto snap = snapshot(c);
    const pd::Store* s = snap->store(uint64_t(a["id"].i));
    return s ? store_value(*s) : Value{};
}

inline constexpr ParamSpec kRegionsParams[] = {
    {"store", &kStoreId, false, nullptr, "only regions with a peer on this store"},
    {"leader_store", &kStoreId, false, nullptr, "only regions led by this store"},
    {"unhealthy", &kFlag, false, "false", "only regions with down/pending/missing/extra peers or no leader"},
    {"limit", &kLimit, false, "1000", "at most this many regions (in table order)"},
};

Value regions(Call& c, const Args& a) {
    auto snap = snapshot(c);
    const auto& table = snap->regions();
    uint64_t store = a.has("store") ? uint64_t(a["store"].i) : 0;
    uint64_t leader = a.has("leader_store") ? uint64_t(a["leader_store"].i) : 0;
    bool unhealthy = a["unhealthy"].b;
    size_t limit = size_t(a["limit"].i);
    Value out = Value::array();
    auto consider = [&](const model::RegionRef& r) {
        if (store && !r.has_peer_on(store)) return;
        if (leader && r.leader_store_id() != leader) return;
        if (unhealthy && !(r.flags() & model::kRegionUnhealthyMask)) return;
        out.push(region_value(r));
    };
    if (unhealthy) {
        for (uint32_t row : table.unhealthy_rows()) {
            if (out.a->size() >= limit) break;
            consider(table.at(row));
        }
        return out;
    }
    for (size_t row = 0; row < table.size() && out.a->size() < limit; row++) consider(table.at(row));
    return out;
}

inline constexpr ParamSpec kRegionParams[] = {{"id", &kRegionId, true, nullptr, "the region id"}};

Value region(Call& c, const Args& a) {
    auto snap = snapshot(c);
    auto r = snap->region(uint64_t(a["id"].i));
    return r ? region_value(*r) : Value{};
}

inline constexpr const char* kHotKinds[] = {"write", "read"};
inline constexpr Domain kHotKind{"a hot-spot kind", LuaType::String, Check::OneOf, 0, 0, kHotKinds};
inline constexpr ParamSpec kHotParams[] = {
    {"kind", &kHotKind, false, "\"write\"", "write or read hot spots"},
    {"limit", &kLimit, false, "100", "at most this many"},
};

Value hot_regions(Call& c, const Args& a) {
    auto snap = snapshot(c);
    pd::HotKind kind = a["kind"].s == "read" ? pd::HotKind::Read : pd::HotKind::Write;
    Value out = Value::array();
    for (const auto& h : snap->hot_regions(kind)) {
        if (out.a->size() >= size_t(a["limit"].i)) break;
        Value v = Value::map();
        v.set("region", int_value(h.region_id));
        v.set("store", int_value(h.store_id));
        v.set("kind", Value::string(pd::kHotKindNames[size_t(h.kind)]));
        v.set("hot_degree", int_value(h.hot_degree));
        v.set("flow_bytes", Value::number(h.flow_bytes));
        v.set("flow_keys", Value::number(h.flow_keys));
        out.push(v);
    }
    return out;
}

Value incidents(Call& c, const Args&) {
    return c.run.services ? c.run.services->incidents() : Value::array();
}

Value taken_at(Call& c, const Args&) { return Value::number(double(snapshot(c)->taken_at_ms()) / 1000.0); }

Value config(Call& c, const Args&) {
    auto snap = snapshot(c);
    const pd::ReplicationConfig& rep = snap->replication();
    const pd::ScheduleConfig& sc = snap->schedule();
    Value v = Value::map();
    v.set("max_replicas", int_value(rep.max_replicas));
    Value labels = Value::array();
    for (const auto& l : rep.location_labels) labels.push(Value::string(l));
    v.set("location_labels", labels);
    v.set("strictly_match_label", Value::boolean(rep.strictly_match_label));
    v.set("enable_placement_rules", Value::boolean(rep.enable_placement_rules));
    v.set("isolation_level", Value::string(rep.isolation_level));
    v.set("leader_schedule_limit", int_value(sc.leader_schedule_limit));
    v.set("region_schedule_limit", int_value(sc.region_schedule_limit));
    v.set("replica_schedule_limit", int_value(sc.replica_schedule_limit));
    v.set("merge_schedule_limit", int_value(sc.merge_schedule_limit));
    v.set("hot_region_schedule_limit", int_value(sc.hot_region_schedule_limit));
    v.set("max_snapshot_count", int_value(sc.max_snapshot_count));
    v.set("max_pending_peer_count", int_value(sc.max_pending_peer_count));
    v.set("max_store_down_time_s", Value::number(sc.max_store_down_time_s));
    v.set("leader_schedule_policy", Value::string(sc.leader_schedule_policy));
    v.set("low_space_ratio", Value::number(sc.low_space_ratio));
    v.set("high_space_ratio", Value::number(sc.high_space_ratio));
    v.set("enable_remove_down_replica", Value::boolean(sc.enable_remove_down_replica));
    v.set("enable_replace_offline_replica", Value::boolean(sc.enable_replace_offline_replica));
    v.set("enable_make_up_replica", Value::boolean(sc.enable_make_up_replica));
    v.set("enable_remove_extra_replica", Value::boolean(sc.enable_remove_extra_replica));
    return v;
}

std::vector<pd::OperatorInfo> live_operators(Call& c) {
    auto* live = dynamic_cast<ClusterLiveReads*>(c.run.services);
    if (live == nullptr)
        throw HostError{ErrorCode::E_MODE, "PD's operators cannot be read in this host (no PD connection)"};
    return live->pd_operators();
}

/// Operators that still hold their region (not finished, cancelled, replaced or timed out).
bool in_flight(const pd::OperatorInfo& op) {
    return op.status == pd::OpStatus::Created || op.status == pd::OpStatus::Started;
}

inline constexpr ParamSpec kOperatorsParams[] = {
    {"region", &kRegionId, false, nullptr, "only the operator on this region"},
};

Value operators(Call& c, const Args& a) {
    uint64_t region = a.has("region") ? uint64_t(a["region"].i) : 0;
    Value out = Value::array();
    for (const auto& op : live_operators(c)) {
        if (!in_flight(op) || (region && op.region_id != region)) continue;
        Value v = Value::map();
        v.set("region", int_value(op.region_id));
        v.set("desc", Value::string(op.desc));
        v.set("brief", Value::string(op.brief));
        v.set("kind", int_value(op.kind));
        v.set("status", Value::string(pd::op_status_name(op.status)));
        v.set("timeout_s", Value::number(op.timeout_s));
        out.push(v);
    }
    return out;
}

Value has_operator(Call& c, const Args& a) {
    uint64_t region = uint64_t(a["region"].i);
    for (const auto& op : live_operators(c))
        if (in_flight(op) && op.region_id == region) return Value::boolean(true);
    return Value::boolean(false);
}

inline constexpr ParamSpec kHasOperatorParams[] = {{"region", &kRegionId, true, nullptr, "the region id"}};

inline constexpr ApiFn kClusterApi[] = {
    {.module = "cluster", .name = "stores", .params = kStoresParams, .named_args = true, .returns = "cluster.Store[]",
     .doc = "The stores of the latest snapshot, sorted by id; every filter given must match (no table: all stores). "
            "`cluster.stores{ state = \"up\", troubled = false }` are the stores that may receive data or leaders.",
     .example = "for _, s in ipairs(cluster.stores()) do\n  if s.state ~= \"up\" then log.warn(\"store not up\", { store = s.id }) end\nend\n"
                "local targets = cluster.stores{ state = \"up\", troubled = false }",
     .impl = stores},
    {.module = "cluster", .name = "troubled_stores", .params = {}, .returns = "table<integer, true>",
     .returns_doc = "store id -> true",
     .doc = "Stores the monitor has an open store_* or disk_full incident about, as a set: PD may still call "
            "them up (it notices a dead store after 20 s or more), but they must not receive data or leaders. "
            "Empty when no monitor runs in this process.",
     .example = "local troubled = cluster.troubled_stores()\nif troubled[r.leader_store] then log.info(\"skip\", { region = r.id }) end",
     .impl = troubled_stores, .returns_set = true},
    {.module = "cluster", .name = "store", .params = kStoreParams, .returns = "cluster.Store?",
     .returns_doc = "nil when there is no such store", .doc = "One store by id.",
     .example = "local s = cluster.store(4)\nif s == nil then error(\"no store 4\") end", .impl = store},
    {.module = "cluster", .name = "regions", .params = kRegionsParams, .named_args = true,
     .returns = "cluster.Region[]", .doc = "Regions matching every given filter, in table order, at most `limit`.",
     .example = "local led = cluster.regions{ leader_store = 4, limit = 100 }", .impl = regions},
    {.module = "cluster", .name = "region", .params = kRegionParams, .returns = "cluster.Region?",
     .returns_doc = "nil when there is no such region", .doc = "One region by id.",
     .example = "local r = cluster.region(12)", .impl = region},
    {.module = "cluster", .name = "hot_regions", .params = kHotParams, .named_args = true,
     .returns = "cluster.HotRegion[]", .doc = "The hottest regions (leader side) by flow, hottest first.",
     .example = "local hot = cluster.hot_regions{ kind = \"write\", limit = 10 }", .impl = hot_regions},
    {.module = "cluster", .name = "config", .params = {}, .returns = "cluster.Config",
     .doc = "PD's replication and schedule config (GET /config/replicate and /config/schedule) as of the snapshot.",
     .example = "local cfg = cluster.config()\nsafety.require(#cluster.stores() > cfg.max_replicas, \"too few stores\")",
     .impl = config},
    {.module = "cluster", .name = "operators", .params = kOperatorsParams, .returns = "cluster.Operator[]",
     .doc = "The operators PD is running or about to run now (asked from PD at the call, not the snapshot).",
     .example = "for _, op in ipairs(cluster.operators()) do log.info(op.desc, { region = op.region }) end\n"
                "local on_12 = cluster.operators(12)",
     .impl = operators},
    {.module = "cluster", .name = "has_operator", .params = kHasOperatorParams, .returns = "boolean",
     .doc = "Whether PD runs an operator on the region now; PD refuses a second one, so skip or wait for it.",
     .example = "if not cluster.has_operator(r.id) then actions.transfer_leader{ region = r.id, to_store = 2 } end",
     .impl = has_operator},
    {.module = "cluster", .name = "incidents", .params = {}, .returns = "cluster.Incident[]",
     .doc = "Incidents the engine's monitor has open (empty when no monitor runs in this process).",
     .example = "for _, i in ipairs(cluster.incidents()) do log.info(i.kind) end", .impl = incidents},
    {.module = "cluster", .name = "taken_at", .params = {}, .returns = "number",
     .returns_doc = "Unix seconds", .doc = "When the snapshot the queries read was taken.",
     .example = "log.info(\"snapshot\", { at = cluster.taken_at() })", .impl = taken_at},
};

inline constexpr FieldSpec kStoreFields[] = {
    {"id", "integer", "store id"},
    {"address", "string", "TiKV address"},
    {"state", "\"up\"|\"disconnected\"|\"down\"|\"offline\"|\"tombstone\"", "PD's state_name"},
    {"version", "string", "TiKV version"},
    {"labels", "table<string, string>", "store labels"},
    {"capacity_bytes", "integer", ""},
    {"available_bytes", "integer", ""},
    {"used_bytes", "integer", ""},
    {"leader_count", "integer", ""},
    {"region_count", "integer", ""},
    {"leader_weight", "number", ""},
    {"region_weight", "number", ""},
    {"leader_score", "number", ""},
    {"region_score", "number", ""},
    {"slow_score", "integer", ""},
    {"pending_peer_count", "integer", ""},
    {"is_busy", "boolean", ""},
    {"last_heartbeat_s", "number", "Unix seconds of the last heartbeat"},
};
inline constexpr FieldSpec kPeerFields[] = {
    {"id", "integer", "peer id"},
    {"store", "integer", "store id"},
    {"role", "\"voter\"|\"learner\"|\"incoming_voter\"|\"demoting_voter\"", ""},
};
inline constexpr FieldSpec kRegionFields[] = {
    {"id", "integer", "region id"},
    {"start_key", "string", "hex; \"\" = unbounded"},
    {"end_key", "string", "hex; \"\" = unbounded"},
    {"conf_ver", "integer", ""},
    {"version", "integer", ""},
    {"leader_store", "integer", "0 when no leader is known"},
    {"peers", "cluster.Peer[]", ""},
    {"flags", "string[]", "down_peer, pending_peer, miss_peer, extra_peer, no_leader"},
    {"size_mib", "integer", "approximate size"},
    {"keys", "integer", "approximate keys"},
    {"written_bytes", "integer", ""},
    {"read_bytes", "integer", ""},
};
inline constexpr FieldSpec kHotFields[] = {
    {"region", "integer", ""}, {"store", "integer", "leader's store"}, {"kind", "\"write\"|\"read\"", ""},
    {"hot_degree", "integer", ""}, {"flow_bytes", "number", "bytes/s"}, {"flow_keys", "number", "keys/s"},
};
inline constexpr FieldSpec kIncidentFields[] = {
    {"id", "integer", ""}, {"kind", "string", "e.g. store_down"}, {"subject", "string", "what it is about"},
    {"severity", "string", ""}, {"summary", "string", ""}, {"opened_at", "number", "Unix seconds"},
};
inline constexpr FieldSpec kConfigFields[] = {
    {"max_replicas", "integer", "replicas per region"},
    {"location_labels", "string[]", "topology labels replicas are spread over"},
    {"strictly_match_label", "boolean", ""},
    {"enable_placement_rules", "boolean", ""},
    {"isolation_level", "string", ""},
    {"leader_schedule_limit", "integer", "leader operators PD runs at once"},
    {"region_schedule_limit", "integer", "region operators PD runs at once"},
    {"replica_schedule_limit", "integer", "replica operators PD runs at once"},
    {"merge_schedule_limit", "integer", ""},
    {"hot_region_schedule_limit", "integer", ""},
    {"max_snapshot_count", "integer", ""},
    {"max_pending_peer_count", "integer", ""},
    {"max_store_down_time_s", "number", "after this long without heartbeats a store is Down"},
    {"leader_schedule_policy", "string", "count or size"},
    {"low_space_ratio", "number", "used ratio above which a store takes no new regions"},
    {"high_space_ratio", "number", ""},
    {"enable_remove_down_replica", "boolean", ""},
    {"enable_replace_offline_replica", "boolean", ""},
    {"enable_make_up_replica", "boolean", ""},
    {"enable_remove_extra_replica", "boolean", ""},
};
inline constexpr FieldSpec kOperatorFields[] = {
    {"region", "integer", "the region it changes"},
    {"desc", "string", "who made it, e.g. balance-leader-scheduler, admin-transfer-leader"},
    {"brief", "string", "what it does, e.g. transfer leader: store 1 to 4"},
    {"kind", "integer", "PD's OpKind bit set"},
    {"status", "\"created\"|\"started\"", ""},
    {"timeout_s", "number", "PD cancels it after this long"},
};
inline constexpr ClassSpec kClusterClasses[] = {
    {"cluster.Store", "A store as of the snapshot.", kStoreFields},
    {"cluster.Peer", "One replica of a region.", kPeerFields},
    {"cluster.Region", "A region as of the last region scan.", kRegionFields},
    {"cluster.HotRegion", "A hot region (leader side).", kHotFields},
    {"cluster.Incident", "An open incident.", kIncidentFields},
    {"cluster.Config", "PD's replication and schedule config.", kConfigFields},
    {"cluster.Operator", "An operator PD is running.", kOperatorFields},
};

}  // namespace

const ModuleSpec kClusterModule{"cluster", "Read-only queries over the latest cluster snapshot (plain data).",
                                kClusterApi, kClusterClasses};

}  // namespace medic::api
