// engine/pd/json_ctx.hpp: internal to engine/pd (includes simdjson). JsonCtx
// carries the endpoint, the current field path and the first error of one
// parse, and the get_* helpers do one checked simdjson get each, recording
// "stores[3].store.state_name: expected string, got number near '5, ...'"
// on failure (STYLE 3.7). Only pd_json*.cpp include this.
#pragma once

#include <simdjson.h>

#include <cstdint>
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

    // -- field path (rendered only when an error happens)
    void push(std::string_view key) { path_.push_back({key, -1}); }
    void push_index(size_t i) { path_.push_back({{}, int64_t(i)}); }
    void pop() { path_.pop_back(); }
    std::string path() const;

    // -- errors: all return false so callers can `return ctx.fail...`
    bool fail(std::string what, const char* loc);
    /// Type/range error for the value at the current path.
    bool fail_value(simdjson::error_code ec, const char* expected, od::value& v);
    /// A simdjson error that is not a type error (truncated, invalid JSON).
    bool fail_syntax(simdjson::error_code ec, const char* loc = nullptr);
    bool fail_missing(const char* field);
    bool failed() const { return failed_; }
    PdError error() const { return err_; }

private:
    struct Seg {
        std::string_view key;
        int64_t index;
    };
    std::string near(const char* loc) const;
    std::string endpoint_;
    const char* buf_;
    size_t len_;
    std::vector<Seg> path_;
    bool failed_ = false;
    PdError err_;
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

bool get_u64(JsonCtx& c, od::value& v, uint64_t& out);
bool get_i64(JsonCtx& c, od::value& v, int64_t& out);
bool get_double(JsonCtx& c, od::value& v, double& out);
bool get_bool(JsonCtx& c, od::value& v, bool& out);
/// Go ",string" booleans: "true"/"false" (a JSON bool is accepted too).
bool get_string_bool(JsonCtx& c, od::value& v, bool& out);
bool get_string(JsonCtx& c, od::value& v, std::string& out);
bool get_string_view(JsonCtx& c, od::value& v, std::string_view& out);
bool get_object(JsonCtx& c, od::value& v, od::object& out);
bool get_array(JsonCtx& c, od::value& v, od::array& out);
bool get_byte_size(JsonCtx& c, od::value& v, uint64_t& out);
bool get_duration(JsonCtx& c, od::value& v, double& out);
bool get_hex_key(JsonCtx& c, od::value& v, std::string& out);
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

/// Iterate the fields of object value `v`: fn(key, value) -> bool (false stops).
template <class Fn>
bool for_each_field(JsonCtx& c, od::value& v, Fn&& fn) {
    od::object obj;
    if (!get_object(c, v, obj)) return false;
    for (auto field : obj) {
        // Keys are compared in their raw form: PD's keys are plain ASCII
        // identifiers, and unescaping would copy every key of a 100 MB body
        // into simdjson's string buffer (time and resident memory).
        od::raw_json_string raw;
        if (auto ec = field.key().get(raw)) return c.fail_syntax(ec);
        std::string_view key = raw_key_view(raw);
        od::value val;
        if (auto ec = field.value().get(val)) return c.fail_syntax(ec);
        if (!fn(key, val)) return false;
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
    for (auto elem : arr) {
        od::value val;
        if (auto ec = elem.get(val)) return c.fail_syntax(ec);
        PathGuard g(c, i);
        if (!fn(i, val)) return false;
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
