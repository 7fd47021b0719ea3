// engine/pd/pd_json_region.cpp: RegionInfo / RegionsInfo parsing (pd_json.hpp).
// This is the hot path of a /regions scan (a million regions): one reused
// Region object, keys decoded straight into it, no per-field allocation.
#include "pd/json_ctx.hpp"
#include "pd/pd_json.hpp"

namespace medic::pd {

using namespace detail;

namespace {

bool parse_role_name(JsonCtx& c, od::value& v, PeerRole& out, bool& known) {
    std::string_view s;
    if (!get_string_view(c, v, s)) return false;
    known = true;
    if (s == "Voter") out = PeerRole::Voter;
    else if (s == "Learner") out = PeerRole::Learner;
    else if (s == "IncomingVoter") out = PeerRole::IncomingVoter;
    else if (s == "DemotingVoter") out = PeerRole::DemotingVoter;
    else known = false;  // "" for an unknown leader; future names fall back to `role`
    return true;
}

// A Peer in any of PD's key orders. `required`: peers/pending_peers entries
// must name a peer; the leader of a leaderless region is {"role_name":""}.
bool parse_peer(JsonCtx& c, od::value& v, Peer& p, bool required) {
    p = Peer{};
    bool has_role = false, name_known = false, is_learner = false;
    PeerRole from_name = PeerRole::Voter;
    const char* loc = location_of(v);
    bool ok = for_each_field(c, v, [&](std::string_view k, od::value& f) {
        PathGuard g(c, k);
        if (k == "id") return get_u64(c, f, p.id);
        if (k == "store_id") return get_u64(c, f, p.store_id);
        if (k == "role") {
            uint64_t r = 0;
            const char* rl = location_of(f);
            if (!get_u64(c, f, r)) return false;
            if (r >= uint64_t(PeerRole::Count)) return c.fail("unknown peer role " + std::to_string(r), rl);
            p.role = PeerRole(r);
            return has_role = true;
        }
        if (k == "role_name") return parse_role_name(c, f, from_name, name_known);
        if (k == "is_learner") return get_bool(c, f, is_learner);
        if (k == "is_witness") return get_bool(c, f, p.is_witness);
        return true;
    });
    if (!ok) return false;
    if (!has_role) p.role = name_known ? from_name : (is_learner ? PeerRole::Learner : PeerRole::Voter);
    if (required && (p.id == 0 || p.store_id == 0))
        return c.fail(p.id == 0 ? "peer without id" : "peer without store_id", loc);
    return true;
}

bool parse_peer_list(JsonCtx& c, od::value& v, std::vector<Peer>& out) {
    return for_each_element(c, v, [&](size_t, od::value& e) {
        out.emplace_back();
        return parse_peer(c, e, out.back(), true);
    });
}

bool parse_down_peers(JsonCtx& c, od::value& v, std::vector<DownPeer>& out) {
    return for_each_element(c, v, [&](size_t, od::value& e) {
        out.emplace_back();
        DownPeer& d = out.back();
        bool has_peer = false;
        bool ok = for_each_field(c, e, [&](std::string_view k, od::value& f) {
            PathGuard g(c, k);
            if (k == "peer") return has_peer = true, parse_peer(c, f, d.peer, true);
            if (k == "down_seconds") return get_u64(c, f, d.down_seconds);
            return true;
        });
        return ok && (has_peer || c.fail_missing("peer"));
    });
}

bool parse_epoch(JsonCtx& c, od::value& v, uint64_t& conf_ver, uint64_t& version) {
    return for_each_field(c, v, [&](std::string_view k, od::value& f) {
        PathGuard g(c, k);
        if (k == "conf_ver") return get_u64(c, f, conf_ver);
        if (k == "version") return get_u64(c, f, version);
        return true;
    });
}

enum : unsigned { kHasId = 1, kHasStart = 2, kHasEnd = 4, kHasLeader = 8 };

bool parse_region_fields(JsonCtx& c, od::value& v, Region& r) {
    r.clear();
    unsigned seen = 0;
    bool ok = for_each_field(c, v, [&](std::string_view k, od::value& f) {
        PathGuard g(c, k);
        if (k == "id") return seen |= kHasId, get_u64(c, f, r.id);
        if (k == "start_key") return seen |= kHasStart, get_hex_key(c, f, r.start_key);
        if (k == "end_key") return seen |= kHasEnd, get_hex_key(c, f, r.end_key);
        if (k == "epoch") return parse_epoch(c, f, r.conf_ver, r.version);
        if (k == "peers") return parse_peer_list(c, f, r.peers);
        if (k == "leader") return seen |= kHasLeader, parse_peer(c, f, r.leader, false);
        if (k == "down_peers") return parse_down_peers(c, f, r.down_peers);
        if (k == "pending_peers") return parse_peer_list(c, f, r.pending_peers);
        if (k == "cpu_usage") return get_u64(c, f, r.cpu_usage);
        if (k == "written_bytes") return get_u64(c, f, r.written_bytes);
        if (k == "read_bytes") return get_u64(c, f, r.read_bytes);
        if (k == "written_keys") return get_u64(c, f, r.written_keys);
        if (k == "read_keys") return get_u64(c, f, r.read_keys);
        if (k == "approximate_size") return get_i64(c, f, r.approximate_size_mib);
        if (k == "approximate_keys") return get_i64(c, f, r.approximate_keys);
        if (k == "approximate_kv_size") return get_i64(c, f, r.approximate_kv_size_mib);
        return true;
    });
    if (!ok) return false;
    if (!(seen & kHasId)) return c.fail_missing("id");
    if (r.id == 0) return true;  // PD's empty placeholder region; callers skip it
    if (!(seen & kHasStart)) return c.fail_missing("start_key");
    if (!(seen & kHasEnd)) return c.fail_missing("end_key");
    // Old PDs omit a leader-less region's leader; treat it as no leader.
    return true;
}

// Iterate a RegionsInfo object's "regions" array.
bool parse_regions_info(JsonCtx& c, od::document& doc, Region& scratch,
                        const std::function<void(const Region&)>& sink, uint64_t& seen) {
    od::value root;
    if (!get_root(c, doc, root, "object")) return false;
    bool has_regions = false;
    bool ok = for_each_field(c, root, [&](std::string_view k, od::value& f) {
        if (k != "regions") return true;
        has_regions = true;
        PathGuard g(c, k);
        return for_each_element(c, f, [&](size_t, od::value& e) {
            if (!parse_region_fields(c, e, scratch)) return false;
            if (scratch.id == 0) return true;
            ++seen;
            sink(scratch);
            return true;
        });
    });
    return ok && (has_regions || c.fail_missing("regions"));
}

}  // namespace

Result<std::optional<Region>> parse_region(const std::string& body, std::string_view endpoint) {
    std::optional<Region> out;
    if (body_is_null(body)) return out;  // <= v7.5: 200 null for a missing region
    auto st = parse_document(endpoint, body, [&](JsonCtx& c, od::document& doc) {
        od::value root;
        if (!get_root(c, doc, root, "object")) return false;
        Region r;
        if (!parse_region_fields(c, root, r)) return false;
        if (r.id != 0) out = std::move(r);  // v8.1-v8.5: missing region is an id-0 object
        return true;
    });
    if (!st) return st.error();
    return out;
}

Result<uint64_t> for_each_region(const std::string& body, std::string_view endpoint,
                                 const std::function<void(const Region&)>& sink) {
    uint64_t seen = 0;
    Region scratch;
    auto st = parse_document(endpoint, body, [&](JsonCtx& c, od::document& doc) {
        return parse_regions_info(c, doc, scratch, sink, seen);
    });
    if (!st) return st.error();
    return seen;
}

Result<std::vector<Region>> parse_regions(const std::string& body, std::string_view endpoint) {
    std::vector<Region> out;
    auto n = for_each_region(body, endpoint, [&](const Region& r) { out.push_back(r); });
    if (!n) return n.error();
    return out;
}

Result<uint64_t> parse_regions_count(const std::string& body, std::string_view endpoint) {
    uint64_t count = 0;
    auto st = parse_document(endpoint, body, [&](JsonCtx& c, od::document& doc) {
        od::value root;
        if (!get_root(c, doc, root, "object")) return false;
        bool has = false;
        bool ok = for_each_field(c, root, [&](std::string_view k, od::value& f) {
            if (k != "count") return true;
            PathGuard g(c, k);
            return has = true, get_u64(c, f, count);
        });
        return ok && (has || c.fail_missing("count"));
    });
    if (!st) return st.error();
    return count;
}

}  // namespace medic::pd
