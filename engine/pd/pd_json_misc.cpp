// engine/pd/pd_json_misc.cpp: hot spots, operators, config, members, scalar
// bodies and PD error bodies (pd_json.hpp).
#include <algorithm>

#include "pd/json_ctx.hpp"
#include "pd/pd_format.hpp"
#include "pd/pd_json.hpp"

namespace medic::pd {

using namespace detail;

namespace {

bool root_value(JsonCtx& c, od::document& doc, od::value& root, const char* expected = "object") {
    return get_root(c, doc, root, expected);
}

bool parse_hot_peer(JsonCtx& c, od::value& v, HotPeerStat& h) {
    return for_each_field(c, v, [&](std::string_view k, od::value& f) {
        PathGuard g(c, k);
        if (k == "store_id") return get_u64(c, f, h.store_id);
        if (k == "region_id") return get_u64(c, f, h.region_id);
        if (k == "is_leader") return get_bool(c, f, h.is_leader);
        if (k == "is_learner") return get_bool(c, f, h.is_learner);
        if (k == "hot_degree") return get_u64(c, f, h.hot_degree);
        if (k == "anti_count") return get_u64(c, f, h.anti_count);
        if (k == "flow_bytes") return get_double(c, f, h.flow_bytes);
        if (k == "flow_keys") return get_double(c, f, h.flow_keys);
        if (k == "flow_query") return get_double(c, f, h.flow_query);
        if (k == "stores") return get_u64_array(c, f, h.stores);
        return true;
    });
}

bool parse_hot_store(JsonCtx& c, od::value& v, HotStoreStat& s) {
    return for_each_field(c, v, [&](std::string_view k, od::value& f) {
        PathGuard g(c, k);
        if (k == "store_bytes") return get_double(c, f, s.store_bytes);
        if (k == "store_keys") return get_double(c, f, s.store_keys);
        if (k == "store_query") return get_double(c, f, s.store_query);
        if (k == "total_flow_bytes") return get_double(c, f, s.total_flow_bytes);
        if (k == "total_flow_keys") return get_double(c, f, s.total_flow_keys);
        if (k == "total_flow_query") return get_double(c, f, s.total_flow_query);
        if (k == "regions_count") return get_u64(c, f, s.regions_count);
        if (k == "statistics")
            return for_each_element(c, f, [&](size_t, od::value& e) {
                s.statistics.emplace_back();
                return parse_hot_peer(c, e, s.statistics.back());
            });
        return true;
    });
}

// {"<store id>": HotPeersStat | null, ...} sorted by store id.
bool parse_hot_map(JsonCtx& c, od::value& v, std::vector<HotStoreStat>& out) {
    if (is_null(v)) return true;
    bool ok = for_each_field(c, v, [&](std::string_view k, od::value& f) {
        PathGuard g(c, k);
        HotStoreStat s;
        if (!key_to_u64(c, k, s.store_id)) return false;
        if (is_null(f)) return true;  // ?store_id=N filter: a store without data
        if (!parse_hot_store(c, f, s)) return false;
        out.push_back(std::move(s));
        return true;
    });
    std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.store_id < b.store_id; });
    return ok;
}

bool parse_rate_map(JsonCtx& c, od::value& v, StoreRates& out) {
    if (is_null(v)) return true;
    bool ok = for_each_field(c, v, [&](std::string_view k, od::value& f) {
        PathGuard g(c, k);
        uint64_t id = 0;
        double rate = 0;
        if (!key_to_u64(c, k, id) || !get_double(c, f, rate)) return false;
        out.emplace_back(id, rate);
        return true;
    });
    std::sort(out.begin(), out.end());
    return ok;
}

bool parse_member(JsonCtx& c, od::value& v, PdMember& m) {
    return for_each_field(c, v, [&](std::string_view k, od::value& f) {
        PathGuard g(c, k);
        if (k == "name") return get_string(c, f, m.name);
        if (k == "member_id") return get_u64(c, f, m.member_id);
        if (k == "client_urls") return get_string_array(c, f, m.client_urls);
        if (k == "peer_urls") return get_string_array(c, f, m.peer_urls);
        if (k == "health") return get_bool(c, f, m.health);
        return true;
    });
}

bool parse_schedule_fields(JsonCtx& c, od::value& v, ScheduleConfig& s) {
    return for_each_field(c, v, [&](std::string_view k, od::value& f) {
        PathGuard g(c, k);
        if (k == "max-snapshot-count") return get_u64(c, f, s.max_snapshot_count);
        if (k == "max-pending-peer-count") return get_u64(c, f, s.max_pending_peer_count);
        if (k == "max-merge-region-size") return get_u64(c, f, s.max_merge_region_size);
        if (k == "max-merge-region-keys") return get_u64(c, f, s.max_merge_region_keys);
        if (k == "leader-schedule-limit") return get_u64(c, f, s.leader_schedule_limit);
        if (k == "region-schedule-limit") return get_u64(c, f, s.region_schedule_limit);
        if (k == "replica-schedule-limit") return get_u64(c, f, s.replica_schedule_limit);
        if (k == "merge-schedule-limit") return get_u64(c, f, s.merge_schedule_limit);
        if (k == "hot-region-schedule-limit") return get_u64(c, f, s.hot_region_schedule_limit);
        if (k == "max-store-down-time") return get_duration(c, f, s.max_store_down_time_s);
        if (k == "split-merge-interval") return get_duration(c, f, s.split_merge_interval_s);
        if (k == "patrol-region-interval") return get_duration(c, f, s.patrol_region_interval_s);
        if (k == "leader-schedule-policy") return get_string(c, f, s.leader_schedule_policy);
        if (k == "tolerant-size-ratio") return get_double(c, f, s.tolerant_size_ratio);
        if (k == "low-space-ratio") return get_double(c, f, s.low_space_ratio);
        if (k == "high-space-ratio") return get_double(c, f, s.high_space_ratio);
        if (k == "enable-remove-down-replica") return get_string_bool(c, f, s.enable_remove_down_replica);
        if (k == "enable-replace-offline-replica") return get_string_bool(c, f, s.enable_replace_offline_replica);
        if (k == "enable-make-up-replica") return get_string_bool(c, f, s.enable_make_up_replica);
        if (k == "enable-remove-extra-replica") return get_string_bool(c, f, s.enable_remove_extra_replica);
        return true;
    });
}

std::vector<std::string> split_labels(std::string_view s) {
    std::vector<std::string> out;
    while (!s.empty()) {
        size_t comma = s.find(',');
        std::string_view part = s.substr(0, comma);
        if (!part.empty()) out.emplace_back(part);
        if (comma == std::string_view::npos) break;
        s.remove_prefix(comma + 1);
    }
    return out;
}

}  // namespace

Result<HotRegions> parse_hot_regions(const std::string& body, HotKind kind, std::string_view endpoint) {
    HotRegions h;
    h.kind = kind;
    auto st = parse_document(endpoint, body, [&](JsonCtx& c, od::document& doc) {
        od::value root;
        if (!root_value(c, doc, root)) return false;
        return for_each_field(c, root, [&](std::string_view k, od::value& f) {
            PathGuard g(c, k);
            if (k == "as_peer") return parse_hot_map(c, f, h.as_peer);
            if (k == "as_leader") return parse_hot_map(c, f, h.as_leader);
            return true;
        });
    });
    if (!st) return st.error();
    return h;
}

Result<HotStores> parse_hot_stores(const std::string& body, std::string_view endpoint) {
    HotStores h;
    auto st = parse_document(endpoint, body, [&](JsonCtx& c, od::document& doc) {
        od::value root;
        if (!root_value(c, doc, root)) return false;
        return for_each_field(c, root, [&](std::string_view k, od::value& f) {
            PathGuard g(c, k);
            if (k == "bytes-write-rate") return parse_rate_map(c, f, h.bytes_write_rate);
            if (k == "bytes-read-rate") return parse_rate_map(c, f, h.bytes_read_rate);
            if (k == "keys-write-rate") return parse_rate_map(c, f, h.keys_write_rate);
            if (k == "keys-read-rate") return parse_rate_map(c, f, h.keys_read_rate);
            if (k == "query-write-rate") return parse_rate_map(c, f, h.query_write_rate);
            if (k == "query-read-rate") return parse_rate_map(c, f, h.query_read_rate);
            return true;
        });
    });
    if (!st) return st.error();
    return h;
}

Result<std::vector<OperatorInfo>> parse_operators(const std::string& body, std::string_view endpoint) {
    std::vector<OperatorInfo> out;
    auto st = parse_document(endpoint, body, [&](JsonCtx& c, od::document& doc) {
        od::value root;
        if (!root_value(c, doc, root, "array")) return false;
        return for_each_element(c, root, [&](size_t, od::value& e) {
            OperatorInfo op;
            bool has_region = false;
            bool ok = for_each_field(c, e, [&](std::string_view k, od::value& f) {
                PathGuard g(c, k);
                if (k == "desc") return get_string(c, f, op.desc);
                if (k == "brief") return get_string(c, f, op.brief);
                if (k == "region_id") return has_region = true, get_u64(c, f, op.region_id);
                if (k == "region_epoch")
                    return for_each_field(c, f, [&](std::string_view ek, od::value& ev) {
                        PathGuard g2(c, ek);
                        if (ek == "conf_ver") return get_u64(c, ev, op.conf_ver);
                        if (ek == "version") return get_u64(c, ev, op.version);
                        return true;
                    });
                if (k == "kind") return get_u64(c, f, op.kind);
                if (k == "timeout") {
                    const char* loc = location_of(f);
                    if (!get_string(c, f, op.timeout)) return false;
                    auto d = parse_go_duration(op.timeout);
                    if (!d) return c.fail("expected duration like \"1m0s\", got \"" + op.timeout + "\"", loc);
                    op.timeout_s = *d;
                    return true;
                }
                if (k == "status") {
                    uint64_t s = 0;
                    if (!get_u64(c, f, s)) return false;
                    if (s >= uint64_t(OpStatus::Count)) return c.fail("unknown operator status " + std::to_string(s), nullptr);
                    op.status = OpStatus(s);
                    return true;
                }
                return true;
            });
            if (!ok) return false;
            if (!has_region) return c.fail_missing("region_id");
            out.push_back(std::move(op));
            return true;
        });
    });
    if (!st) return st.error();
    return out;
}

Result<std::vector<std::string>> parse_string_list(const std::string& body, std::string_view endpoint) {
    std::vector<std::string> out;
    auto st = parse_document(endpoint, body, [&](JsonCtx& c, od::document& doc) {
        od::value root;
        if (!root_value(c, doc, root, "array")) return false;
        return get_string_array(c, root, out);
    });
    if (!st) return st.error();
    return out;
}

Result<std::string> parse_json_string(const std::string& body, std::string_view endpoint) {
    std::string out;
    auto st = parse_document(endpoint, body, [&](JsonCtx& c, od::document& doc) {
        std::string_view s;
        if (auto ec = doc.get_string().get(s)) {
            const char* loc = location_of(doc);
            return c.fail(std::string("expected a JSON string (") + simdjson::error_message(ec) + ")", loc);
        }
        out.assign(s);
        return true;
    });
    if (!st) return st.error();
    return out;
}

Result<ScheduleConfig> parse_schedule_config(const std::string& body, std::string_view endpoint) {
    ScheduleConfig s;
    auto st = parse_document(endpoint, body, [&](JsonCtx& c, od::document& doc) {
        od::value root;
        return root_value(c, doc, root) && parse_schedule_fields(c, root, s);
    });
    if (!st) return st.error();
    return s;
}

Result<ReplicationConfig> parse_replication_config(const std::string& body, std::string_view endpoint) {
    ReplicationConfig r;
    auto st = parse_document(endpoint, body, [&](JsonCtx& c, od::document& doc) {
        od::value root;
        if (!root_value(c, doc, root)) return false;
        return for_each_field(c, root, [&](std::string_view k, od::value& f) {
            PathGuard g(c, k);
            if (k == "max-replicas") return get_u64(c, f, r.max_replicas);
            if (k == "location-labels") {
                std::string_view s;
                if (!get_string_view(c, f, s)) return false;
                r.location_labels = split_labels(s);
                return true;
            }
            if (k == "strictly-match-label") return get_string_bool(c, f, r.strictly_match_label);
            if (k == "enable-placement-rules") return get_string_bool(c, f, r.enable_placement_rules);
            if (k == "isolation-level") return get_string(c, f, r.isolation_level);
            return true;
        });
    });
    if (!st) return st.error();
    return r;
}

Result<std::vector<PdMember>> parse_health(const std::string& body, std::string_view endpoint) {
    std::vector<PdMember> out;
    auto st = parse_document(endpoint, body, [&](JsonCtx& c, od::document& doc) {
        od::value root;
        if (!root_value(c, doc, root, "array")) return false;
        return for_each_element(c, root, [&](size_t, od::value& e) {
            PdMember m;
            m.health = false;  // absent health = not known healthy
            if (!parse_member(c, e, m)) return false;
            out.push_back(std::move(m));
            return true;
        });
    });
    if (!st) return st.error();
    return out;
}

Result<PdMember> parse_leader(const std::string& body, std::string_view endpoint) {
    PdMember m;
    auto st = parse_document(endpoint, body, [&](JsonCtx& c, od::document& doc) {
        od::value root;
        return root_value(c, doc, root) && parse_member(c, root, m);
    });
    if (!st) return st.error();
    return m;
}

Result<MembersInfo> parse_members(const std::string& body, std::string_view endpoint) {
    MembersInfo info;
    auto st = parse_document(endpoint, body, [&](JsonCtx& c, od::document& doc) {
        od::value root;
        if (!root_value(c, doc, root)) return false;
        return for_each_field(c, root, [&](std::string_view k, od::value& f) {
            PathGuard g(c, k);
            if (k == "members")
                return for_each_element(c, f, [&](size_t, od::value& e) {
                    info.members.emplace_back();
                    return parse_member(c, e, info.members.back());
                });
            if (k == "leader") {
                if (is_null(f)) return true;
                PdMember m;
                if (!parse_member(c, f, m)) return false;
                info.leader_name = m.name;
            }
            return true;
        });
    });
    if (!st) return st.error();
    return info;
}

Result<ClusterInfo> parse_cluster(const std::string& body, std::string_view endpoint) {
    ClusterInfo ci;
    auto st = parse_document(endpoint, body, [&](JsonCtx& c, od::document& doc) {
        od::value root;
        if (!root_value(c, doc, root)) return false;
        return for_each_field(c, root, [&](std::string_view k, od::value& f) {
            PathGuard g(c, k);
            if (k == "id") return get_u64(c, f, ci.id);
            if (k == "max_peer_count") return get_u64(c, f, ci.max_peer_count);
            return true;
        });
    });
    if (!st) return st.error();
    return ci;
}

std::string pd_error_message(const std::string& body) {
    std::string_view b = body;
    while (!b.empty() && (b.back() == '\n' || b.back() == '\r' || b.back() == ' ')) b.remove_suffix(1);
    while (!b.empty() && (b.front() == ' ' || b.front() == '\n')) b.remove_prefix(1);
    if (b.empty() || b == "null" || b == "{}") return {};
    if (b.front() == '"') {
        auto s = parse_json_string(body, "");
        if (s) return s.value();
    } else if (b.front() == '{') {
        // errcode object: {"code": "input", "msg": "...", "data": {...}}
        std::string code, msg;
        auto st = parse_document("", body, [&](JsonCtx& c, od::document& doc) {
            od::value root;
            if (!root_value(c, doc, root)) return false;
            return for_each_field(c, root, [&](std::string_view k, od::value& f) {
                if (k == "code") return get_string(c, f, code);
                if (k == "msg") return get_string(c, f, msg);
                return true;
            });
        });
        if (st && !msg.empty()) return code.empty() ? msg : code + ": " + msg;
    }
    std::string text(b.substr(0, 500));
    for (auto& ch : text)
        if (ch == '\n' || ch == '\r') ch = ' ';
    return text;
}

}  // namespace medic::pd
