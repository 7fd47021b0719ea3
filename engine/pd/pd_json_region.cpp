// engine/pd/pd_json_region.cpp: RegionInfo / RegionsInfo parsing (pd_json.hpp).
// This is the hot path of a /regions scan (a million regions): one reused
// Region object, keys decoded straight into it, no per-field allocation.
#include "pd/json_ctx.hpp"
#include "pd/pd_json.hpp"
#include "pd/region_parse.hpp"

namespace medic::pd {

using namespace detail;

namespace {

// Field helpers for the raw-key dispatch below. A container field (epoch,
// peers, leader) pushes its path segment, so errors inside it name the
// whole path; a scalar field pushes nothing and is named only when its
// getter failed (JsonCtx::name_failed_field): ~25 scalars per region.
template <class Fn>
inline bool at(JsonCtx& c, std::string_view name, Fn&& fn) {
    PathGuard g(c, name);
    return fn();
}
inline bool named(JsonCtx& c, std::string_view name, bool ok) {
    if (ok) [[likely]]
        return true;
    c.name_failed_field(name);
    return false;
}

// PD's role names, compared on the raw string (no unescape copy). An
// escaped spelling counts as unknown: the numeric `role` or is_learner decides.
bool parse_role_name(JsonCtx& c, od::value& v, PeerRole& out, bool& known) {
    od::raw_json_string raw;
    if (auto ec = v.get_raw_json_string().get(raw)) return c.fail_value(ec, "string", v);
    const char* s = raw.raw();
    known = true;
    if (key_is(s, "Voter")) out = PeerRole::Voter;
    else if (key_is(s, "Learner")) out = PeerRole::Learner;
    else if (key_is(s, "IncomingVoter")) out = PeerRole::IncomingVoter;
    else if (key_is(s, "DemotingVoter")) out = PeerRole::DemotingVoter;
    else known = false;  // "" for an unknown leader; future names fall back to `role`
    return true;
}

struct PeerScratch {
    bool has_role = false, name_known = false, is_learner = false;
    PeerRole from_name = PeerRole::Voter;
};

bool parse_peer_field(JsonCtx& c, const char* k, od::value& f, Peer& p, PeerScratch& s) {
    switch (k[0]) {
        case 'i':
            if (key_is(k, "id")) return named(c, "id", get_u64(c, f, p.id));
            if (key_is(k, "is_learner")) return named(c, "is_learner", get_bool(c, f, s.is_learner));
            if (key_is(k, "is_witness")) return named(c, "is_witness", get_bool(c, f, p.is_witness));
            break;
        case 's':
            if (key_is(k, "store_id")) return named(c, "store_id", get_u64(c, f, p.store_id));
            break;
        case 'r':
            if (key_is(k, "role_name"))
                return named(c, "role_name", parse_role_name(c, f, s.from_name, s.name_known));
            if (key_is(k, "role"))
                return named(c, "role", [&] {
                    uint64_t r = 0;
                    const char* rl = location_of(f);
                    if (!get_u64(c, f, r)) return false;
                    if (r >= uint64_t(PeerRole::Count)) return c.fail("unknown peer role " + std::to_string(r), rl);
                    p.role = PeerRole(r);
                    return s.has_role = true;
                }());
            break;
    }
    return true;
}

// A Peer in any of PD's key orders. `required`: peers/pending_peers entries
// must name a peer; the leader of a leaderless region is {"role_name":""}.
bool parse_peer(JsonCtx& c, od::value& v, Peer& p, bool required) {
    p = Peer{};
    PeerScratch s;
    const char* loc = nullptr;  // the first key: where a "peer without id" error points (no lookup per peer)
    bool ok = for_each_raw_field(c, v, [&](const char* k, od::value& f) {
        if (!loc) loc = k - 1;
        return parse_peer_field(c, k, f, p, s);
    });
    if (!ok) return false;
    if (!s.has_role) p.role = s.name_known ? s.from_name : (s.is_learner ? PeerRole::Learner : PeerRole::Voter);
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
        bool ok = for_each_raw_field(c, e, [&](const char* k, od::value& f) {
            if (key_is(k, "peer")) return has_peer = true, at(c, "peer", [&] { return parse_peer(c, f, d.peer, true); });
            if (key_is(k, "down_seconds")) return named(c, "down_seconds", get_u64(c, f, d.down_seconds));
            return true;
        });
        return ok && (has_peer || c.fail_missing("peer"));
    });
}

bool parse_epoch(JsonCtx& c, od::value& v, uint64_t& conf_ver, uint64_t& version) {
    return for_each_raw_field(c, v, [&](const char* k, od::value& f) {
        if (key_is(k, "conf_ver")) return named(c, "conf_ver", get_u64(c, f, conf_ver));
        if (key_is(k, "version")) return named(c, "version", get_u64(c, f, version));
        return true;
    });
}

enum : unsigned { kHasId = 1, kHasStart = 2, kHasEnd = 4, kHasLeader = 8 };

// One field of a RegionInfo, dispatched on the first byte of the raw key
// (the profile showed the chain of string compares per field).
bool parse_region_field(JsonCtx& c, const char* k, od::value& f, Region& r, unsigned& seen) {
    switch (k[0]) {
        case 'i':
            if (key_is(k, "id")) return seen |= kHasId, named(c, "id", get_u64(c, f, r.id));
            break;
        case 's':
            if (key_is(k, "start_key"))
                return seen |= kHasStart, named(c, "start_key", get_hex_key(c, f, r.start_key));
            break;
        case 'e':
            if (key_is(k, "end_key"))
                return seen |= kHasEnd, named(c, "end_key", get_hex_key(c, f, r.end_key));
            if (key_is(k, "epoch")) return at(c, "epoch", [&] { return parse_epoch(c, f, r.conf_ver, r.version); });
            break;
        case 'p':
            if (key_is(k, "peers")) return at(c, "peers", [&] { return parse_peer_list(c, f, r.peers); });
            if (key_is(k, "pending_peers"))
                return at(c, "pending_peers", [&] { return parse_peer_list(c, f, r.pending_peers); });
            break;
        case 'l':
            if (key_is(k, "leader"))
                return seen |= kHasLeader, at(c, "leader", [&] { return parse_peer(c, f, r.leader, false); });
            break;
        case 'd':
            if (key_is(k, "down_peers"))
                return at(c, "down_peers", [&] { return parse_down_peers(c, f, r.down_peers); });
            break;
        case 'c':
            if (key_is(k, "cpu_usage")) return named(c, "cpu_usage", get_u64(c, f, r.cpu_usage));
            break;
        case 'w':
            if (key_is(k, "written_bytes"))
                return named(c, "written_bytes", get_u64(c, f, r.written_bytes));
            if (key_is(k, "written_keys")) return named(c, "written_keys", get_u64(c, f, r.written_keys));
            break;
        case 'r':
            if (key_is(k, "read_bytes")) return named(c, "read_bytes", get_u64(c, f, r.read_bytes));
            if (key_is(k, "read_keys")) return named(c, "read_keys", get_u64(c, f, r.read_keys));
            break;
        case 'a':
            if (key_is(k, "approximate_size"))
                return named(c, "approximate_size", get_i64(c, f, r.approximate_size_mib));
            if (key_is(k, "approximate_keys"))
                return named(c, "approximate_keys", get_i64(c, f, r.approximate_keys));
            if (key_is(k, "approximate_kv_size"))
                return named(c, "approximate_kv_size", get_i64(c, f, r.approximate_kv_size_mib));
            break;
    }
    return true;  // unknown fields are ignored
}

}  // namespace

namespace detail {

bool parse_region_fields(JsonCtx& c, od::value& v, Region& r) {
    r.clear();
    unsigned seen = 0;
    bool ok = for_each_raw_field(c, v, [&](const char* k, od::value& f) { return parse_region_field(c, k, f, r, seen); });
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

}  // namespace detail


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
    // The strict fast parser first (region_fast.cpp); On Demand for what it
    // is not sure of, from the start: its stage 1 validates the whole text
    // before anything is read, and its errors are the typed ones. Regions
    // the fast parser already delivered are not delivered twice.
    if (fast_region_parser() && fast_regions_body(body, scratch, sink, seen)) return seen;
    uint64_t skip = seen;
    seen = 0;
    std::function<void(const Region&)> rest = [&](const Region& r) {
        if (skip) --skip;
        else sink(r);
    };
    auto st = parse_document(endpoint, body, [&](JsonCtx& c, od::document& doc) {
        return parse_regions_info(c, doc, scratch, skip ? rest : sink, seen);
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
