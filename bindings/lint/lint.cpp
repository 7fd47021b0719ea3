// bindings/lint/lint.cpp: lint_source (lint.hpp). A small Lua tokenizer
// (comments, long strings, escapes) feeds pattern checks over the token
// stream; compilation itself is done by LuaJIT in a throw-away sandbox state.
#include "bindings/lint/lint.hpp"

#include <lua.hpp>

#include <cctype>
#include <cstring>
#include <set>
#include <string_view>

#include "bindings/api/spec.hpp"
#include "bindings/lua/alloc.hpp"
#include "bindings/lua/run.hpp"

namespace medic::lint {
namespace {

struct Token {
    enum Kind { Name, String, Number, Punct, End } kind;
    std::string text;
    int line;
};

size_t long_bracket(std::string_view s, size_t i) {  // at '[': level or npos
    size_t j = i + 1, level = 0;
    while (j < s.size() && s[j] == '=') j++, level++;
    return j < s.size() && s[j] == '[' ? level : std::string_view::npos;
}

size_t skip_long(std::string_view s, size_t i, size_t level, int& line) {
    std::string close = "]" + std::string(level, '=') + "]";
    size_t end = s.find(close, i);
    size_t stop = end == std::string_view::npos ? s.size() : end + close.size();
    for (size_t k = i; k < stop; k++) line += s[k] == '\n';
    return stop;
}

std::vector<Token> tokenize(std::string_view s) {
    std::vector<Token> out;
    int line = 1;
    size_t i = 0;
    while (i < s.size()) {
        char c = s[i];
        if (c == '\n') { line++; i++; continue; }
        if (std::isspace(static_cast<unsigned char>(c))) { i++; continue; }
        if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {
            i += 2;
            size_t lvl = i < s.size() && s[i] == '[' ? long_bracket(s, i) : std::string_view::npos;
            if (lvl != std::string_view::npos) i = skip_long(s, i, lvl, line);
            else while (i < s.size() && s[i] != '\n') i++;
            continue;
        }
        if (c == '[' && long_bracket(s, i) != std::string_view::npos) {
            int start = line;
            i = skip_long(s, i, long_bracket(s, i), line);
            out.push_back({Token::String, "", start});
            continue;
        }
        if (c == '"' || c == '\'') {
            std::string text;
            size_t j = i + 1;
            while (j < s.size() && s[j] != c && s[j] != '\n') {
                if (s[j] == '\\' && j + 1 < s.size()) { line += s[j + 1] == '\n'; j++; }
                text += s[j++];
            }
            out.push_back({Token::String, text, line});
            i = j + 1;
            continue;
        }
        if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
            size_t j = i;
            while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_')) j++;
            out.push_back({Token::Name, std::string(s.substr(i, j - i)), line});
            i = j;
            continue;
        }
        if (std::isdigit(static_cast<unsigned char>(c))) {
            size_t j = i;
            while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '.')) j++;
            out.push_back({Token::Number, std::string(s.substr(i, j - i)), line});
            i = j;
            continue;
        }
        out.push_back({Token::Punct, std::string(1, c), line});
        i++;
    }
    out.push_back({Token::End, "", line});
    return out;
}

const api::ApiFn* find_fn(const api::ModuleSpec& m, std::string_view name) {
    for (const auto& fn : m.fns)
        if (name == fn.name) return &fn;
    return nullptr;
}

const api::ModuleSpec* find_module(std::string_view name) {
    for (const api::ModuleSpec* m : api::all_modules())
        if (name == m->name) return m;
    return nullptr;
}

/// The keys of a literal table starting at tokens[i] == "{" (depth 1 only).
std::vector<std::pair<std::string, int>> literal_keys(const std::vector<Token>& t, size_t i, bool& simple) {
    std::vector<std::pair<std::string, int>> keys;
    int depth = 0, blocks = 0;  // brackets; Lua blocks (function/do/if ... end, repeat ... until)
    simple = true;
    for (size_t k = i; k < t.size() && t[k].kind != Token::End; k++) {
        const Token& tok = t[k];
        if (tok.kind == Token::Name) {
            if (tok.text == "function" || tok.text == "do" || tok.text == "if" || tok.text == "repeat") blocks++;
            else if (tok.text == "end" || tok.text == "until") blocks--;
        }
        if (blocks > 0) continue;
        if (tok.kind == Token::Punct && (tok.text == "{" || tok.text == "(" || tok.text == "[")) {
            if (depth == 1 && tok.text == "[") simple = false;
            depth++;
        } else if (tok.kind == Token::Punct && (tok.text == "}" || tok.text == ")" || tok.text == "]")) {
            if (--depth == 0) return keys;
        } else if (depth == 1 && tok.kind == Token::Name && t[k + 1].kind == Token::Punct && t[k + 1].text == "=" &&
                   !(t[k + 2].kind == Token::Punct && t[k + 2].text == "=") &&
                   (t[k - 1].text == "{" || t[k - 1].text == "," || t[k - 1].text == ";")) {
            keys.emplace_back(tok.text, tok.line);
        } else if (depth == 1 && tok.kind == Token::Punct && tok.text == "," && t[k - 1].kind != Token::Punct &&
                   !(k >= 2 && t[k - 2].text == "=")) {
            simple = false;  // positional entries or expressions: do not judge
        }
    }
    simple = false;
    return keys;
}

void check_call(const std::string& chunk, const std::vector<Token>& t, size_t i, const api::ApiFn& fn,
                std::vector<Finding>& out) {
    if (!fn.named_args || t[i].kind != Token::Punct || t[i].text != "{") return;
    bool simple = true;
    auto keys = literal_keys(t, i, simple);
    std::set<std::string> seen;
    std::string label = api::api_label(fn);
    for (const auto& [k, line] : keys) {
        seen.insert(k);
        bool known = false;
        for (const auto& p : fn.params) known = known || k == p.name;
        if (!known) {
            std::string expected;
            for (const auto& p : fn.params) expected += (expected.empty() ? "" : ", ") + std::string(p.name);
            out.push_back({line, chunk + ":" + std::to_string(line) + ": " + label + ": " + k +
                                     " is not a known argument (expected one of: " + expected + ")"});
        }
    }
    if (!simple) return;
    for (const auto& p : fn.params)
        if (p.required && !seen.count(p.name))
            out.push_back({t[i].line, chunk + ":" + std::to_string(t[i].line) + ": " + label + ": " + p.name +
                                          " is required but not given"});
}

constexpr const char* kAbsent[] = {"io", "debug", "jit", "ffi", "require", "package", "load", "loadstring",
                                   "dofile", "loadfile", "getfenv", "setfenv", "newproxy", "gcinfo", "module"};

std::string compile_error(const std::string& chunk, const std::string& source) {
    lua::Run scratch;
    scratch.alloc.limit = size_t(64) << 20;
    lua_State* L = lua_newstate(lua::capped_alloc, &scratch);
    if (!L) return "cannot create a Lua state";
    std::string name = "@" + chunk, err;
    if (luaL_loadbufferx(L, source.data(), source.size(), name.c_str(), "t") != 0) {
        const char* m = lua_tostring(L, -1);
        err = m ? m : "cannot compile";
    }
    lua_close(L);
    return err;
}

}  // namespace

std::vector<Finding> lint_source(const std::string& chunk, const std::string& source) {
    std::vector<Finding> out;
    if (std::string err = compile_error(chunk, source); !err.empty()) {
        out.push_back({0, err});
        return out;
    }
    auto t = tokenize(source);
    bool header = false;
    for (size_t i = 0; i + 1 < t.size(); i++) {
        const Token& tok = t[i];
        if (tok.kind != Token::Name) continue;
        bool member = i > 0 && t[i - 1].kind == Token::Punct && (t[i - 1].text == "." || t[i - 1].text == ":");
        if (member) continue;
        if (tok.text == "return" && t[i + 1].text == "runbook" && t[i + 2].text == "." && t[i + 3].text == "define")
            header = true;
        for (const char* absent : kAbsent)
            if (tok.text == absent && !(t[i + 1].kind == Token::Punct && t[i + 1].text == "="))
                out.push_back({tok.line, chunk + ":" + std::to_string(tok.line) + ": " + tok.text +
                                             " is not available in runbooks (sandbox)"});
        const api::ModuleSpec* m = find_module(tok.text);
        if (!m || t[i + 1].text != "." || t[i + 2].kind != Token::Name) continue;
        const std::string& name = t[i + 2].text;
        if (std::string_view(m->name) == "runbook" && name == "E") continue;
        const api::ApiFn* fn = find_fn(*m, name);
        if (!fn) {
            out.push_back({tok.line, chunk + ":" + std::to_string(tok.line) + ": " + tok.text + "." + name +
                                         " is not a runbook API function (see workflows/docs/api.md)"});
            continue;
        }
        check_call(chunk, t, i + 3, *fn, out);
    }
    if (!header)
        out.push_back({0, chunk + ": the runbook must end with `return runbook.define{...}` (no header found)"});
    return out;
}

}  // namespace medic::lint
