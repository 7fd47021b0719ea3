// engine/pd/json_ctx.cpp: JsonCtx error rendering and the checked get_* helpers.
#include "pd/json_ctx.hpp"

#include "pd/pd_format.hpp"

#include <algorithm>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__SSSE3__)
#include <tmmintrin.h>
#endif

namespace medic::pd::detail {

od::parser& thread_parser() {
    // One parser per thread: it owns large reusable buffers, and On Demand
    // parsers must not be shared between threads.
    thread_local od::parser parser;
    return parser;
}

std::string JsonCtx::path() const {
    std::string p;
    for (int i = 0; i < std::min(depth_, kMaxDepth); ++i) {
        const Seg& s = path_[i];
        if (s.index >= 0) {
            p += "[" + std::to_string(s.index) + "]";
        } else {
            if (!p.empty()) p += '.';
            p.append(s.key, s.len);
        }
    }
    if (depth_ > kMaxDepth) p += "...";
    return p.empty() ? "(root)" : p;
}

std::string JsonCtx::near(const char* loc) const {
    if (!loc || loc < buf_ || loc > buf_ + len_) return {};
    size_t off = size_t(loc - buf_);
    size_t n = std::min<size_t>(40, len_ - off);
    std::string snippet(loc, n);
    for (auto& ch : snippet)
        if (ch == '\n' || ch == '\r' || ch == '\t') ch = ' ';
    std::string s = " near '" + snippet + (off + n < len_ ? "...'" : "'");
    int64_t body_off = int64_t(off) + offset_base_ + (int64_t(off) >= shift_after_ ? shift_extra_ : 0);
    s += " (byte " + std::to_string(body_off) + ")";
    return s;
}

bool JsonCtx::fail(std::string what, const char* loc) {
    if (failed_) return false;  // keep the first error
    failed_ = true;
    fail_depth_ = depth_;
    fail_path_ = path();
    if (fail_path_ == "(root)") fail_path_.clear();
    fail_what_ = std::move(what) + near(loc);
    return false;
}

void JsonCtx::name_failed_field(std::string_view key) {
    if (!failed_ || fail_depth_ != depth_) return;  // failed deeper (its path is complete) or elsewhere
    if (depth_ < kMaxDepth) {
        if (!fail_path_.empty()) fail_path_ += '.';
        fail_path_.append(key);
    } else if (depth_ == kMaxDepth) {
        fail_path_ += "...";  // as path() renders a segment past the fixed stack
    }
    ++fail_depth_;  // named once
}

PdError JsonCtx::error() const {
    PdError e;
    if (!failed_) return e;
    e.kind = ErrorKind::Malformed;
    e.endpoint = endpoint_;
    e.detail = (fail_path_.empty() ? std::string("(root)") : fail_path_) + ": " + fail_what_;
    return e;
}

bool JsonCtx::fail_value(simdjson::error_code ec, const char* expected, od::value& v) {
    const char* loc = location_of(v);
    if (ec == simdjson::INCORRECT_TYPE || ec == simdjson::NUMBER_OUT_OF_RANGE ||
        ec == simdjson::NUMBER_ERROR) {
        std::string what = std::string("expected ") + expected;
        if (ec == simdjson::NUMBER_OUT_OF_RANGE)
            what += ", got a number out of range";
        else
            what += std::string(", got ") + json_type_name(v);
        return fail(std::move(what), loc);
    }
    return fail_syntax(ec, loc);
}

bool JsonCtx::fail_syntax(simdjson::error_code ec, const char* loc) {
    std::string what = "invalid JSON";
    if (ec == simdjson::INCOMPLETE_ARRAY_OR_OBJECT || ec == simdjson::TAPE_ERROR ||
        ec == simdjson::UNCLOSED_STRING)
        what = "invalid or truncated JSON";
    return fail(what + " (" + simdjson::error_message(ec) + ")", loc);
}

bool JsonCtx::fail_missing(const char* field) {
    push(field);
    fail("missing required field", nullptr);
    pop();
    return false;
}

const char* json_type_name(od::value& v) {
    od::json_type t;
    if (v.type().get(t)) return "invalid JSON";
    switch (t) {
        case od::json_type::array: return "array";
        case od::json_type::object: return "object";
        case od::json_type::number: return "number";
        case od::json_type::string: return "string";
        case od::json_type::boolean: return "boolean";
        case od::json_type::null: return "null";
    }
    return "unknown";
}

bool get_double(JsonCtx& c, od::value& v, double& out) {
    if (auto ec = v.get_double().get(out)) return c.fail_value(ec, "number", v);
    return true;
}

bool get_string_bool(JsonCtx& c, od::value& v, bool& out) {
    od::json_type t;
    if (auto ec = v.type().get(t)) return c.fail_syntax(ec);
    if (t == od::json_type::boolean) return get_bool(c, v, out);
    const char* loc = location_of(v);
    std::string_view s;
    if (auto ec = v.get_string().get(s)) return c.fail_value(ec, "\"true\" or \"false\"", v);
    if (s == "true") out = true;
    else if (s == "false") out = false;
    else return c.fail("expected \"true\" or \"false\", got \"" + std::string(s) + "\"", loc);
    return true;
}

bool get_string_view(JsonCtx& c, od::value& v, std::string_view& out) {
    if (auto ec = v.get_string().get(out)) return c.fail_value(ec, "string", v);
    return true;
}

bool get_string(JsonCtx& c, od::value& v, std::string& out) {
    std::string_view s;
    if (!get_string_view(c, v, s)) return false;
    out.assign(s);
    return true;
}

bool get_byte_size(JsonCtx& c, od::value& v, uint64_t& out) {
    const char* loc = location_of(v);
    std::string_view s;
    if (auto ec = v.get_string().get(s)) return c.fail_value(ec, "byte size string like \"1.5GiB\"", v);
    auto b = parse_byte_size(s);
    if (!b) return c.fail("expected byte size like \"1.5GiB\", got \"" + std::string(s) + "\"", loc);
    out = *b;
    return true;
}

bool get_duration(JsonCtx& c, od::value& v, double& out) {
    const char* loc = location_of(v);
    std::string_view s;
    if (auto ec = v.get_string().get(s)) return c.fail_value(ec, "duration string like \"30m0s\"", v);
    auto d = parse_go_duration(s);
    if (!d) return c.fail("expected duration like \"30m0s\", got \"" + std::string(s) + "\"", loc);
    out = *d;
    return true;
}

namespace {

// Nibble value of every byte, -1 for a non-hex byte: a table lookup per
// character instead of range compares (hex keys are ~10% of a /regions scan).
struct HexTable {
    int8_t v[256];
    constexpr HexTable() : v{} {
        for (int i = 0; i < 256; ++i) v[i] = -1;
        for (int i = 0; i < 10; ++i) v['0' + i] = int8_t(i);
        for (int i = 0; i < 6; ++i) v['a' + i] = v['A' + i] = int8_t(10 + i);
    }
};
constexpr HexTable kHex;

#if defined(__SSSE3__)
// 16 hex characters -> 8 bytes; false if any is not a hex digit.
inline bool hex16(const char* in, char* dst) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in));
    __m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20));  // 'A'..'F' -> 'a'..'f'; digits unchanged
    __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)), _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
    __m128i alpha =
        _mm_and_si128(_mm_cmpgt_epi8(lower, _mm_set1_epi8('a' - 1)), _mm_cmplt_epi8(lower, _mm_set1_epi8('f' + 1)));
    if (_mm_movemask_epi8(_mm_or_si128(digit, alpha)) != 0xFFFF) return false;
    __m128i nib = _mm_or_si128(_mm_and_si128(digit, _mm_sub_epi8(v, _mm_set1_epi8('0'))),
                               _mm_andnot_si128(digit, _mm_sub_epi8(lower, _mm_set1_epi8('a' - 10))));
    // byte pairs (hi, lo) -> hi*16 + lo in 16 bits, then packed to 8 bytes
    __m128i pairs = _mm_maddubs_epi16(nib, _mm_set1_epi16(0x0110));
    _mm_storel_epi64(reinterpret_cast<__m128i*>(dst), _mm_packus_epi16(pairs, pairs));
    return true;
}
#endif

// The first '"' in [p, p+n), or nullptr. Inline SSE for the short strings
// of a /regions body (keys are ~20-60 characters): memchr's call and setup
// cost more than the search.
inline const char* find_quote(const char* p, size_t n) {
#if defined(__SSE2__)
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
        if (unsigned m = unsigned(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')))))
            return p + i + unsigned(__builtin_ctz(m));
    }
    return static_cast<const char*>(std::memchr(p + i, '"', n - i));
#else
    return static_cast<const char*>(std::memchr(p, '"', n));
#endif
}

bool hex_decode_fast(std::string_view hex, std::string& out) {
    if (hex.size() % 2 != 0) return false;
    out.resize(hex.size() / 2);
    const auto* in = reinterpret_cast<const unsigned char*>(hex.data());
    char* dst = out.data();
    size_t i = 0, n = out.size();
#if defined(__SSSE3__)
    for (; i + 8 <= n; i += 8)
        if (!hex16(hex.data() + 2 * i, dst + i)) return false;
#endif
    int bad = 0;
    for (; i < n; ++i) {
        int hi = kHex.v[in[2 * i]], lo = kHex.v[in[2 * i + 1]];
        bad |= hi | lo;  // any -1 sets the sign bit
        dst[i] = char((unsigned(hi) << 4) | unsigned(lo));
    }
    return bad >= 0;
}

}  // namespace

bool get_hex_key(JsonCtx& c, od::value& v, std::string& out) {
    // Hex has no escapes: decode straight from the raw JSON text (no copy
    // into simdjson's string buffer). The first quote ends it: an escaped
    // quote leaves a backslash in the text, which fails as a non-hex char.
    od::raw_json_string raw;
    if (auto ec = v.get_raw_json_string().get(raw)) return c.fail_value(ec, "hex key string", v);
    const char* p = raw.raw();
    const char* q = find_quote(p, c.bytes_after(p));
    std::string_view s(p, q ? size_t(q - p) : 0);
    if (!q || !hex_decode_fast(s, out)) {
        std::string shown(s.substr(0, 24));
        return c.fail("expected hex key, got \"" + shown + (s.size() > 24 ? "...\"" : "\""), p - 1);
    }
    return true;
}

const char* hex_string_body(const char* p, const char* end, std::string& out) {
    const char* q = find_quote(p, size_t(end - p));
    if (!q || !hex_decode_fast(std::string_view(p, size_t(q - p)), out)) return nullptr;
    return q + 1;
}

bool get_string_array(JsonCtx& c, od::value& v, std::vector<std::string>& out) {
    out.clear();
    return for_each_element(c, v, [&](size_t, od::value& e) {
        std::string s;
        if (!get_string(c, e, s)) return false;
        out.push_back(std::move(s));
        return true;
    });
}

bool get_u64_array(JsonCtx& c, od::value& v, std::vector<uint64_t>& out) {
    out.clear();
    return for_each_element(c, v, [&](size_t, od::value& e) {
        uint64_t x = 0;
        if (!get_u64(c, e, x)) return false;
        out.push_back(x);
        return true;
    });
}

bool get_root(JsonCtx& c, od::document& doc, od::value& out, const char* expected) {
    auto ec = doc.get_value().get(out);
    if (ec == simdjson::SUCCESS) return true;
    if (ec == simdjson::SCALAR_DOCUMENT_AS_VALUE) {
        od::json_type t;
        const char* names[] = {"array", "object", "number", "string", "boolean", "null"};
        const char* got = "scalar";
        if (doc.type().get(t) == simdjson::SUCCESS) got = names[int(t) - 1];
        return c.fail(std::string("expected ") + expected + ", got " + got, location_of(doc));
    }
    return c.fail_syntax(ec, location_of(doc));
}

bool body_is_null(const std::string& body) {
    size_t a = body.find_first_not_of(" \t\r\n");
    size_t b = body.find_last_not_of(" \t\r\n");
    return a != std::string::npos && body.compare(a, b - a + 1, "null") == 0;
}

bool is_null(od::value& v) {
    // Peek at the type first: value::is_null() assumes a non-root value
    // (SIMDJSON_ASSUME, undefined behaviour otherwise), and root values here
    // are always arrays or objects (get_root rejects scalar documents), so
    // only a real null reaches is_null(), which then consumes it.
    od::json_type t;
    if (v.type().get(t) != simdjson::SUCCESS || t != od::json_type::null) return false;
    bool null = false;
    if (v.is_null().get(null)) return false;
    return null;
}

bool key_to_u64(JsonCtx& c, std::string_view key, uint64_t& out) {
    if (key.empty() || key.size() > 20) return c.fail("expected a store id key, got \"" + std::string(key) + "\"", nullptr);
    uint64_t v = 0;
    for (char ch : key) {
        if (ch < '0' || ch > '9') return c.fail("expected a store id key, got \"" + std::string(key) + "\"", nullptr);
        uint64_t d = uint64_t(ch - '0');
        if (v > (UINT64_MAX - d) / 10) return c.fail("store id key out of range: \"" + std::string(key) + "\"", nullptr);
        v = v * 10 + d;
    }
    out = v;
    return true;
}

}  // namespace medic::pd::detail
