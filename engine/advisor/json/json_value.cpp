// engine/advisor/json/json_value.cpp: Value accessors, builders and the
// compact serializer (no simdjson here).
#include "json_value.hpp"

#include <cstdio>

namespace medic::advisor::json {

const Value* Value::find(std::string_view key) const {
    if (type != Type::Object) return nullptr;
    for (const auto& m : members)
        if (m.first == key) return &m.second;
    return nullptr;
}

std::optional<std::string_view> Value::str() const {
    if (type != Type::String) return std::nullopt;
    return std::string_view(text);
}

std::optional<int64_t> Value::int64() const {
    if (type != Type::Number || number_kind != NumberKind::Int64) return std::nullopt;
    return i64;
}

std::optional<double> Value::number() const {
    if (type != Type::Number) return std::nullopt;
    return f64;
}

Value Value::make_bool(bool b) {
    Value v;
    v.type = Type::Bool;
    v.boolean = b;
    return v;
}

Value Value::make_string(std::string s) {
    Value v;
    v.type = Type::String;
    v.text = std::move(s);
    return v;
}

Value Value::make_int(int64_t i) {
    Value v;
    v.type = Type::Number;
    v.number_kind = NumberKind::Int64;
    v.i64 = i;
    v.f64 = double(i);
    v.text = std::to_string(i);
    return v;
}

Value& Value::set(std::string key, Value v) {
    type = Type::Object;
    members.emplace_back(std::move(key), std::move(v));
    return members.back().second;
}

Value& Value::push(Value v) {
    type = Type::Array;
    items.push_back(std::move(v));
    return items.back();
}

void append_quoted(std::string& out, std::string_view s) {
    out.push_back('"');
    for (size_t i = 0; i < s.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
            if (c < 0x20 || c == 0x7f) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
                       (static_cast<unsigned char>(s[i + 2]) == 0xA8 || static_cast<unsigned char>(s[i + 2]) == 0xA9)) {
                // U+2028/U+2029 are valid JSON but break JavaScript-ish consumers and log viewers.
                out += static_cast<unsigned char>(s[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
                i += 2;
            } else {
                out.push_back(static_cast<char>(c));
            }
        }
    }
    out.push_back('"');
}

std::string quoted(std::string_view s) {
    std::string out;
    append_quoted(out, s);
    return out;
}

static void write(std::string& out, const Value& v) {
    switch (v.type) {
    case Type::Null: out += "null"; return;
    case Type::Bool: out += v.boolean ? "true" : "false"; return;
    case Type::Number: out += v.text.empty() ? std::to_string(v.f64) : v.text; return;
    case Type::String: append_quoted(out, v.text); return;
    case Type::Array:
        out.push_back('[');
        for (size_t i = 0; i < v.items.size(); ++i) {
            if (i) out.push_back(',');
            write(out, v.items[i]);
        }
        out.push_back(']');
        return;
    case Type::Object:
        out.push_back('{');
        for (size_t i = 0; i < v.members.size(); ++i) {
            if (i) out.push_back(',');
            append_quoted(out, v.members[i].first);
            out.push_back(':');
            write(out, v.members[i].second);
        }
        out.push_back('}');
        return;
    case Type::Count: break;
    }
}

std::string serialize(const Value& v) {
    std::string out;
    write(out, v);
    return out;
}

}  // namespace medic::advisor::json
