// engine/pd/region_fast.cpp: the strict fast parser for RegionInfo objects
// (region_parse.hpp, "fast path"), tried before simdjson On Demand on every
// /regions body and batch.
//
// Why: at a million regions On Demand's field iteration was ~50% of an
// ingest and its stage 1 (the structural index of the whole text) another
// 13%. PD renders every region the same way (easyjson, no whitespace; the
// older indented renderer differs only by whitespace), so a parser that
// reads exactly that grammar from the raw bytes, with no index, does the
// same work in a fraction of the time.
//
// The contract that keeps it safe: it accepts a strict SUBSET of what the
// On Demand parser accepts, and for what it accepts it produces the very
// same Region. Anything else — an escape in a string, a number with a sign,
// fraction, exponent, leading zero or more than 19 digits, a duplicated
// field, a missing required field, a non-ASCII or control byte, an
// unexpected byte anywhere, the end of the data — makes it return false
// without reporting anything, and the caller hands the same bytes to the On
// Demand parser, which accepts them or produces the typed error (endpoint,
// field path, byte offset) exactly as before. Unknown fields are skipped
// after the same strict check (strings without escapes, true/false/null,
// JSON numbers, nested arrays/objects of those).
// Every read is bounded by `end`: the text needs no padding.
#include <cstring>

#include "pd/json_ctx.hpp"
#include "pd/region_parse.hpp"

namespace medic::pd::detail {

namespace {

bool g_fast_enabled = true;

struct Cur {
    const char* p;
    const char* end;

    [[gnu::always_inline]] void ws() {
        while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) [[unlikely]]
            ++p;
    }
    // The next non-blank byte is `c`: consume it.
    [[gnu::always_inline]] bool eat(char c) {
        ws();
        if (p < end && *p == c) [[likely]] {
            ++p;
            return true;
        }
        return false;
    }
    // The literal `s` (e.g. a key's text plus its closing quote, or
    // `"id":`) is next, byte for byte: consume it. Compared in 8-byte words
    // (the last one overlapping), not by a memcmp call: GCC calls memcmp for
    // literals past a few bytes, and that call was ~7% of the parse.
    template <size_t N>
    [[gnu::always_inline]] bool lit(const char (&s)[N]) {
        constexpr size_t n = N - 1;
        if (size_t(end - p) < n) return false;
        bool eq;
        if constexpr (n < 8) {
            eq = std::memcmp(p, s, n) == 0;
        } else {
            uint64_t diff = 0;
            for (size_t i = 0; i + 8 < n; i += 8) diff |= word(p + i) ^ word(s + i);
            diff |= word(p + n - 8) ^ word(s + n - 8);
            eq = diff == 0;
        }
        if (!eq) return false;
        p += n;
        return true;
    }
    [[gnu::always_inline]] static uint64_t word(const char* q) {
        uint64_t v;
        std::memcpy(&v, q, 8);
        return v;
    }
};

// The 8 bytes at p as a little-endian word.
inline uint64_t load8(const char* p) {
    uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
}

// How many of the 8 bytes of `v` (in memory order) are decimal digits
// before the first that is not (8: all of them). A carry out of a non-digit
// byte can only disturb the bytes after it.
[[gnu::always_inline]] inline unsigned leading_digits(uint64_t v) {
    uint64_t t = (v & 0xF0F0F0F0F0F0F0F0ULL) | (((v + 0x0606060606060606ULL) & 0xF0F0F0F0F0F0F0F0ULL) >> 4);
    uint64_t x = t ^ 0x3333333333333333ULL;  // digit bytes -> 0
    return x ? unsigned(__builtin_ctzll(x)) / 8 : 8;
}

// The first n (1..8) bytes of `v`, all digits, as a number: they are moved
// to the top of the word (the bytes below become leading zeros) and
// combined pairwise (simdjson's eight-digit step).
[[gnu::always_inline]] inline uint64_t digits_value(uint64_t v, unsigned n) {
    v = (v - 0x3030303030303030ULL) << (8 * (8 - n));
    v = (v * 10) + (v >> 8);
    return (((v & 0x000000FF000000FFULL) * 0x000F424000000064ULL) +
            (((v >> 16) & 0x000000FF000000FFULL) * 0x0000271000000001ULL)) >> 32;
}

// An unsigned JSON integer as get_uint64 reads it: 1-19 digits, no leading
// zero (20 digits may overflow: left to simdjson). Eight digits at a time
// without a branch per digit where 16 bytes are readable (PD's ids and
// counters are 1-8 digits: the digit loop's exit was the top mispredict).
[[gnu::always_inline]] inline bool read_u64(Cur& c, uint64_t& out) {
    c.ws();
    const char* p = c.p;
    if (c.end - p >= 16) [[likely]] {
        uint64_t w = load8(p);
        unsigned n = leading_digits(w);
        if (n == 0 || (n > 1 && *p == '0')) return false;
        if (n < 8) [[likely]] {
            out = digits_value(w, n);
            c.p = p + n;
            return true;
        }
    }
    const char* lim = c.end - p > 19 ? p + 19 : c.end;
    uint64_t v = 0;
    while (p < lim && unsigned(*p - '0') < 10) v = v * 10 + unsigned(*p++ - '0');
    size_t n = size_t(p - c.p);
    if (n == 0 || (n > 1 && *c.p == '0')) return false;
    if (p < c.end && unsigned(*p - '0') < 10) return false;  // a 20th digit
    out = v;
    c.p = p;
    return true;
}

[[gnu::always_inline]] inline bool read_i64(Cur& c, int64_t& out) {  // non-negative only: a sign goes to simdjson
    uint64_t v = 0;
    if (!read_u64(c, v) || v > uint64_t(INT64_MAX)) return false;
    out = int64_t(v);
    return true;
}

inline bool read_bool(Cur& c, bool& out) {
    c.ws();
    if (c.lit("true")) return out = true, true;
    if (c.lit("false")) return out = false, true;
    return false;
}

// A string of printable ASCII without escapes; `s` gets its text.
inline bool read_plain_string(Cur& c, std::string_view& s) {
    if (!c.eat('"')) return false;
    const char* b = c.p;
    while (c.p < c.end && *c.p != '"') {
        unsigned char ch = static_cast<unsigned char>(*c.p);
        if (ch < 0x20 || ch >= 0x7F || ch == '\\') return false;
        ++c.p;
    }
    if (c.p == c.end) return false;
    s = {b, size_t(c.p - b)};
    ++c.p;
    return true;
}

inline bool read_hex_key(Cur& c, std::string& out) {
    if (!c.eat('"')) return false;
    const char* q = hex_string_body(c.p, c.end, out);
    if (!q) return false;
    c.p = q;
    return true;
}

// A JSON number (any sign, fraction, exponent), for skipped fields.
bool skip_number(Cur& c) {
    const char* p = c.p;
    auto digits = [&] {
        const char* s = p;
        while (p < c.end && unsigned(*p - '0') < 10) ++p;
        return p > s;
    };
    if (p < c.end && *p == '-') ++p;
    if (p < c.end && *p == '0') ++p;
    else if (!digits()) return false;
    if (p < c.end && *p == '.') {
        ++p;
        if (!digits()) return false;
    }
    if (p < c.end && (*p == 'e' || *p == 'E')) {
        ++p;
        if (p < c.end && (*p == '+' || *p == '-')) ++p;
        if (!digits()) return false;
    }
    c.p = p;
    return true;
}

bool skip_value(Cur& c, int depth);

// The rest of an object or array after its opening bracket.
bool skip_container(Cur& c, bool object, int depth) {
    char close = object ? '}' : ']';
    c.ws();
    if (c.p < c.end && *c.p == close) return ++c.p, true;
    for (;;) {
        if (object) {
            std::string_view k;
            if (!read_plain_string(c, k) || !c.eat(':')) return false;
        }
        if (!skip_value(c, depth + 1)) return false;
        if (c.eat(',')) continue;
        return c.eat(close);
    }
}

bool skip_value(Cur& c, int depth) {
    if (depth > 16) return false;
    c.ws();
    if (c.p == c.end) return false;
    switch (*c.p) {
        case '"': {
            std::string_view s;
            return read_plain_string(c, s);
        }
        case '{': ++c.p; return skip_container(c, true, depth);
        case '[': ++c.p; return skip_container(c, false, depth);
        case 't': return c.lit("true");
        case 'f': return c.lit("false");
        case 'n': return c.lit("null");
        default: return skip_number(c);
    }
}

// Opening quote of the next key consumed; after a key literal: the colon.
inline bool key_start(Cur& c) { return c.eat('"'); }
inline bool colon(Cur& c) { return c.eat(':'); }
// An unknown key: its text (plain), the colon and a skipped value.
inline bool skip_field(Cur& c) {
    c.p -= 1;  // back to the opening quote
    std::string_view k;
    return read_plain_string(c, k) && c.eat(':') && skip_value(c, 1);
}
// After a field: ',' (true, more) or the closing brace (true, done).
[[gnu::always_inline]] inline bool next_field(Cur& c, bool& done) {
    c.ws();
    if (c.p < c.end) {
        if (*c.p == ',') return ++c.p, done = false, true;
        if (*c.p == '}') return ++c.p, done = true, true;
    }
    return false;
}
// `bit` of `seen` not set yet (a duplicated field goes to simdjson).
inline bool first(unsigned& seen, unsigned bit) {
    if (seen & bit) return false;
    seen |= bit;
    return true;
}

// A Peer object, with parse_peer's role rules (pd_json_region.cpp).
bool read_peer(Cur& c, Peer& out, bool required) {
    out = Peer{};
    if (!c.eat('{')) return false;
    bool has_role = false, name_known = false, is_learner = false;
    PeerRole from_name = PeerRole::Voter;
    unsigned seen = 0;
    c.ws();
    bool done = false;
    if (c.p < c.end && *c.p == '}') {
        ++c.p;
        done = true;
    } else if (c.lit("\"role_name\":\"Voter\",\"id\":")) {
        // easyjson's order, a voter: straight-line code (see known_order)
        seen = 1 | 4;
        name_known = true;
        if (!read_u64(c, out.id) || !next_field(c, done)) return false;
        if (!done && c.lit("\"store_id\":")) {
            seen |= 2;
            if (!read_u64(c, out.store_id) || !next_field(c, done)) return false;
        }
    }
    while (!done) {
            if (!key_start(c)) return false;
            bool ok;
            if (c.lit("id\"")) ok = first(seen, 1) && colon(c) && read_u64(c, out.id);
            else if (c.lit("store_id\"")) ok = first(seen, 2) && colon(c) && read_u64(c, out.store_id);
            else if (c.lit("role_name\":\"Voter\"")) ok = first(seen, 4), name_known = true, from_name = PeerRole::Voter;
            else if (c.lit("role_name\"")) {
                std::string_view s;
                ok = first(seen, 4) && colon(c) && read_plain_string(c, s);
                name_known = true;
                if (s == "Voter") from_name = PeerRole::Voter;
                else if (s == "Learner") from_name = PeerRole::Learner;
                else if (s == "IncomingVoter") from_name = PeerRole::IncomingVoter;
                else if (s == "DemotingVoter") from_name = PeerRole::DemotingVoter;
                else name_known = false;
            } else if (c.lit("role\"")) {
                uint64_t r = 0;
                ok = first(seen, 8) && colon(c) && read_u64(c, r) && r < uint64_t(PeerRole::Count);
                out.role = PeerRole(r);
                has_role = true;
            } else if (c.lit("is_learner\"")) ok = first(seen, 16) && colon(c) && read_bool(c, is_learner);
            else if (c.lit("is_witness\"")) ok = first(seen, 32) && colon(c) && read_bool(c, out.is_witness);
            else ok = skip_field(c);
            if (!ok || !next_field(c, done)) return false;
    }
    if (!has_role) out.role = name_known ? from_name : (is_learner ? PeerRole::Learner : PeerRole::Voter);
    return !required || (out.id != 0 && out.store_id != 0);
}

// A JSON array of T, each read by read_one (JSON null = empty, as
// for_each_element). Shared by the peer and down-peer lists.
template <class T, class ReadOne>
inline bool read_list(Cur& c, std::vector<T>& out, ReadOne read_one) {
    c.ws();
    if (c.lit("null")) return true;
    if (!c.eat('[')) return false;
    c.ws();
    if (c.p < c.end && *c.p == ']') return ++c.p, true;
    do {
        out.emplace_back();
        if (!read_one(c, out.back())) return false;
    } while (c.eat(','));
    return c.eat(']');
}

// An array of required peers.
bool read_peer_list(Cur& c, std::vector<Peer>& out) {
    return read_list(c, out, [](Cur& k, Peer& p) { return read_peer(k, p, true); });
}

bool read_down_peer(Cur& c, DownPeer& d) {
    if (!c.eat('{')) return false;
    unsigned seen = 0;
    c.ws();
    if (c.p < c.end && *c.p == '}') return false;  // no peer: simdjson reports it
    for (bool done = false; !done;) {
        if (!key_start(c)) return false;
        bool ok;
        if (c.lit("peer\"")) ok = first(seen, 1) && colon(c) && read_peer(c, d.peer, true);
        else if (c.lit("down_seconds\"")) ok = first(seen, 2) && colon(c) && read_u64(c, d.down_seconds);
        else ok = skip_field(c);
        if (!ok || !next_field(c, done)) return false;
    }
    return (seen & 1) != 0;
}

bool read_down_peers(Cur& c, std::vector<DownPeer>& out) { return read_list(c, out, read_down_peer); }

bool read_epoch(Cur& c, uint64_t& conf_ver, uint64_t& version) {
    if (!c.eat('{')) return false;
    unsigned seen = 0;
    bool done = false;
    c.ws();
    if (c.p < c.end && *c.p == '}') return ++c.p, true;
    if (c.lit("\"conf_ver\":")) {  // easyjson's order first
        seen = 1;
        if (!read_u64(c, conf_ver) || !next_field(c, done)) return false;
        if (!done && c.lit("\"version\":")) {
            seen |= 2;
            if (!read_u64(c, version) || !next_field(c, done)) return false;
        }
    }
    while (!done) {
        if (!key_start(c)) return false;
        bool ok;
        if (c.lit("conf_ver\"")) ok = first(seen, 1) && colon(c) && read_u64(c, conf_ver);
        else if (c.lit("version\"")) ok = first(seen, 2) && colon(c) && read_u64(c, version);
        else ok = skip_field(c);
        if (!ok || !next_field(c, done)) return false;
    }
    return true;
}

enum : unsigned {
    kId = 1u << 0, kStart = 1u << 1, kEnd = 1u << 2, kEpoch = 1u << 3, kPeers = 1u << 4, kLeader = 1u << 5,
    kDown = 1u << 6, kPending = 1u << 7, kCpu = 1u << 8, kWB = 1u << 9, kRB = 1u << 10, kWK = 1u << 11,
    kRK = 1u << 12, kAS = 1u << 13, kAK = 1u << 14, kAKV = 1u << 15,
};

// One field of a region, the key's opening quote consumed. The likely keys
// come first in PD's own order.
[[gnu::always_inline]] inline bool read_region_field(Cur& c, Region& r, unsigned& seen) {
    switch (*c.p) {
        case 'i':
            if (c.lit("id\"")) return first(seen, kId) && colon(c) && read_u64(c, r.id);
            break;
        case 's':
            if (c.lit("start_key\"")) return first(seen, kStart) && colon(c) && read_hex_key(c, r.start_key);
            break;
        case 'e':
            if (c.lit("end_key\"")) return first(seen, kEnd) && colon(c) && read_hex_key(c, r.end_key);
            if (c.lit("epoch\"")) return first(seen, kEpoch) && colon(c) && read_epoch(c, r.conf_ver, r.version);
            break;
        case 'p':
            if (c.lit("peers\"")) return first(seen, kPeers) && colon(c) && read_peer_list(c, r.peers);
            if (c.lit("pending_peers\""))
                return first(seen, kPending) && colon(c) && read_peer_list(c, r.pending_peers);
            break;
        case 'l':
            if (c.lit("leader\"")) return first(seen, kLeader) && colon(c) && read_peer(c, r.leader, false);
            break;
        case 'd':
            if (c.lit("down_peers\"")) return first(seen, kDown) && colon(c) && read_down_peers(c, r.down_peers);
            break;
        case 'c':
            if (c.lit("cpu_usage\"")) return first(seen, kCpu) && colon(c) && read_u64(c, r.cpu_usage);
            break;
        case 'w':
            if (c.lit("written_bytes\"")) return first(seen, kWB) && colon(c) && read_u64(c, r.written_bytes);
            if (c.lit("written_keys\"")) return first(seen, kWK) && colon(c) && read_u64(c, r.written_keys);
            break;
        case 'r':
            if (c.lit("read_bytes\"")) return first(seen, kRB) && colon(c) && read_u64(c, r.read_bytes);
            if (c.lit("read_keys\"")) return first(seen, kRK) && colon(c) && read_u64(c, r.read_keys);
            break;
        case 'a':
            if (c.lit("approximate_size\""))
                return first(seen, kAS) && colon(c) && read_i64(c, r.approximate_size_mib);
            if (c.lit("approximate_keys\"")) return first(seen, kAK) && colon(c) && read_i64(c, r.approximate_keys);
            if (c.lit("approximate_kv_size\""))
                return first(seen, kAKV) && colon(c) && read_i64(c, r.approximate_kv_size_mib);
            break;
    }
    return skip_field(c);
}

// PD's (easyjson's) field order as straight-line code: the next key is
// compared with the expected one, so no jump table per field (the switch in
// read_region_field was the top mispredict). Stops at the first other key
// (c.p at its opening quote; the general loop goes on from there) or at the
// closing brace (done).
#define MEDIC_FIELD(LIT, BIT, READ)                              \
    c.ws();                                                      \
    if (done || !c.lit(LIT)) return true;                        \
    seen |= (BIT);                                               \
    if (!(READ) || !next_field(c, done)) return false;
bool known_order(Cur& c, Region& r, unsigned& seen, bool& done) {
    MEDIC_FIELD("\"id\":", kId, read_u64(c, r.id))
    MEDIC_FIELD("\"start_key\":", kStart, read_hex_key(c, r.start_key))
    MEDIC_FIELD("\"end_key\":", kEnd, read_hex_key(c, r.end_key))
    MEDIC_FIELD("\"epoch\":", kEpoch, read_epoch(c, r.conf_ver, r.version))
    MEDIC_FIELD("\"peers\":", kPeers, read_peer_list(c, r.peers))
    MEDIC_FIELD("\"leader\":", kLeader, read_peer(c, r.leader, false))
    MEDIC_FIELD("\"cpu_usage\":", kCpu, read_u64(c, r.cpu_usage))
    MEDIC_FIELD("\"written_bytes\":", kWB, read_u64(c, r.written_bytes))
    MEDIC_FIELD("\"read_bytes\":", kRB, read_u64(c, r.read_bytes))
    MEDIC_FIELD("\"written_keys\":", kWK, read_u64(c, r.written_keys))
    MEDIC_FIELD("\"read_keys\":", kRK, read_u64(c, r.read_keys))
    MEDIC_FIELD("\"approximate_size\":", kAS, read_i64(c, r.approximate_size_mib))
    MEDIC_FIELD("\"approximate_keys\":", kAK, read_i64(c, r.approximate_keys))
    MEDIC_FIELD("\"approximate_kv_size\":", kAKV, read_i64(c, r.approximate_kv_size_mib))
    MEDIC_FIELD("\"approximate_columnar_kv_size\":", 0, skip_value(c, 1))  // v8.5; not kept
    return true;
}
#undef MEDIC_FIELD

}  // namespace

void set_fast_region_parser(bool on) { g_fast_enabled = on; }
bool fast_region_parser() { return g_fast_enabled; }

bool fast_parse_region(const char*& p, const char* end, Region& r) {
    r.clear();
    Cur c{p, end};
    if (!c.eat('{')) return false;
    unsigned seen = 0;
    c.ws();
    if (c.p < c.end && *c.p == '}') return false;  // {}: "missing id" from simdjson
    bool done = false;
    if (!known_order(c, r, seen, done)) return false;
    while (!done) {
        if (!key_start(c) || c.p == c.end) return false;
        if (!read_region_field(c, r, seen) || !next_field(c, done)) return false;
    }
    if (!(seen & kId)) return false;
    // id 0 is PD's placeholder: nothing else required (as parse_region_fields)
    if (r.id != 0 && (seen & (kStart | kEnd)) != (kStart | kEnd)) return false;
    p = c.p;
    return true;
}

bool fast_regions_body(std::string_view body, Region& scratch, const std::function<void(const Region&)>& sink,
                       uint64_t& seen) {
    Cur c{body.data(), body.data() + body.size()};
    if (!c.eat('{')) return false;
    bool has_regions = false;
    c.ws();
    if (c.p < c.end && *c.p == '}') return false;
    for (bool done = false; !done;) {
        if (!key_start(c)) return false;
        if (c.lit("regions\"")) {
            if (has_regions || !colon(c)) return false;
            has_regions = true;
            c.ws();
            if (c.lit("null")) {
                // for_each_element: null is an empty array
            } else {
                if (!c.eat('[')) return false;
                c.ws();
                if (c.p < c.end && *c.p == ']') {
                    ++c.p;
                } else {
                    do {
                        if (!fast_parse_region(c.p, c.end, scratch)) return false;
                        if (scratch.id != 0) {
                            ++seen;
                            sink(scratch);
                        }
                    } while (c.eat(','));
                    if (!c.eat(']')) return false;
                }
            }
        } else if (!skip_field(c)) {
            return false;
        }
        if (!next_field(c, done)) return false;
    }
    c.ws();
    return has_regions && c.p == c.end;
}

}  // namespace medic::pd::detail
