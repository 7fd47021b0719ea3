// engine/advisor/json/json_value.hpp: a small owned JSON tree for untrusted
// input (LLM responses, tool arguments, replay fixtures), its strict parser
// and a serializer.
//
// Why a tree and not On Demand all the way: model output must be checked for
// things On Demand does not reject by itself — duplicate keys, unknown fields,
// trailing content, excessive depth — and reported with a field path. The
// parser (json_parse.cpp) is the only translation unit that includes
// simdjson.h, which also keeps compile times low. Numbers keep their source
// text so integers are never silently rounded (an id of 2^63 or 12.0 is
// rejected by the validator, not "fixed").
//
// This unit must not interpret what the JSON means; validators do that.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "../expected.hpp"

namespace medic::advisor::json {

enum class Type : uint8_t { Null, Bool, Number, String, Array, Object, Count };

inline constexpr const char* kTypeNames[] = {"null", "boolean", "number", "string", "array", "object"};
static_assert(std::size(kTypeNames) == size_t(Type::Count));
inline const char* type_name(Type t) { return kTypeNames[size_t(t)]; }

/// How a number was written: an integer that fits int64, one that only fits
/// uint64, or anything else (fraction, exponent).
enum class NumberKind : uint8_t { Int64, Uint64, Float };

struct Value {
    Type type = Type::Null;
    bool boolean = false;
    NumberKind number_kind = NumberKind::Int64;
    int64_t i64 = 0;
    uint64_t u64 = 0;
    double f64 = 0;
    std::string text;                                   ///< string value, or the number's source text
    std::vector<Value> items;                           ///< array elements
    std::vector<std::pair<std::string, Value>> members;  ///< object members in source order

    bool is_null() const { return type == Type::Null; }
    bool is_object() const { return type == Type::Object; }
    bool is_array() const { return type == Type::Array; }
    bool is_string() const { return type == Type::String; }
    bool is_number() const { return type == Type::Number; }
    bool is_bool() const { return type == Type::Bool; }

    /// Member lookup (objects only); nullptr when absent or not an object.
    const Value* find(std::string_view key) const;
    /// The string value, or nullopt when this is not a string.
    std::optional<std::string_view> str() const;
    /// The integer value when written as an integer that fits int64.
    std::optional<int64_t> int64() const;
    /// Any number as a double (lossy); nullopt when not a number.
    std::optional<double> number() const;

    static Value make_null() { return Value{}; }
    static Value make_bool(bool b);
    static Value make_string(std::string s);
    static Value make_int(int64_t v);
    static Value make_array() { Value v; v.type = Type::Array; return v; }
    static Value make_object() { Value v; v.type = Type::Object; return v; }
    /// Appends a member to an object (no duplicate check: the caller builds it).
    Value& set(std::string key, Value v);
    Value& push(Value v);
};

struct ParseOptions {
    bool reject_duplicate_keys = true;
    size_t max_depth = 64;
    size_t max_bytes = 8u << 20;
};

struct ParseError {
    std::string message;  ///< "duplicate key 'action' at $.action", "invalid JSON: ..."
    std::string path;     ///< JSON path where it happened ("$" for the root)
};

/// Parses exactly one JSON value (surrounding whitespace allowed, nothing
/// else). Invalid UTF-8, duplicate keys (by default), trailing content and
/// nesting deeper than max_depth are errors.
/// @param text the document; it is copied into a padded buffer.
/// @return the tree or a ParseError with the path.
Expected<Value, ParseError> parse(std::string_view text, const ParseOptions& opts = {});

/// Compact serialization; numbers are written from their source text.
std::string serialize(const Value& v);

/// Appends `s` as a JSON string literal (with quotes) to `out`. Control
/// characters, quotes, backslashes and U+2028/U+2029 are escaped.
void append_quoted(std::string& out, std::string_view s);
std::string quoted(std::string_view s);

}  // namespace medic::advisor::json
