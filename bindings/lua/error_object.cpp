// bindings/lua/error_object.cpp: host error objects and failure extraction.
#include "bindings/lua/error_object.hpp"

#include <lua.hpp>

#include <cstdio>
#include <cstring>

#include "bindings/lua/convert.hpp"

namespace medic::lua {
namespace {

constexpr size_t kMaxMessage = 2048;
constexpr size_t kMaxField = 256;
/// Registry key of a weak-keyed table: error object -> the code the host
/// raised it with. The object itself is a plain table the script may edit
/// (runbooks add context to a message and rethrow it), but its code must
/// stay the host's: a script must not make its own failure read as a limit,
/// a cancel or an internal error.
constexpr const char* kCodesKey = "medic.error_codes";

std::string raw_string_field(lua_State* L, int idx, const char* key) {
    lua_pushstring(L, key);  // stack: key
    lua_rawget(L, idx < 0 ? idx - 1 : idx);  // stack: value
    std::string out;
    if (lua_type(L, -1) == LUA_TSTRING) {
        size_t len = 0;
        const char* s = lua_tolstring(L, -1, &len);
        out.assign(s, len);
    }
    lua_pop(L, 1);
    return out;
}

int error_tostring(lua_State* L) {
    if (lua_type(L, 1) != LUA_TTABLE) return 0;
    std::string where = raw_string_field(L, 1, "where");
    std::string api = raw_string_field(L, 1, "api");
    std::string msg = raw_string_field(L, 1, "message");
    std::string out;
    if (!where.empty()) out += where + ": ";
    if (!api.empty()) out += api + ": ";
    out += msg;
    lua_pushlstring(L, out.data(), out.size());
    return 1;
}

void set_field(lua_State* L, const char* key, std::string_view v) {
    lua_pushlstring(L, v.data(), v.size());  // stack: t, v
    lua_setfield(L, -2, key);                // stack: t
}

/// The code the host raised the error object at idx with (E_SCRIPT when it
/// has none on record).
api::ErrorCode raised_code(lua_State* L, int idx) {
    idx = idx < 0 && idx > LUA_REGISTRYINDEX ? lua_gettop(L) + idx + 1 : idx;
    lua_getfield(L, LUA_REGISTRYINDEX, kCodesKey);  // stack: codes
    lua_pushvalue(L, idx);
    lua_rawget(L, -2);                              // stack: codes, code
    auto code = api::ErrorCode::E_SCRIPT;
    if (lua_type(L, -1) == LUA_TNUMBER) {
        lua_Integer n = lua_tointeger(L, -1);
        if (n >= 0 && n < lua_Integer(api::ErrorCode::Count)) code = api::ErrorCode(n);
    }
    lua_pop(L, 2);
    return code;
}

/// Split "chunk:12: text" into where and text when the prefix is a position.
bool split_position(const std::string& s, std::string& where, std::string& text) {
    size_t colon = s.find(':');
    if (colon == std::string::npos || colon == 0) return false;
    size_t p = colon + 1, digits = 0;
    while (p < s.size() && s[p] >= '0' && s[p] <= '9') p++, digits++;
    if (digits == 0 || p + 1 >= s.size() || s[p] != ':' || s[p + 1] != ' ') return false;
    where = s.substr(0, p);
    text = s.substr(p + 2);
    return true;
}

/// The code point of one well-formed UTF-8 sequence.
unsigned code_point(std::string_view seq) {
    auto b = [&](size_t k) { return unsigned(static_cast<unsigned char>(seq[k])); };
    switch (seq.size()) {
    case 2: return ((b(0) & 0x1f) << 6) | (b(1) & 0x3f);
    case 3: return ((b(0) & 0x0f) << 12) | ((b(1) & 0x3f) << 6) | (b(2) & 0x3f);
    default: return ((b(0) & 0x07) << 18) | ((b(1) & 0x3f) << 12) | ((b(2) & 0x3f) << 6) | (b(3) & 0x3f);
    }
}

/// C1 controls (a terminal may act on U+009B as on ESC [) and the bidi
/// overrides that make a line read differently from what it holds.
bool is_invisible_control(unsigned cp) {
    return (cp >= 0x80 && cp <= 0x9f) || cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

}  // namespace

std::string escape_text(std::string_view s, size_t max) {
    std::string out;
    out.reserve(std::min(s.size(), max) + 8);
    char buf[12];
    for (size_t i = 0; i < s.size();) {
        if (out.size() >= max) {
            out += "...";
            break;
        }
        auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c < 0x7f) {
            out += char(c);
            i++;
            continue;
        }
        if (c == '\n') out += "\\n";
        else if (c == '\r') out += "\\r";
        else if (c == '\t') out += "\\t";
        if (c == '\n' || c == '\r' || c == '\t') {
            i++;
            continue;
        }
        size_t n = c >= 0x80 ? utf8_sequence_length(s, i) : 0;
        if (n == 0) {  // a control byte, or a byte that is not well-formed UTF-8
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
            i++;
            continue;
        }
        if (unsigned cp = code_point(s.substr(i, n)); is_invisible_control(cp)) {
            std::snprintf(buf, sizeof buf, "\\u%04x", cp);
            out += buf;
        } else {
            out.append(s.substr(i, n));
        }
        i += n;
    }
    return out;
}

void create_error_metatable(lua_State* L, Run& r) {
    lua_newtable(L);                          // stack: mt
    lua_pushcfunction(L, error_tostring);     // stack: mt, fn
    lua_setfield(L, -2, "__tostring");        // stack: mt
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    r.errmeta_ref = luaL_ref(L, LUA_REGISTRYINDEX);  // stack: -
    lua_newtable(L);                                 // stack: codes
    lua_createtable(L, 0, 1);                        // stack: codes, mt
    lua_pushliteral(L, "k");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
    lua_setfield(L, LUA_REGISTRYINDEX, kCodesKey);   // stack: -
}

void push_error(lua_State* L, const Run& r, api::ErrorCode code, std::string_view api,
                std::string_view subject, std::string_view message, std::string_view where,
                const api::Value* details) {
    lua_createtable(L, 0, 6);  // stack: err
    set_field(L, "code", api::error_code_name(code));
    if (!api.empty()) set_field(L, "api", api);
    if (!subject.empty()) set_field(L, "subject", subject);
    set_field(L, "message", escape_text(message, kMaxMessage));
    if (!where.empty()) set_field(L, "where", where);
    if (details != nullptr && !details->is_nil()) {
        push_value(L, *details);        // stack: err, details
        lua_setfield(L, -2, "details"); // stack: err
    }
    lua_rawgeti(L, LUA_REGISTRYINDEX, r.errmeta_ref);  // stack: err, mt
    lua_setmetatable(L, -2);                           // stack: err
    lua_getfield(L, LUA_REGISTRYINDEX, kCodesKey);     // stack: err, codes
    lua_pushvalue(L, -2);
    lua_pushinteger(L, lua_Integer(code));
    lua_rawset(L, -3);                                 // codes[err] = code
    lua_pop(L, 1);                                     // stack: err
}

int runbook_line(lua_State* L, const Run& r, int first_level) {
    lua_Debug ar;
    // The runbook's frames are the only ones with a line: C functions
    // report -1, and the host's own chunks (prelude, action wrappers) are
    // loaded from stripped bytecode (compile_host_chunk), which reports 0;
    // scripts cannot load code. So "l" alone finds the runbook's frame:
    // "S" would copy the chunk name on every action call (~80
    // instructions of the ~350 this lookup cost, callgrind).
    for (int level = first_level; level < 64 && lua_getstack(L, level, &ar); level++) {
        if (lua_getinfo(L, "l", &ar) && ar.currentline > 0) return ar.currentline;
    }
    // No runbook frame: the header's tail-called define (its errors point at
    // `runbook.define`), else the last line the hook saw.
    if (!r.header.defined && r.define_line > 0) return r.define_line;
    return r.last_line > 0 ? r.last_line : 0;
}

std::string position_text(const Run& r, int line) {
    return line > 0 ? r.chunk + ":" + std::to_string(line) : r.chunk;
}

std::string where_of(lua_State* L, const Run& r, int first_level) {
    return position_text(r, runbook_line(L, r, first_level));
}

bool is_error_object(lua_State* L, int idx, const Run& r) {
    if (lua_type(L, idx) != LUA_TTABLE || !lua_getmetatable(L, idx)) return false;  // stack: mt
    lua_rawgeti(L, LUA_REGISTRYINDEX, r.errmeta_ref);                              // stack: mt, ours
    bool ours = lua_rawequal(L, -1, -2);
    lua_pop(L, 2);
    return ours;
}

ScriptFailure failure_from_value(lua_State* co, int idx, const Run& r) {
    ScriptFailure f;
    int t = lua_type(co, idx);
    if (t == LUA_TTABLE && is_error_object(co, idx, r)) {
        f.code = raised_code(co, idx);
        // The fields are the script's to edit: escaped and cut like any text.
        f.api = escape_text(raw_string_field(co, idx, "api"), kMaxField);
        f.subject = escape_text(raw_string_field(co, idx, "subject"), kMaxField);
        f.where = escape_text(raw_string_field(co, idx, "where"), kMaxField);
        f.message = escape_text(raw_string_field(co, idx, "message"), kMaxMessage);
        return f;
    }
    f.code = api::ErrorCode::E_SCRIPT;
    std::string text;
    if (t == LUA_TSTRING) {
        size_t len = 0;
        const char* s = lua_tolstring(co, idx, &len);
        text.assign(s, len);
    } else if (t == LUA_TNUMBER) {
        text = "error value is a number";  // tostring would allocate; not worth it
    } else {
        text = std::string("error value is a ") + lua_typename(co, t);
    }
    std::string where, rest;
    if (split_position(text, where, rest) && where.rfind("medic:", 0) != 0) {
        f.where = escape_text(where, kMaxField);
        f.message = escape_text(rest, kMaxMessage);
    } else if (!where.empty()) {
        // A position inside the host's own chunks ("medic:0": stripped
        // bytecode, see compile_host_chunk) names no file the user has:
        // the runbook's frame on the dead coroutine's stack is where it
        // went wrong (e.g. xpcall with a handler that is not a function).
        f.where = where_of(co, r);
        f.message = escape_text(rest, kMaxMessage);
    } else {
        // No position ("not enough memory", "stack overflow" on Debian's
        // build): take it from the dead coroutine's stack, else the hook's.
        f.where = where_of(co, r);
        f.message = escape_text(text, kMaxMessage);
    }
    return f;
}

std::string ScriptFailure::one_line() const {
    std::string out;
    if (!where.empty()) out += where + ": ";
    if (!api.empty()) out += api + ": ";
    return out + message;
}

}  // namespace medic::lua
