// bindings/lua/arg_check.cpp: checking a call's Lua arguments against its
// ApiFn (dispatch.hpp: check_args, parse_default, domain_text).
//
// [SECTION] messages      domain_text, type/domain/unknown-key messages
// [SECTION] checking      one value, keyset tables, positional and named args
#include "bindings/lua/dispatch.hpp"

#include <lua.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <algorithm>
#include <string_view>

#include "bindings/lua/convert.hpp"
#include "bindings/lua/error_object.hpp"
#include "bindings/lua/run.hpp"

namespace medic::lua {
namespace {

using api::Check;
using api::LuaType;

constexpr int kMaxKeys = 64;
constexpr int kMaxTableDepth = 3;

// ============================================================================
// [SECTION] messages
// ============================================================================

std::string bound(double v) { return render_number(v); }

/// The Lua type name, with a missing argument reading "nil" (STYLE 3.4).
const char* type_of(lua_State* L, int idx) { return lua_isnone(L, idx) ? "nil" : luaL_typename(L, idx); }

/// Domain errors show the range ("integer > 0"), type errors the Lua type.
// Subjects are string_views: the happy path never builds one; only a
// failure turns one into a message.
std::string must_be(std::string_view subject, const api::Domain& d, const std::string& got) {
    return std::string(subject) + " must be " + d.noun + " (" + domain_text(d) + "), got " + got;
}

std::string wrong_type(std::string_view subject, const api::Domain& d, const std::string& got) {
    return std::string(subject) + " must be " + d.noun + " (" + api::kLuaTypeNames[size_t(d.type)] + "), got " + got;
}

bool fail(ArgError& err, api::ErrorCode code, std::string_view subject, std::string message) {
    err.code = code;
    err.subject = subject;
    err.message = std::move(message);
    return false;
}

std::string expected_keys(std::span<const api::ParamSpec> fields) {
    std::string out;
    for (const auto& f : fields) out += (out.empty() ? "" : ", ") + std::string(f.name);
    return out;
}

// ============================================================================
// [SECTION] checking
// ============================================================================

bool is_identifier_impl(std::string_view s);
bool is_identifier(std::string_view s) { return is_identifier_impl(s); }

bool check_value(lua_State* L, int idx, const api::ParamSpec& p, std::string_view subject,
                 int depth, api::Value& out, ArgError& err);

/// Is `v` a value of numeric domain `d` (finite, integral and within 2^53
/// for integers, and the domain's sign or range check)?
[[gnu::always_inline]] inline bool number_in_domain(double v, const api::Domain& d) {
    bool integer = d.type == LuaType::Integer;
    // One range test for the common case: it is false for NaN (every
    // comparison with NaN is) and for both infinities. Inside it, an
    // integer check is a round trip through int64 (exact below 2^53).
    if (!(v >= -api::kMaxSafeInteger && v <= api::kMaxSafeInteger)) {
        if (integer || !std::isfinite(v)) return false;
    } else if (integer && v != double(int64_t(v))) {
        return false;
    }
    switch (d.check) {
    case Check::Positive: return v > 0;
    case Check::NonNegative: return v >= 0;
    case Check::Range: return v >= d.min && v <= d.max;
    default: return true;
    }
}

bool check_number(lua_State* L, int idx, const api::Domain& d, std::string_view subject,
                  api::Value& out, ArgError& err) {
    if (lua_type(L, idx) != LUA_TNUMBER)
        return fail(err, api::ErrorCode::E_ARG_TYPE, subject, wrong_type(subject, d, type_of(L, idx)));
    double v = lua_tonumber(L, idx);
    if (!number_in_domain(v, d))
        return fail(err, api::ErrorCode::E_ARG_DOMAIN, subject, must_be(subject, d, render_number(v)));
    bool integer = d.type == LuaType::Integer;
    out.clear();  // set in place: no temporary Value on the hot path
    if (integer) {
        out.kind = api::Value::Kind::Integer;
        out.i = int64_t(v);
    } else {
        out.kind = api::Value::Kind::Number;
        out.n = v;
    }
    return true;
}

bool check_string(lua_State* L, int idx, const api::Domain& d, std::string_view subject,
                  api::Value& out, ArgError& err) {
    if (lua_type(L, idx) != LUA_TSTRING)  // never coerce numbers to strings
        return fail(err, api::ErrorCode::E_ARG_TYPE, subject, wrong_type(subject, d, type_of(L, idx)));
    size_t len = 0;
    const char* s = lua_tolstring(L, idx, &len);
    size_t max = d.max_len ? d.max_len : api::kDefaultMaxString;
    std::string_view sv(s, len);
    if (len > max)
        return fail(err, api::ErrorCode::E_ARG_DOMAIN, subject,
                    std::string(subject) + " must be " + d.noun + " (string of at most " + std::to_string(max) +
                        " bytes), got a string of " + std::to_string(len) + " bytes");
    if (std::memchr(s, 0, len) != nullptr)
        return fail(err, api::ErrorCode::E_ARG_DOMAIN, subject,
                    std::string(subject) + " must be " + d.noun + " (string without NUL bytes), got " + render_actual(L, idx));
    if (d.check == Check::NonEmpty && len == 0)
        return fail(err, api::ErrorCode::E_ARG_DOMAIN, subject, must_be(subject, d, render_actual(L, idx)));
    if (d.check == Check::OneOf) {
        bool found = false;
        for (const char* c : d.choices) found = found || sv == c;
        if (!found)
            return fail(err, api::ErrorCode::E_ARG_DOMAIN, subject, must_be(subject, d, render_actual(L, idx)));
    }
    out.clear();
    out.kind = api::Value::Kind::String;
    out.s.assign(sv);  // reuses the slot's buffer
    return true;
}

/// A plain table: no metatable (blocks __index TOCTOU), bounded key count.
bool check_plain_table(lua_State* L, int idx, const api::Domain& d, std::string_view subject,
                       int depth, ArgError& err) {
    if (lua_type(L, idx) != LUA_TTABLE)
        return fail(err, api::ErrorCode::E_ARG_TYPE, subject, wrong_type(subject, d, type_of(L, idx)));
    if (lua_getmetatable(L, idx)) {
        lua_pop(L, 1);
        return fail(err, api::ErrorCode::E_ARG_TYPE, subject,
                    std::string(subject) + " must be " + d.noun + " (table without a metatable), got a table with a metatable");
    }
    if (depth > kMaxTableDepth)
        return fail(err, api::ErrorCode::E_ARG_DOMAIN, subject, std::string(subject) + " is nested too deeply");
    return true;
}

/// Iterate a plain table's keys; each must be a string naming a field.
bool check_keyset(lua_State* L, int idx, const api::ParamSpec& p, std::string_view subject,
                  int depth, api::Value& out, ArgError& err, std::string_view prefix) {
    std::vector<api::Value> vals(p.fields.size());
    std::vector<bool> given(p.fields.size(), false);
    int count = 0;
    idx = lua_absindex(L, idx);
    luaL_checkstack(L, 4, "too many arguments");
    lua_pushnil(L);  // stack: nil
    while (lua_next(L, idx) != 0) {  // stack: key, value
        if (++count > kMaxKeys) {
            lua_pop(L, 2);
            return fail(err, api::ErrorCode::E_ARG_DOMAIN, subject,
                        std::string(subject) + " has more than " + std::to_string(kMaxKeys) + " keys");
        }
        size_t klen = 0;
        const char* k = lua_type(L, -2) == LUA_TSTRING ? lua_tolstring(L, -2, &klen) : nullptr;
        std::string_view key(k ? k : "", klen);
        size_t fi = p.fields.size();
        for (size_t i = 0; k && i < p.fields.size(); i++)
            if (key == p.fields[i].name) fi = i;
        if (fi == p.fields.size()) {
            std::string shown = k ? escape_text(key.substr(0, 32), 100) : "[" + render_actual(L, -2) + "]";
            lua_pop(L, 2);
            return fail(err, api::ErrorCode::E_ARG_UNKNOWN, std::string(prefix) + shown,
                        std::string(prefix) + shown + " is not a known " + (prefix.empty() ? "argument" : "option") +
                            " (expected one of: " + expected_keys(p.fields) + ")");
        }
        std::string sub_buf;
        std::string_view sub = p.fields[fi].name;
        if (!prefix.empty()) sub = sub_buf = std::string(prefix) + p.fields[fi].name;
        if (!check_value(L, -1, p.fields[fi], sub, depth + 1, vals[fi], err)) {
            lua_pop(L, 2);
            return false;
        }
        given[fi] = true;
        lua_pop(L, 1);  // stack: key
    }
    out = api::Value::map();
    for (size_t i = 0; i < p.fields.size(); i++) {
        const auto& f = p.fields[i];
        if (!given[i]) {
            if (f.required) {
                std::string sub = std::string(prefix) + f.name;
                return fail(err, api::ErrorCode::E_ARG_TYPE, sub, wrong_type(sub, *f.domain, "nil"));
            }
            vals[i] = parse_default(f);
        }
        if (!vals[i].is_nil()) out.set(f.name, std::move(vals[i]));
    }
    return true;
}

bool is_identifier_impl(std::string_view s) {
    if (s.empty() || s.size() > 64) return false;
    for (size_t i = 0; i < s.size(); i++) {
        char c = s[i];
        bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        if (!alpha && !(i > 0 && c >= '0' && c <= '9')) return false;
    }
    return true;
}

/// A table mapping identifiers to keyset tables (the header's params).
bool check_map_of(lua_State* L, int idx, const api::ParamSpec& p, std::string_view subject, int depth,
                  api::Value& out, ArgError& err) {
    idx = lua_absindex(L, idx);
    out = api::Value::map();
    int count = 0;
    lua_pushnil(L);  // stack: nil
    while (lua_next(L, idx) != 0) {  // stack: key, value
        size_t klen = 0;
        const char* k = lua_type(L, -2) == LUA_TSTRING ? lua_tolstring(L, -2, &klen) : nullptr;
        if (!k || !is_identifier({k, klen}) || ++count > kMaxKeys) {
            std::string got = render_actual(L, -2);
            lua_pop(L, 2);
            return fail(err, api::ErrorCode::E_ARG_DOMAIN, subject,
                        std::string(subject) + " keys must be parameter names (identifiers), got " + got);
        }
        std::string name(k, klen);
        std::string sub = std::string(subject) + "." + name;
        api::Value decl;
        if (!check_plain_table(L, -1, *p.domain, sub, depth + 1, err) ||
            !check_keyset(L, -1, p, sub, depth + 1, decl, err, sub + ".")) {
            lua_pop(L, 2);
            return false;
        }
        out.set(name, std::move(decl));
        lua_pop(L, 1);  // stack: key
    }
    return true;
}

/// A scalar for Any: booleans, numbers (finite), strings; other values count
/// as true (safety.require's condition may be any value).
api::Value any_value(lua_State* L, int idx) {
    switch (lua_type(L, idx)) {
    case LUA_TBOOLEAN: return api::Value::boolean(lua_toboolean(L, idx));
    case LUA_TNUMBER: return api::Value::number(lua_tonumber(L, idx));
    case LUA_TSTRING: {
        size_t len = 0;
        const char* s = lua_tolstring(L, idx, &len);
        return api::Value::string(std::string(s, std::min(len, api::kDefaultMaxString)));
    }
    default: return api::Value::boolean(true);
    }
}

/// A table of identifier keys to scalars (log fields).
bool check_free_map(lua_State* L, int idx, std::string_view subject, api::Value& out, ArgError& err) {
    idx = lua_absindex(L, idx);
    out = api::Value::map();
    int count = 0;
    lua_pushnil(L);  // stack: nil
    while (lua_next(L, idx) != 0) {  // stack: key, value
        size_t klen = 0;
        const char* k = lua_type(L, -2) == LUA_TSTRING ? lua_tolstring(L, -2, &klen) : nullptr;
        int vt = lua_type(L, -1);
        std::string problem;
        if (!k || !is_identifier({k, klen}))
            problem = std::string(subject) + " keys must be identifiers, got " + render_actual(L, -2);
        else if (++count > kMaxKeys)
            problem = std::string(subject) + " has more than " + std::to_string(kMaxKeys) + " keys";
        else if (vt != LUA_TBOOLEAN && vt != LUA_TNUMBER && vt != LUA_TSTRING)
            problem = std::string(subject) + "." + std::string(k, klen) + " must be a boolean, number or string, got " +
                      luaL_typename(L, -1);
        if (!problem.empty()) {
            lua_pop(L, 2);
            return fail(err, api::ErrorCode::E_ARG_TYPE, subject, problem);
        }
        out.set(std::string(k, klen), any_value(L, -1));
        lua_pop(L, 1);  // stack: key
    }
    return true;
}

constexpr int kMaxListLength = 1024;

/// A list: keys exactly 1..n (n <= kMaxListLength), each element in p.element.
bool check_list(lua_State* L, int idx, const api::ParamSpec& p, std::string_view subject, int depth,
                api::Value& out, ArgError& err) {
    idx = lua_absindex(L, idx);
    size_t n = lua_objlen(L, idx);
    size_t count = 0;
    bool keys_ok = n <= size_t(kMaxListLength);
    lua_pushnil(L);  // stack: nil
    while (keys_ok && lua_next(L, idx) != 0) {  // stack: key, value
        double k = lua_type(L, -2) == LUA_TNUMBER ? lua_tonumber(L, -2) : 0;
        keys_ok = k >= 1 && k <= double(n) && k == std::floor(k) && ++count <= n;
        lua_pop(L, keys_ok ? 1 : 2);  // stack: key (to continue) or nothing
    }
    if (!keys_ok)
        return fail(err, api::ErrorCode::E_ARG_DOMAIN, subject,
                    std::string(subject) + " must be " + p.domain->noun + " (a list of at most " +
                        std::to_string(kMaxListLength) + " elements), got a table with other keys");
    out = api::Value::array();
    api::ParamSpec elem{"", p.element, true};
    for (size_t i = 1; i <= n; i++) {
        lua_rawgeti(L, idx, int(i));  // stack: e
        api::Value v;
        bool ok = check_value(L, -1, elem, std::string(subject) + "[" + std::to_string(i) + "]", depth + 1, v, err);
        lua_pop(L, 1);
        if (!ok) return false;
        out.push(std::move(v));
    }
    return true;
}

bool check_value(lua_State* L, int idx, const api::ParamSpec& p, std::string_view subject,
                 int depth, api::Value& out, ArgError& err) {
    const api::Domain& d = *p.domain;
    int t = lua_type(L, idx);
    if (t == LUA_TNIL || t == LUA_TNONE) {
        if (p.required) return fail(err, api::ErrorCode::E_ARG_TYPE, subject, wrong_type(subject, d, "nil"));
        out = parse_default(p);
        return true;
    }
    switch (d.type) {
    case LuaType::Any: out = any_value(L, idx); return true;
    case LuaType::Boolean:
        if (t != LUA_TBOOLEAN)
            return fail(err, api::ErrorCode::E_ARG_TYPE, subject, wrong_type(subject, d, type_of(L, idx)));
        out = api::Value::boolean(lua_toboolean(L, idx));
        return true;
    case LuaType::Integer:
    case LuaType::Number: return check_number(L, idx, d, subject, out, err);
    case LuaType::String: return check_string(L, idx, d, subject, out, err);
    case LuaType::Function:
        if (t != LUA_TFUNCTION)
            return fail(err, api::ErrorCode::E_ARG_TYPE, subject, wrong_type(subject, d, type_of(L, idx)));
        out = api::Value::function();
        return true;
    case LuaType::Table:
        if (!check_plain_table(L, idx, d, subject, depth, err)) return false;
        if (p.free_map) return check_free_map(L, idx, subject, out, err);
        if (p.element) return check_list(L, idx, p, subject, depth, out, err);
        if (p.map_of_fields) return check_map_of(L, idx, p, subject, depth, out, err);
        return check_keyset(L, idx, p, subject, depth, out, err, std::string(subject) + ".");
    case LuaType::Count: break;
    }
    return fail(err, api::ErrorCode::E_HOST, subject, "unsupported parameter type");
}

std::string arity_text(size_t max) {
    if (max == 0) return "expected no arguments";
    return "expected " + (max == 1 ? std::string("1 argument") : "at most " + std::to_string(max) + " arguments");
}

}  // namespace

std::string domain_text(const api::Domain& d) {
    std::string t = api::kLuaTypeNames[size_t(d.type)];
    switch (d.check) {
    case Check::Positive: return t + " > 0";
    case Check::NonNegative: return t + " >= 0";
    case Check::Range: return t + " in [" + bound(d.min) + ", " + bound(d.max) + "]";
    case Check::NonEmpty: return "non-empty " + t;
    case Check::OneOf: {
        std::string out = "one of ";
        for (size_t i = 0; i < d.choices.size(); i++)
            out += (i ? ", \"" : "\"") + std::string(d.choices[i]) + "\"";
        return out;
    }
    default: return t;
    }
}

api::Value parse_default(const api::ParamSpec& p) {
    if (p.def == nullptr) return {};
    std::string_view s = p.def;
    switch (p.domain->type) {
    case LuaType::Integer: return api::Value::integer(std::strtoll(p.def, nullptr, 10));
    case LuaType::Number: return api::Value::number(std::strtod(p.def, nullptr));
    case LuaType::Boolean: return api::Value::boolean(s == "true");
    case LuaType::String:
        if (s.size() >= 2 && s.front() == '"') return api::Value::string(std::string(s.substr(1, s.size() - 2)));
        return api::Value::string(std::string(s));
    default: return {};
    }
}

namespace {

/// Reset the reusable Args for fn (no allocation once the vectors have grown).
void reset_args(const api::ApiFn& fn, api::Args& out) {
    size_t n = fn.params.size();
    out.params = fn.params;
    if (out.values.size() < n) out.values.resize(n);
    for (size_t i = 0; i < n; i++) out.values[i].clear();
    out.given.assign(n, false);
}

/// Which parameter the key at stack index -2 names, -1 for none. With the
/// closure's interned names (`keys`: their lua_topointer addresses), by
/// object identity: LuaJIT interns every string, so a key with the same
/// text is the same object while the closure keeps its copies alive, and
/// a key of another type is another object. No type check, no text.
/// Without them, by text.
int find_param(lua_State* L, const api::ApiFn& fn, const void* const* keys) {
    size_t n = fn.params.size();
    if (keys != nullptr) {
        const void* k = lua_topointer(L, -2);
        for (size_t i = 0; i < n; i++)
            if (keys[i] == k) return int(i);
        return -1;
    }
    if (lua_type(L, -2) != LUA_TSTRING) return -1;
    size_t klen = 0;
    const char* k = lua_tolstring(L, -2, &klen);
    std::string_view key(k, klen);
    for (size_t i = 0; i < n; i++)
        if (key == fn.params[i].name) return int(i);
    return -1;
}

/// The message for an argument table key that names no parameter.
bool unknown_key(lua_State* L, const api::ApiFn& fn, ArgError& err) {
    size_t klen = 0;
    const char* k = lua_type(L, -2) == LUA_TSTRING ? lua_tolstring(L, -2, &klen) : nullptr;
    std::string shown = k ? escape_text(std::string_view(k, klen).substr(0, 32), 100) : "[" + render_actual(L, -2) + "]";
    return fail(err, api::ErrorCode::E_ARG_UNKNOWN, shown,
                shown + " is not a known argument (expected one of: " + expected_keys(fn.params) + ")");
}

/// Store a checked number in a reused slot. A slot that held a string or
/// a table before (another function's call) is cleared first.
inline void set_number(api::Value& out, double v, bool integer) {
    if (!out.s.empty() || out.a || out.m) out.clear();
    out.kind = integer ? api::Value::Kind::Integer : api::Value::Kind::Number;
    if (integer) out.i = int64_t(v);
    else out.n = v;
}

/// The slots the call did not give: a missing required parameter is an
/// error, the others take their default (or nil). Fills out.given.
bool finish_named(const api::ApiFn& fn, uint64_t given, api::Args& out, ArgError& err) {
    size_t np = fn.params.size();
    if (np > 0 && given == (~uint64_t(0) >> (64 - np))) {  // all given: the bits by words, no defaults
        std::fill_n(out.given.begin(), np, true);
        return true;
    }
    for (size_t i = 0; i < np; i++) {
        bool g = (given >> i) & 1;
        out.given[i] = g;
        if (g) continue;
        const auto& p = fn.params[i];
        if (p.required) return fail(err, api::ErrorCode::E_ARG_TYPE, p.name, wrong_type(p.name, *p.domain, "nil"));
        if (p.def != nullptr) out.values[i] = parse_default(p);
        else out.values[i].clear();
    }
    return true;
}

/// The first argument is not a plain table: fine when it is absent and
/// every named argument is optional (`cluster.stores()`: all defaults),
/// else the message check_plain_table gives. A table's metatable (pushed
/// by the caller's lua_getmetatable) is on the stack.
bool named_without_table(lua_State* L, const api::ApiFn& fn, int t1, api::Args& out, ArgError& err) {
    static constexpr api::Domain kArgsDomain{"a table of named arguments", LuaType::Table};
    bool omitted = t1 == LUA_TNONE || t1 == LUA_TNIL;
    if (omitted && std::none_of(fn.params.begin(), fn.params.end(), [](const api::ParamSpec& p) { return p.required; }))
        return finish_named(fn, 0, out, err);
    if (t1 == LUA_TTABLE) lua_pop(L, 1);  // the metatable
    check_plain_table(L, 1, kArgsDomain, "args", 0, err);
    return false;
}

/// A value for a parameter that is not a plain number, or any value of a
/// non-numeric parameter: the generic check, its message, its slot.
[[gnu::noinline]] bool check_named_value(lua_State* L, const api::ParamSpec& p, api::Value& slot, ArgError& err) {
    return check_value(L, -1, p, p.name, 1, slot, err);
}

[[gnu::noinline]] bool named_number_error(const api::ParamSpec& p, double v, ArgError& err) {
    return fail(err, api::ErrorCode::E_ARG_DOMAIN, p.name, must_be(p.name, *p.domain, render_number(v)));
}

/// One table of named arguments, checked straight into out.values. The
/// typed action call's path (bench_lua action), kept to the Lua API calls
/// it needs: one lua_next per key, the key matched by pointer, a number
/// read with its type known, one pop; everything rare is out of line.
bool check_named(lua_State* L, const api::ApiFn& fn, const void* const* keys, api::Args& out, ArgError& err) {
    size_t np = fn.params.size();
    if (np > 64) return fail(err, api::ErrorCode::E_HOST, "", "too many declared parameters");
    // The plain-table check inline for the common case (a table without a
    // metatable).
    int t1 = lua_type(L, 1);
    if (t1 != LUA_TTABLE || lua_getmetatable(L, 1)) return named_without_table(L, fn, t1, out, err);
    const api::ParamSpec* params = fn.params.data();
    api::Value* slots = out.values.data();
    uint64_t given = 0;
    int count = 0;
    lua_pushnil(L);                    // stack: args, nil
    while (lua_next(L, 1) != 0) {      // stack: args, key, value
        if (++count > kMaxKeys) {
            lua_pop(L, 2);
            return fail(err, api::ErrorCode::E_ARG_DOMAIN, "args", "args has more than " + std::to_string(kMaxKeys) + " keys");
        }
        int fi = find_param(L, fn, keys);
        if (fi < 0) {
            unknown_key(L, fn, err);
            lua_pop(L, 2);
            return false;
        }
        const api::ParamSpec& p = params[fi];
        LuaType t = p.domain->type;
        bool ok;
        if ((t == LuaType::Integer || t == LuaType::Number) && lua_type(L, -1) == LUA_TNUMBER) {
            double v = lua_tonumber(L, -1);
            ok = number_in_domain(v, *p.domain);
            if (ok) set_number(slots[fi], v, t == LuaType::Integer);
            else named_number_error(p, v, err);
        } else {
            ok = check_named_value(L, p, slots[fi], err);
        }
        if (!ok) {
            lua_pop(L, 2);
            return false;
        }
        given |= uint64_t(1) << fi;
        lua_pop(L, 1);  // stack: args, key
    }
    return finish_named(fn, given, out, err);
}

}  // namespace

bool check_args(lua_State* L, const api::ApiFn& fn, api::Args& out, ArgError& err, const void* const* keys) {
    int n = lua_gettop(L);
    if (fn.params.empty() && n == 0) {  // the common no-argument call: nothing to reset or check
        out.params = fn.params;
        return true;
    }
    if (fn.named_args) {
        // Slots are overwritten or reset by check_named itself.
        out.params = fn.params;
        if (out.values.size() < fn.params.size()) out.values.resize(fn.params.size());
        if (out.given.size() < fn.params.size()) out.given.resize(fn.params.size());
        if (n > 1) return fail(err, api::ErrorCode::E_ARG_COUNT, "", "expected 1 argument, got " + std::to_string(n));
        return check_named(L, fn, keys, out, err);
    }
    reset_args(fn, out);
    if (size_t(n) > fn.params.size())
        return fail(err, api::ErrorCode::E_ARG_COUNT, "", arity_text(fn.params.size()) + ", got " + std::to_string(n));
    for (size_t i = 0; i < fn.params.size(); i++) {
        const auto& p = fn.params[i];
        if (!check_value(L, int(i + 1), p, p.name, 0, out.values[i], err)) return false;
        out.given[i] = int(i + 1) <= n && !lua_isnil(L, int(i + 1));
    }
    return true;
}

bool can_suspend(const api::Call& call) { return call.L == call.run.thread; }

}  // namespace medic::lua
