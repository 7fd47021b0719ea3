// engine/pd/pd_json_store.cpp: StoreInfo / StoresInfo parsing (pd_json.hpp).
#include "pd/json_ctx.hpp"
#include "pd/pd_json.hpp"

namespace medic::pd {

using namespace detail;

namespace {

bool parse_labels(JsonCtx& c, od::value& v, std::vector<StoreLabel>& out) {
    out.clear();
    return for_each_element(c, v, [&](size_t, od::value& e) {
        StoreLabel l;
        bool ok = for_each_field(c, e, [&](std::string_view k, od::value& f) {
            PathGuard g(c, k);
            if (k == "key") return get_string(c, f, l.key);
            if (k == "value") return get_string(c, f, l.value);
            return true;
        });
        if (ok) out.push_back(std::move(l));
        return ok;
    });
}

bool parse_state_name(JsonCtx& c, od::value& v, StoreStateName& out) {
    const char* loc = location_of(v);
    std::string_view s;
    if (!get_string_view(c, v, s)) return false;
    for (size_t i = 0; i < size_t(StoreStateName::Count); ++i)
        if (s == kStoreStateNameWire[i]) {
            out = StoreStateName(i);
            return true;
        }
    return c.fail("unknown state_name \"" + std::string(s) + "\"", loc);
}

template <class E>
bool parse_enum_int(JsonCtx& c, od::value& v, E& out, const char* what) {
    const char* loc = location_of(v);
    uint64_t x = 0;
    if (!get_u64(c, v, x)) return false;
    if (x >= uint64_t(E::Count)) return c.fail(std::string("unknown ") + what + " " + std::to_string(x), loc);
    out = E(x);
    return true;
}

bool parse_meta_store(JsonCtx& c, od::value& v, Store& s, bool& has_id, bool& has_state_name) {
    return for_each_field(c, v, [&](std::string_view k, od::value& f) {
        PathGuard g(c, k);
        if (k == "id") return has_id = true, get_u64(c, f, s.id);
        if (k == "address") return get_string(c, f, s.address);
        if (k == "state") return parse_enum_int(c, f, s.state, "store state");
        if (k == "labels") return parse_labels(c, f, s.labels);
        if (k == "version") return get_string(c, f, s.version);
        if (k == "peer_address") return get_string(c, f, s.peer_address);
        if (k == "status_address") return get_string(c, f, s.status_address);
        if (k == "git_hash") return get_string(c, f, s.git_hash);
        if (k == "deploy_path") return get_string(c, f, s.deploy_path);
        if (k == "start_timestamp") return get_i64(c, f, s.start_timestamp);
        if (k == "last_heartbeat") return get_i64(c, f, s.last_heartbeat_ns);
        if (k == "physically_destroyed") return get_bool(c, f, s.physically_destroyed);
        if (k == "node_state") return parse_enum_int(c, f, s.node_state, "node_state");
        if (k == "state_name") return has_state_name = true, parse_state_name(c, f, s.state_name);
        return true;
    });
}

bool get_gauge(JsonCtx& c, od::value& v, uint64_t& out) {
    int64_t x = 0;
    if (!get_i64(c, v, x)) return false;
    out = x < 0 ? 0 : uint64_t(x);
    return true;
}

bool parse_store_status(JsonCtx& c, od::value& v, Store& s) {
    return for_each_field(c, v, [&](std::string_view k, od::value& f) {
        PathGuard g(c, k);
        if (k == "capacity") return get_byte_size(c, f, s.capacity_bytes);
        if (k == "available") return get_byte_size(c, f, s.available_bytes);
        if (k == "used_size") return get_byte_size(c, f, s.used_bytes);
        if (k == "leader_count") return get_u64(c, f, s.leader_count);
        if (k == "leader_weight") return get_double(c, f, s.leader_weight);
        if (k == "leader_score") return get_double(c, f, s.leader_score);
        if (k == "leader_size") return get_i64(c, f, s.leader_size_mib);
        if (k == "region_count") return get_u64(c, f, s.region_count);
        if (k == "region_weight") return get_double(c, f, s.region_weight);
        if (k == "region_score") return get_double(c, f, s.region_score);
        if (k == "region_size") return get_i64(c, f, s.region_size_mib);
        if (k == "learner_count") return get_u64(c, f, s.learner_count);
        if (k == "witness_count") return get_u64(c, f, s.witness_count);
        if (k == "pending_peer_count") return get_u64(c, f, s.pending_peer_count);
        if (k == "slow_score") return get_u64(c, f, s.slow_score);
        // Informational gauges: a negative value (seen from simulators) is
        // clamped to 0 rather than failing the whole /stores read, which
        // would blind the monitor to every store.
        if (k == "sending_snap_count") return get_gauge(c, f, s.sending_snap_count);
        if (k == "receiving_snap_count") return get_gauge(c, f, s.receiving_snap_count);
        if (k == "is_busy") return get_bool(c, f, s.is_busy);
        if (k == "start_ts") return get_string(c, f, s.start_ts);
        if (k == "last_heartbeat_ts") return get_string(c, f, s.last_heartbeat_ts);
        if (k == "uptime") return get_duration(c, f, s.uptime_s);
        if (k == "pause_leader_transfer_in") return get_bool(c, f, s.pause_leader_transfer_in);
        if (k == "pause_leader_transfer_out") return get_bool(c, f, s.pause_leader_transfer_out);
        return true;
    });
}

bool parse_store_info(JsonCtx& c, od::value& v, Store& s) {
    bool has_store = false, has_id = false, has_state_name = false;
    bool ok = for_each_field(c, v, [&](std::string_view k, od::value& f) {
        PathGuard g(c, k);
        if (k == "store") return has_store = true, parse_meta_store(c, f, s, has_id, has_state_name);
        if (k == "status") return parse_store_status(c, f, s);
        return true;
    });
    if (!ok) return false;
    if (!has_store) return c.fail_missing("store");
    PathGuard g(c, "store");
    if (!has_id || s.id == 0) return c.fail_missing("id");
    if (!has_state_name) {
        // Before state_name existed the meta state is all we have.
        s.state_name = s.state == StoreState::Offline     ? StoreStateName::Offline
                       : s.state == StoreState::Tombstone ? StoreStateName::Tombstone
                                                          : StoreStateName::Up;
    }
    return true;
}

}  // namespace

Result<std::vector<Store>> parse_stores(const std::string& body, std::string_view endpoint) {
    std::vector<Store> out;
    auto st = parse_document(endpoint, body, [&](JsonCtx& c, od::document& doc) {
        od::value root;
        if (!get_root(c, doc, root, "object")) return false;
        bool has_stores = false;
        return for_each_field(c, root, [&](std::string_view k, od::value& f) {
                   if (k != "stores") return true;
                   has_stores = true;
                   PathGuard g(c, k);
                   return for_each_element(c, f, [&](size_t, od::value& e) {
                       Store s;
                       if (!parse_store_info(c, e, s)) return false;
                       out.push_back(std::move(s));
                       return true;
                   });
               }) &&
               (has_stores || c.fail_missing("stores"));
    });
    if (!st) return st.error();
    return out;
}

Result<Store> parse_store(const std::string& body, std::string_view endpoint) {
    Store s;
    auto st = parse_document(endpoint, body, [&](JsonCtx& c, od::document& doc) {
        od::value root;
        if (!get_root(c, doc, root, "object")) return false;
        return parse_store_info(c, root, s);
    });
    if (!st) return st.error();
    return s;
}

}  // namespace medic::pd
