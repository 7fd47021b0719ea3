// bindings/lua/convert.cpp: Value <-> Lua and renderings (convert.hpp).
#include "bindings/lua/convert.hpp"

#include <lua.hpp>

#include <cmath>
#include <cstdio>

#include "bindings/lua/error_object.hpp"

namespace medic::lua {
namespace {

constexpr int kMaxDepth = 16;

void push_depth(lua_State* L, const api::Value& v, int depth) {
    using K = api::Value::Kind;
    luaL_checkstack(L, 3, "result too deep");
    if (depth > kMaxDepth) {
        lua_pushnil(L);
        return;
    }
    switch (v.kind) {
    case K::Nil:
    case K::Function: lua_pushnil(L); break;
    case K::Boolean: lua_pushboolean(L, v.b); break;
    case K::Integer: lua_pushnumber(L, lua_Number(v.i)); break;
    case K::Number: lua_pushnumber(L, v.n); break;
    case K::String: lua_pushlstring(L, v.s.data(), v.s.size()); break;
    case K::Array:
        lua_createtable(L, int(v.a->size()), 0);  // stack: t
        for (size_t i = 0; i < v.a->size(); i++) {
            push_depth(L, (*v.a)[i], depth + 1);  // stack: t, e
            lua_rawseti(L, -2, int(i + 1));       // stack: t
        }
        break;
    case K::Map:
        lua_createtable(L, 0, int(v.m->size()));  // stack: t
        for (const auto& [k, e] : *v.m) {
            lua_pushlstring(L, k.data(), k.size());  // stack: t, k
            push_depth(L, e, depth + 1);             // stack: t, k, e
            lua_rawset(L, -3);                       // stack: t
        }
        break;
    }
}

void json_into(std::string& out, const api::Value& v, int depth) {
    using K = api::Value::Kind;
    if (depth > kMaxDepth) {
        out += "null";
        return;
    }
    switch (v.kind) {
    case K::Nil:
    case K::Function: out += "null"; break;
    case K::Boolean: out += v.b ? "true" : "false"; break;
    case K::Integer: out += std::to_string(v.i); break;
    case K::Number: out += std::isfinite(v.n) ? render_number(v.n) : "null"; break;
    case K::String: out += json_quote(v.s); break;
    case K::Array:
        out += '[';
        for (size_t i = 0; i < v.a->size(); i++) {
            if (i) out += ',';
            json_into(out, (*v.a)[i], depth + 1);
        }
        out += ']';
        break;
    case K::Map:
        out += '{';
        for (size_t i = 0; i < v.m->size(); i++) {
            if (i) out += ',';
            out += json_quote((*v.m)[i].first);
            out += ':';
            json_into(out, (*v.m)[i].second, depth + 1);
        }
        out += '}';
        break;
    }
}

}  // namespace

void push_value(lua_State* L, const api::Value& v) { push_depth(L, v, 0); }

std::string render_number(double d) {
    if (std::isnan(d)) return "nan";
    if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
    char buf[40];
    if (d == std::floor(d) && std::fabs(d) < 1e18)
        std::snprintf(buf, sizeof buf, "%.0f", d);
    else
        std::snprintf(buf, sizeof buf, "%.14g", d);
    return buf;
}

std::string render_actual(lua_State* L, int idx) {
    switch (lua_type(L, idx)) {
    case LUA_TNONE:
    case LUA_TNIL: return "nil";
    case LUA_TBOOLEAN: return lua_toboolean(L, idx) ? "true" : "false";
    case LUA_TNUMBER: return render_number(lua_tonumber(L, idx));
    case LUA_TSTRING: {
        size_t len = 0;
        const char* s = lua_tolstring(L, idx, &len);
        std::string_view sv(s, len);
        bool cut = sv.size() > 32;
        return "\"" + escape_text(sv.substr(0, 32), 200) + (cut ? "...\"" : "\"");
    }
    default: return lua_typename(L, lua_type(L, idx));
    }
}

size_t utf8_sequence_length(std::string_view s, size_t i) {
    auto at = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char c = at(i);
    if (c < 0x80) return 1;
    size_t n = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xc2 && c <= 0xdf ? 2 : 0;
    if (n == 0 || i + n > s.size()) return 0;
    for (size_t k = 1; k < n; k++)
        if ((at(i + k) & 0xc0) != 0x80) return 0;
    unsigned char c1 = at(i + 1);
    if (c == 0xe0 && c1 < 0xa0) return 0;  // overlong 3-byte form
    if (c == 0xed && c1 > 0x9f) return 0;  // UTF-16 surrogate
    if (c == 0xf0 && c1 < 0x90) return 0;  // overlong 4-byte form
    if (c == 0xf4 && c1 > 0x8f) return 0;  // above U+10FFFF
    return n;
}

std::string json_quote(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 2);
    out += '"';
    for (size_t i = 0; i < s.size(); i++) {
        // Copy the run of plain characters at once (the common case).
        size_t j = i;
        while (j < s.size()) {
            unsigned char x = static_cast<unsigned char>(s[j]);
            if (x < 0x20 || x >= 0x7f || x == '"' || x == '\\') break;
            j++;
        }
        if (j > i) {
            out.append(s.data() + i, j - i);
            i = j - 1;
            continue;
        }
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80) {  // keep valid UTF-8; escape stray bytes so the output stays valid JSON
            size_t n = utf8_sequence_length(s, i);
            if (n) {
                out.append(s.substr(i, n));
                i += n - 1;
            } else {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            }
            continue;
        }
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20 || c == 0x7f) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out += char(c);
            }
        }
    }
    out += '"';
    return out;
}

std::string value_to_json(const api::Value& v) {
    std::string out;
    json_into(out, v, 0);
    return out;
}

}  // namespace medic::lua
