// engine/pd/json_ctx.hpp: internal to engine/pd (includes simdjson). JsonCtx
// carries the endpoint, the current field path and the first error of one
// parse, and the get_* helpers do one checked simdjson get each, recording
// "stores[3].store.state_name: expected string, got number near '5, ...'"
// on failure (STYLE 3.7). Only pd_json*.cpp include this.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "pd/result.hpp"

namespace medic::pd::detail {

namespace od = simdjson::ondemand;

class JsonCtx {
public:
    JsonCtx(std::string_view endpoint, const char* buf, size_t len)
        : endpoint_(endpoint), buf_(buf), len_(len) {}

    // -- field path (rendered only when an error happens). A fixed stack:
    // a push per field must cost a store, not a vector append (a /regions
    // scan pushes ~40 segments per region). Keys are views into the body or
    // literals. Deeper than kMaxDepth renders as "...".
    void push(std::string_view key) {
        if (depth_ < kMaxDepth) path_[depth_] = {key.data(), uint32_t(key.size()), -1};
        ++depth_;
    }
    void push_index(size_t i) {
        if (depth_ < kMaxDepth) path_[depth_] = {nullptr, 0, int64_t(i)};
        ++depth_;
    }
    void pop() { --depth_; }
    /// Re-point the innermost (index) segment: one push per array, not per element.
    void set_top_index(size_t i) {
        if (depth_ > 0 && depth_ <= kMaxDepth) path_[depth_ - 1].index = int64_t(i);
    }
    std::string path() const;
    /// Byte offsets in messages are reported as (place in this buffer) +
    /// `base`: a batch of a streamed body reports offsets in the whole body.
    void set_offset_base(int64_t base) { offset_base_ = base; }
    /// Places at or after buffer offset `after` are `extra` bytes further in
    /// the body (a streamed body's text after its regions array).
    void set_offset_shift(int64_t after, int64_t extra) {
        shift_after_ = after;
        shift_extra_ = extra;
    }

    // -- errors: all return false so callers can `return ctx.fail...`
    bool fail(std::string what, const char* loc);
    /// Type/range error for the value at the current path.
    bool fail_value(simdjson::error_code ec, const char* expected, od::value& v);
    /// A simdjson error that is not a type error (truncated, invalid JSON).
    bool fail_syntax(simdjson::error_code ec, const char* loc = nullptr);
    bool fail_missing(const char* field);
    /// Called after a scalar getter failed for field `key` of the current
    /// object without a path segment pushed for it (the hot parsers push
    /// segments only for containers): appends the key to the failure's path
    /// when the failure happened at this depth. The message reads the same
    /// as if the segment had been pushed; the success path costs nothing.
    void name_failed_field(std::string_view key);
    bool failed() const { return failed_; }
    /// Bytes of the (padded) buffer from p on, padding included.
    size_t bytes_after(const char* p) const { return size_t(buf_ + len_ + simdjson::SIMDJSON_PADDING - p); }
    PdError error() const;

private:
    struct Seg {
        const char* key;
        uint32_t len;
        int64_t index;  // >= 0: an array index segment
    };
    static constexpr int kMaxDepth = 16;
    std::string near(const char* loc) const;
    std::string endpoint_;
    const char* buf_;
    size_t len_;
    Seg path_[kMaxDepth];
    int depth_ = 0;
    int64_t offset_base_ = 0;
    int64_t shift_after_ = INT64_MAX, shift_extra_ = 0;
    bool failed_ = false;
    int fail_depth_ = 0;
    std::string fail_path_;  // path at the failure ("" = root), then ": " + fail_what_
    std::string fail_what_;
};

/// RAII path segment.
class PathGuard {
public:
    PathGuard(JsonCtx& c, std::string_view key) : c_(c) { c_.push(key); }
    PathGuard(JsonCtx& c, size_t index) : c_(c) { c_.push_index(index); }
    ~PathGuard() { c_.pop(); }
    PathGuard(const PathGuard&) = delete;
    PathGuard& operator=(const PathGuard&) = delete;

private:
    JsonCtx& c_;
};

const char* json_type_name(od::value& v);

/// Where `v` (a value or document) sits in the body, or nullptr.
template <class V>
const char* location_of(V& v) {
    const char* p = nullptr;
    if (v.current_location().get(p) != simdjson::SUCCESS) return nullptr;
    return p;
}

// The hot getters are inline (a /regions scan calls them ~30 times per
// region); only their failure paths are out of line.
[[gnu::always_inline]] inline bool get_u64(JsonCtx& c, od::value& v, uint64_t& out) {
    if (auto ec = v.get_uint64().get(out)) [[unlikely]]
        return c.fail_value(ec, "unsigned integer", v);
    return true;
}
[[gnu::always_inline]] inline bool get_i64(JsonCtx& c, od::value& v, int64_t& out) {
    if (auto ec = v.get_int64().get(out)) [[unlikely]]
        return c.fail_value(ec, "integer", v);
    return true;
}
bool get_double(JsonCtx& c, od::value& v, double& out);
inline bool get_bool(JsonCtx& c, od::value& v, bool& out) {
    if (auto ec = v.get_bool().get(out)) [[unlikely]]
        return c.fail_value(ec, "boolean", v);
    return true;
}
/// Go ",string" booleans: "true"/"false" (a JSON bool is accepted too).
bool get_string_bool(JsonCtx& c, od::value& v, bool& out);
bool get_string(JsonCtx& c, od::value& v, std::string& out);
bool get_string_view(JsonCtx& c, od::value& v, std::string_view& out);
inline bool get_object(JsonCtx& c, od::value& v, od::object& out) {
    if (auto ec = v.get_object().get(out)) [[unlikely]]
        return c.fail_value(ec, "object", v);
    return true;
}
inline bool get_array(JsonCtx& c, od::value& v, od::array& out) {
    if (auto ec = v.get_array().get(out)) [[unlikely]]
        return c.fail_value(ec, "array", v);
    return true;
}
bool get_byte_size(JsonCtx& c, od::value& v, uint64_t& out);
bool get_duration(JsonCtx& c, od::value& v, double& out);
bool get_hex_key(JsonCtx& c, od::value& v, std::string& out);
/// The hex text from p (just after the opening quote) to the first quote
/// before `end`, decoded into out; returns just after that quote, nullptr
/// when there is none or the text is not hex.
const char* hex_string_body(const char* p, const char* end, std::string& out);
bool get_string_array(JsonCtx& c, od::value& v, std::vector<std::string>& out);
bool get_u64_array(JsonCtx& c, od::value& v, std::vector<uint64_t>& out);
/// The root value of `doc` (object or array); a scalar document fails with
/// "expected <expected>, got <type>".
bool get_root(JsonCtx& c, od::document& doc, od::value& out, const char* expected);
/// true when the trimmed body is the JSON literal null.
bool body_is_null(const std::string& body);
/// true (and v is consumed) when v is JSON null.
bool is_null(od::value& v);
/// An object key that must be a decimal uint64 (store ids in hot maps).
bool key_to_u64(JsonCtx& c, std::string_view key, uint64_t& out);

/// The text of a raw (still escaped) key up to its closing quote.
inline std::string_view raw_key_view(od::raw_json_string raw) {
    const char* p = raw.raw();
    const char* q = p;
    while (*q != '"') q += (*q == '\\') ? 2 : 1;  // the padded buffer always holds the closing quote
    return {p, size_t(q - p)};
}

/// true when the raw key at `raw` (just after its opening quote) is exactly
/// `lit`: a compare of len+1 bytes, no scan for the closing quote (the padded
/// body always has them). Escaped spellings of a name do not match; PD never
/// escapes its ASCII field names.
inline bool key_is(const char* raw, std::string_view lit) {
    return std::memcmp(raw, lit.data(), lit.size()) == 0 && raw[lit.size()] == '"';
}

/// Iterate the fields of object value `v` with raw keys: fn(const char* raw,
/// value) -> bool, `raw` pointing just after the key's opening quote. The
/// hot parsers dispatch on raw[0] and key_is() instead of building views.
template <class Fn>
bool for_each_raw_field(JsonCtx& c, od::value& v, Fn&& fn) {
    od::object obj;
    if (!get_object(c, v, obj)) return false;
    for (auto field : obj) {
        // Take the field out of its result once and use its key and value in
        // place: field.key().get() / field.value().get() each copied a
        // simdjson_result through the stack, and the mixed-size stores and
        // loads of those copies stalled store forwarding (~60% of the
        // region parser's samples under perf).
        if (auto ec = field.error()) [[unlikely]]
            return c.fail_syntax(ec);
        // (value_unsafe() has only a const& overload for an lvalue; `field`
        // is our own non-const local, so the const_cast is sound.)
        od::field& f = const_cast<od::field&>(field.value_unsafe());
        if (!fn(f.key().raw(), f.value())) return false;
    }
    return !c.failed();
}

/// Iterate the fields of object value `v`: fn(key, value) -> bool (false stops).
template <class Fn>
bool for_each_field(JsonCtx& c, od::value& v, Fn&& fn) {
    od::object obj;
    if (!get_object(c, v, obj)) return false;
    for (auto field : obj) {
        // Keys are compared in their raw form: PD's keys are plain ASCII
        // identifiers, and unescaping would copy every key of a 100 MB body
        // into simdjson's string buffer (time and resident memory).
        if (auto ec = field.error()) return c.fail_syntax(ec);
        od::field& f = const_cast<od::field&>(field.value_unsafe());  // in place: see for_each_raw_field
        if (!fn(raw_key_view(f.key()), f.value())) return false;
    }
    return !c.failed();
}

/// Iterate the elements of array value `v`: fn(index, value) -> bool. JSON
/// null counts as an empty array (Go marshals a nil slice as null).
template <class Fn>
bool for_each_element(JsonCtx& c, od::value& v, Fn&& fn) {
    if (is_null(v)) return true;
    od::array arr;
    if (!get_array(c, v, arr)) return false;
    size_t i = 0;
    PathGuard g(c, size_t(0));
    for (auto elem : arr) {
        if (auto ec = elem.error()) [[unlikely]]
            return c.fail_syntax(ec);
        c.set_top_index(i);
        // The element in place, not copied out of its result (see for_each_raw_field).
        if (!fn(i, const_cast<od::value&>(elem.value_unsafe()))) return false;
        ++i;
    }
    return !c.failed();
}

/// Parse a whole body: pads it (copying only if `body` lacks capacity),
/// iterates, calls fn(ctx, document&) and checks nothing trails the value.
/// Returns the PdError (Malformed) on failure.
template <class Fn>
Status parse_document(std::string_view endpoint, const std::string& body, Fn&& fn);

od::parser& thread_parser();

}  // namespace medic::pd::detail

#include "pd/json_ctx_impl.hpp"
