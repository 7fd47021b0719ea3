// engine/advisor/json/json_parse.cpp: the strict JSON parser behind
// json::parse — simdjson On Demand walked into an owned Value tree, with the
// checks On Demand leaves to the caller: duplicate keys, depth, trailing
// content. The only advisor file that includes simdjson.h.
#include "json_value.hpp"

#include <simdjson.h>

#include <algorithm>
#include <cstring>

namespace medic::advisor::json {
namespace {

namespace od = simdjson::ondemand;

struct Walker {
    const ParseOptions& opts;
    std::string error;
    std::string error_path;

    bool fail(std::string msg, const std::string& path) {
        if (error.empty()) {
            error = std::move(msg);
            error_path = path;
        }
        return false;
    }
    bool fail_code(simdjson::error_code ec, const std::string& path) {
        return fail(std::string("invalid JSON: ") + simdjson::error_message(ec), path);
    }

    template <class V>
    bool walk(V& v, Value& out, const std::string& path, size_t depth);
    template <class V>
    bool walk_number(V& v, Value& out, const std::string& path);
    bool walk_object(od::object obj, Value& out, const std::string& path, size_t depth);
    bool walk_array(od::array arr, Value& out, const std::string& path, size_t depth);
};

std::string trim_ws(std::string_view s) {
    while (!s.empty() && std::strchr(" \t\r\n", s.back()) != nullptr) s.remove_suffix(1);
    return std::string(s);
}

// value::raw_json_token() returns a view; document's returns a simdjson_result.
bool raw_token(std::string_view in, std::string_view& out) {
    out = in;
    return true;
}
bool raw_token(simdjson::simdjson_result<std::string_view> in, std::string_view& out) { return !std::move(in).get(out); }

template <class V>
bool Walker::walk_number(V& v, Value& out, const std::string& path) {
    out.type = Type::Number;
    od::number_type nt{};
    if (auto ec = v.get_number_type().get(nt)) return fail_code(ec, path);
    std::string_view raw;
    if (!raw_token(v.raw_json_token(), raw)) return fail("cannot read number token", path);
    out.text = trim_ws(raw);
    simdjson::error_code ec{};
    if (nt == od::number_type::signed_integer) {
        out.number_kind = NumberKind::Int64;
        ec = v.get_int64().get(out.i64);
        out.f64 = double(out.i64);
    } else if (nt == od::number_type::unsigned_integer) {
        out.number_kind = NumberKind::Uint64;
        ec = v.get_uint64().get(out.u64);
        out.f64 = double(out.u64);
    } else {
        out.number_kind = NumberKind::Float;
        ec = v.get_double().get(out.f64);
    }
    if (ec) return fail("number out of range or malformed: '" + out.text.substr(0, 40) + "'", path);
    return true;
}

bool Walker::walk_object(od::object obj, Value& out, const std::string& path, size_t depth) {
    out.type = Type::Object;
    for (auto field_res : obj) {
        od::field field;
        if (auto ec = std::move(field_res).get(field)) return fail_code(ec, path);
        std::string_view key;
        if (auto ec = field.unescaped_key().get(key)) return fail_code(ec, path);
        std::string k(key);
        std::string child_path = path + "." + k;
        if (opts.reject_duplicate_keys) {
            for (const auto& m : out.members)
                if (m.first == k) return fail("duplicate key '" + k + "'", child_path);
        }
        out.members.emplace_back(std::move(k), Value{});
        od::value child = field.value();
        if (!walk(child, out.members.back().second, child_path, depth + 1)) return false;
    }
    return true;
}

bool Walker::walk_array(od::array arr, Value& out, const std::string& path, size_t depth) {
    out.type = Type::Array;
    size_t i = 0;
    for (auto elem_res : arr) {
        od::value elem;
        std::string child_path = path + "[" + std::to_string(i++) + "]";
        if (auto ec = std::move(elem_res).get(elem)) return fail_code(ec, child_path);
        out.items.emplace_back();
        if (!walk(elem, out.items.back(), child_path, depth + 1)) return false;
    }
    return true;
}

template <class V>
bool Walker::walk(V& v, Value& out, const std::string& path, size_t depth) {
    if (depth > opts.max_depth) return fail("nesting deeper than " + std::to_string(opts.max_depth), path);
    od::json_type t{};
    if (auto ec = v.type().get(t)) return fail_code(ec, path);
    switch (t) {
    case od::json_type::object: {
        od::object obj;
        if (auto ec = v.get_object().get(obj)) return fail_code(ec, path);
        return walk_object(obj, out, path, depth);
    }
    case od::json_type::array: {
        od::array arr;
        if (auto ec = v.get_array().get(arr)) return fail_code(ec, path);
        return walk_array(arr, out, path, depth);
    }
    case od::json_type::string: {
        std::string_view s;
        if (auto ec = v.get_string().get(s)) return fail_code(ec, path);
        out.type = Type::String;
        out.text = std::string(s);
        return true;
    }
    case od::json_type::boolean: {
        out.type = Type::Bool;
        if (auto ec = v.get_bool().get(out.boolean)) return fail_code(ec, path);
        return true;
    }
    case od::json_type::null: {
        bool is_null = false;
        if (auto ec = v.is_null().get(is_null); ec || !is_null) return fail("invalid literal", path);
        out.type = Type::Null;
        return true;
    }
    case od::json_type::number:
        return walk_number(v, out, path);
    }
    return fail("unknown JSON value type", path);
}

/// Offset just past the root value when the root is an object or array,
/// found with a string-aware bracket match; npos when unbalanced. simdjson
/// checks trailing content for scalar roots itself, but not after a root
/// object whose fields were all consumed — and "two JSON objects in one
/// reply" is a known failure mode of small models.
size_t container_end(std::string_view s) {
    size_t i = 0;
    while (i < s.size() && std::strchr(" \t\r\n", s[i]) != nullptr) ++i;
    if (i == s.size() || (s[i] != '{' && s[i] != '[')) return std::string_view::npos;
    int depth = 0;
    bool in_string = false;
    for (; i < s.size(); ++i) {
        char c = s[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
            continue;
        }
        if (c == '"') in_string = true;
        else if (c == '{' || c == '[') ++depth;
        else if ((c == '}' || c == ']') && --depth == 0) return i + 1;
    }
    return std::string_view::npos;
}

bool only_whitespace(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return std::strchr(" \t\r\n", c) != nullptr; });
}

}  // namespace

Expected<Value, ParseError> parse(std::string_view text, const ParseOptions& opts) {
    if (text.size() > opts.max_bytes)
        return ParseError{"document larger than " + std::to_string(opts.max_bytes) + " bytes", "$"};
    if (only_whitespace(text)) return ParseError{"empty document", "$"};
    size_t end = container_end(text);
    if (end != std::string_view::npos && !only_whitespace(text.substr(end)))
        return ParseError{"trailing content after the JSON value", "$"};
    simdjson::padded_string padded(text);
    od::parser parser;
    od::document doc;
    if (auto ec = parser.iterate(padded).get(doc))
        return ParseError{std::string("invalid JSON: ") + simdjson::error_message(ec), "$"};
    Walker w{opts, {}, {}};
    Value root;
    if (!w.walk(doc, root, "$", 1)) return ParseError{w.error, w.error_path};
    return root;
}

}  // namespace medic::advisor::json
