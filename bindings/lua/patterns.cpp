// bindings/lua/patterns.cpp: the step-counted Lua 5.1 pattern matcher
// (patterns.hpp). The matching core follows lstrlib.c of Lua 5.1 closely
// (same classes, same error messages, %b and %f), with three changes: the
// pattern end is a pointer rather than '\0' (patterns may contain NUL),
// recursion depth is bounded like Lua 5.2+ (kMaxMatchDepth), and every
// match() entry and expansion step is counted.
//
// Errors are raised with luaL_error straight from the matcher: its frames
// hold nothing with a destructor, so unwinding through them is safe.
#include "bindings/lua/patterns.hpp"

#include <lua.hpp>

#include <cctype>
#include <cstring>

#include "bindings/lua/hook.hpp"

namespace medic::lua {
namespace {

constexpr char kEsc = '%';
constexpr const char kSpecials[] = "^$*+?.([%-";
constexpr int kMaxCaptures = 32;
constexpr int kCapUnfinished = -1;
constexpr int kCapPosition = -2;
constexpr int kMaxMatchDepth = 200;
constexpr unsigned kCheckSteps = 4096;
constexpr size_t kHeavySubject = size_t(64) << 10;

struct MatchState {
    const char* src_init;
    const char* src_end;
    const char* p_end;
    lua_State* L;
    Run* run;
    int level;
    int depth;
    unsigned steps;
    struct {
        const char* init;
        ptrdiff_t len;
    } capture[kMaxCaptures];
};

inline unsigned char uc(char c) { return static_cast<unsigned char>(c); }

void step(MatchState* ms) {
    if (++ms->steps % kCheckSteps == 0) check_limits(ms->L, *ms->run);
}

const char* match(MatchState* ms, const char* s, const char* p);

int check_capture(MatchState* ms, int l) {
    l -= '1';
    if (l < 0 || l >= ms->level || ms->capture[l].len == kCapUnfinished)
        return luaL_error(ms->L, "invalid capture index");
    return l;
}

int capture_to_close(MatchState* ms) {
    int level = ms->level;
    for (level--; level >= 0; level--)
        if (ms->capture[level].len == kCapUnfinished) return level;
    return luaL_error(ms->L, "invalid pattern capture");
}

const char* class_end(MatchState* ms, const char* p) {
    switch (*p++) {
    case kEsc:
        if (p >= ms->p_end) luaL_error(ms->L, "malformed pattern (ends with '%%')");
        return p + 1;
    case '[':
        if (p < ms->p_end && *p == '^') p++;
        do {  // look for a ']'
            if (p >= ms->p_end) luaL_error(ms->L, "malformed pattern (missing ']')");
            if (*(p++) == kEsc && p < ms->p_end) p++;  // skip escapes (e.g. '%]')
        } while (*p != ']');
        return p + 1;
    default:
        return p;
    }
}

int match_class(int c, int cl) {
    int res;
    switch (std::tolower(cl)) {
    case 'a': res = std::isalpha(c); break;
    case 'c': res = std::iscntrl(c); break;
    case 'd': res = std::isdigit(c); break;
    case 'l': res = std::islower(c); break;
    case 'p': res = std::ispunct(c); break;
    case 's': res = std::isspace(c); break;
    case 'u': res = std::isupper(c); break;
    case 'w': res = std::isalnum(c); break;
    case 'x': res = std::isxdigit(c); break;
    case 'z': res = (c == 0); break;
    default: return cl == c;
    }
    if (std::isupper(cl)) res = !res;
    return res;
}

int match_bracket_class(int c, const char* p, const char* ec) {
    int sig = 1;
    if (*(p + 1) == '^') {
        sig = 0;
        p++;  // skip the '^'
    }
    while (++p < ec) {
        if (*p == kEsc) {
            p++;
            if (match_class(c, uc(*p))) return sig;
        } else if (*(p + 1) == '-' && p + 2 < ec) {
            p += 2;
            if (uc(*(p - 2)) <= c && c <= uc(*p)) return sig;
        } else if (uc(*p) == c) {
            return sig;
        }
    }
    return !sig;
}

int single_match(int c, const char* p, const char* ep) {
    switch (*p) {
    case '.': return 1;
    case kEsc: return match_class(c, uc(*(p + 1)));
    case '[': return match_bracket_class(c, p, ep - 1);
    default: return uc(*p) == c;
    }
}

const char* match_balance(MatchState* ms, const char* s, const char* p) {
    if (p + 1 >= ms->p_end) luaL_error(ms->L, "unbalanced pattern");
    if (s >= ms->src_end || *s != *p) return nullptr;
    int b = *p, e = *(p + 1), cont = 1;
    while (++s < ms->src_end) {
        step(ms);
        if (*s == e) {
            if (--cont == 0) return s + 1;
        } else if (*s == b) {
            cont++;
        }
    }
    return nullptr;
}

const char* max_expand(MatchState* ms, const char* s, const char* p, const char* ep) {
    ptrdiff_t i = 0;
    while (s + i < ms->src_end && single_match(uc(*(s + i)), p, ep)) {
        i++;
        step(ms);
    }
    while (i >= 0) {  // try with the maximum repetitions, then fewer
        const char* res = match(ms, s + i, ep + 1);
        if (res) return res;
        i--;
    }
    return nullptr;
}

const char* min_expand(MatchState* ms, const char* s, const char* p, const char* ep) {
    for (;;) {
        const char* res = match(ms, s, ep + 1);
        if (res != nullptr) return res;
        if (s < ms->src_end && single_match(uc(*s), p, ep))
            s++;
        else
            return nullptr;
    }
}

const char* start_capture(MatchState* ms, const char* s, const char* p, int what) {
    int level = ms->level;
    if (level >= kMaxCaptures) luaL_error(ms->L, "too many captures");
    ms->capture[level].init = s;
    ms->capture[level].len = what;
    ms->level = level + 1;
    const char* res = match(ms, s, p);
    if (res == nullptr) ms->level--;  // undo capture
    return res;
}

const char* end_capture(MatchState* ms, const char* s, const char* p) {
    int l = capture_to_close(ms);
    ms->capture[l].len = s - ms->capture[l].init;
    const char* res = match(ms, s, p);
    if (res == nullptr) ms->capture[l].len = kCapUnfinished;
    return res;
}

const char* match_capture(MatchState* ms, const char* s, int l) {
    l = check_capture(ms, l);
    size_t len = size_t(ms->capture[l].len);
    if (size_t(ms->src_end - s) >= len && std::memcmp(ms->capture[l].init, s, len) == 0)
        return s + len;
    return nullptr;
}

// The core of the matcher; gotos are Lua 5.1's tail-call elimination.
const char* do_match(MatchState* ms, const char* s, const char* p) {
init:
    step(ms);
    if (p >= ms->p_end) return s;  // end of pattern
    switch (*p) {
    case '(':
        if (p + 1 < ms->p_end && *(p + 1) == ')') return start_capture(ms, s, p + 2, kCapPosition);
        return start_capture(ms, s, p + 1, kCapUnfinished);
    case ')':
        return end_capture(ms, s, p + 1);
    case kEsc:
        if (p + 1 < ms->p_end && *(p + 1) == 'b') {
            s = match_balance(ms, s, p + 2);
            if (s == nullptr) return nullptr;
            p += 4;
            goto init;
        }
        if (p + 1 < ms->p_end && *(p + 1) == 'f') {
            p += 2;
            if (p >= ms->p_end || *p != '[') luaL_error(ms->L, "missing '[' after '%%f' in pattern");
            const char* ep = class_end(ms, p);
            char previous = (s == ms->src_init) ? '\0' : *(s - 1);
            char current = (s < ms->src_end) ? *s : '\0';
            if (match_bracket_class(uc(previous), p, ep - 1) ||
                !match_bracket_class(uc(current), p, ep - 1))
                return nullptr;
            p = ep;
            goto init;
        }
        if (p + 1 < ms->p_end && std::isdigit(uc(*(p + 1)))) {
            s = match_capture(ms, s, uc(*(p + 1)));
            if (s == nullptr) return nullptr;
            p += 2;
            goto init;
        }
        goto dflt;
    case '$':
        if (p + 1 == ms->p_end) return (s == ms->src_end) ? s : nullptr;
        goto dflt;
    default:
    dflt: {
        const char* ep = class_end(ms, p);
        int m = s < ms->src_end && single_match(uc(*s), p, ep);
        char next = ep < ms->p_end ? *ep : '\0';
        switch (next) {
        case '?': {
            const char* res;
            if (m && ((res = match(ms, s + 1, ep + 1)) != nullptr)) return res;
            p = ep + 1;
            goto init;
        }
        case '*': return max_expand(ms, s, p, ep);
        case '+': return m ? max_expand(ms, s + 1, p, ep) : nullptr;
        case '-': return min_expand(ms, s, p, ep);
        default:
            if (!m) return nullptr;
            s++;
            p = ep;
            goto init;
        }
    }
    }
}

const char* match(MatchState* ms, const char* s, const char* p) {
    if (ms->depth-- == 0) luaL_error(ms->L, "pattern too complex");
    const char* res = do_match(ms, s, p);
    ms->depth++;
    return res;
}

void push_onecapture(MatchState* ms, int i, const char* s, const char* e) {
    if (i >= ms->level) {
        if (i == 0)
            lua_pushlstring(ms->L, s, size_t(e - s));  // whole match
        else
            luaL_error(ms->L, "invalid capture index");
        return;
    }
    ptrdiff_t l = ms->capture[i].len;
    if (l == kCapUnfinished) luaL_error(ms->L, "unfinished capture");
    if (l == kCapPosition)
        lua_pushinteger(ms->L, ms->capture[i].init - ms->src_init + 1);
    else
        lua_pushlstring(ms->L, ms->capture[i].init, size_t(l));
}

int push_captures(MatchState* ms, const char* s, const char* e) {
    int nlevels = (ms->level == 0 && s) ? 1 : ms->level;
    luaL_checkstack(ms->L, nlevels, "too many captures");
    for (int i = 0; i < nlevels; i++) push_onecapture(ms, i, s, e);
    return nlevels;
}

void init_state(MatchState* ms, lua_State* L, const char* s, size_t ls, const char* p, size_t lp) {
    ms->L = L;
    ms->run = run_of(L);
    ms->src_init = s;
    ms->src_end = s + ls;
    ms->p_end = p + lp;
    ms->level = 0;
    ms->depth = kMaxMatchDepth;
    ms->steps = 0;
}

ptrdiff_t posrelat(ptrdiff_t pos, size_t len) {
    if (pos < 0) pos += ptrdiff_t(len) + 1;  // negative: from the end
    return pos >= 0 ? pos : 0;
}

bool has_specials(const char* p, size_t lp) {
    for (size_t i = 0; i < lp; i++)
        if (std::strchr(kSpecials, p[i]) != nullptr && p[i] != '\0') return true;
    return false;
}

int find_aux(lua_State* L, bool find) {
    size_t ls, lp;
    const char* s = luaL_checklstring(L, 1, &ls);
    const char* p = luaL_checklstring(L, 2, &lp);
    ptrdiff_t init = posrelat(ptrdiff_t(luaL_optinteger(L, 3, 1)), ls) - 1;
    if (init < 0)
        init = 0;
    else if (size_t(init) > ls)
        init = ptrdiff_t(ls);
    if (find && (lua_toboolean(L, 4) || !has_specials(p, lp))) {
        // Plain search: glibc memmem is linear (two-way) but no hook fires
        // inside it, and a loop calling it on a big subject runs ~1000
        // searches between two hook checks (8 MiB: 40 ms each, 40 s in
        // all): the limits are checked before every big search.
        if (ls - size_t(init) >= kHeavySubject) check_limits(L, *run_of(L));
        const void* hit = lp == 0 ? s + init : memmem(s + init, ls - size_t(init), p, lp);
        if (hit) {
            auto at = static_cast<const char*>(hit) - s;
            lua_pushinteger(L, at + 1);
            lua_pushinteger(L, at + ptrdiff_t(lp));
            return 2;
        }
    } else {
        MatchState ms;
        bool anchor = lp > 0 && *p == '^';
        if (anchor) {
            p++;
            lp--;
        }
        init_state(&ms, L, s, ls, p, lp);
        const char* s1 = s + init;
        do {
            ms.level = 0;
            const char* res = match(&ms, s1, p);
            if (res != nullptr) {
                if (find) {
                    lua_pushinteger(L, s1 - s + 1);  // start
                    lua_pushinteger(L, res - s);     // end
                    return push_captures(&ms, nullptr, nullptr) + 2;
                }
                return push_captures(&ms, s1, res);
            }
        } while (s1++ < ms.src_end && !anchor);
    }
    lua_pushnil(L);
    return 1;
}

int gmatch_aux(lua_State* L) {
    size_t ls, lp;
    const char* s = lua_tolstring(L, lua_upvalueindex(1), &ls);
    const char* p = lua_tolstring(L, lua_upvalueindex(2), &lp);
    MatchState ms;
    init_state(&ms, L, s, ls, p, lp);
    for (const char* src = s + size_t(lua_tointeger(L, lua_upvalueindex(3))); src <= ms.src_end; src++) {
        ms.level = 0;
        const char* e = match(&ms, src, p);
        if (e != nullptr) {
            lua_Integer newstart = e - s;
            if (e == src) newstart++;  // empty match: go at least one position
            lua_pushinteger(L, newstart);
            lua_replace(L, lua_upvalueindex(3));
            return push_captures(&ms, src, e);
        }
    }
    return 0;
}

void add_s(MatchState* ms, luaL_Buffer* b, const char* s, const char* e) {
    size_t l;
    const char* news = lua_tolstring(ms->L, 3, &l);
    for (size_t i = 0; i < l; i++) {
        if (news[i] != kEsc) {
            luaL_addchar(b, news[i]);
            continue;
        }
        i++;  // skip ESC
        if (i >= l || !std::isdigit(uc(news[i]))) {
            if (i < l) luaL_addchar(b, news[i]);
        } else if (news[i] == '0') {
            luaL_addlstring(b, s, size_t(e - s));
        } else {
            push_onecapture(ms, news[i] - '1', s, e);
            luaL_addvalue(b);
        }
    }
}

void add_value(MatchState* ms, luaL_Buffer* b, const char* s, const char* e) {
    lua_State* L = ms->L;
    switch (lua_type(L, 3)) {
    case LUA_TNUMBER:
    case LUA_TSTRING:
        add_s(ms, b, s, e);
        return;
    case LUA_TFUNCTION: {
        lua_pushvalue(L, 3);
        int n = push_captures(ms, s, e);
        lua_call(L, n, 1);
        break;
    }
    default: {  // LUA_TTABLE
        push_onecapture(ms, 0, s, e);
        lua_gettable(L, 3);
        break;
    }
    }
    if (!lua_toboolean(L, -1)) {  // nil or false: keep the original text
        lua_pop(L, 1);
        lua_pushlstring(L, s, size_t(e - s));
    } else if (!lua_isstring(L, -1)) {
        luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
    }
    luaL_addvalue(b);
}

/// Counts live gsub calls of a run; restored on unwind (LuaJIT on x64 unwinds
/// C++ frames with destructors when a Lua error passes through).
struct NestingGuard {
    Run* run;
    explicit NestingGuard(Run* r) : run(r) { run->nesting++; }
    ~NestingGuard() { run->nesting--; }
};

}  // namespace

int str_find(lua_State* L) { return find_aux(L, true); }
int str_match(lua_State* L) { return find_aux(L, false); }

int str_gmatch(lua_State* L) {
    luaL_checkstring(L, 1);
    luaL_checkstring(L, 2);
    lua_settop(L, 2);
    lua_pushinteger(L, 0);                   // stack: s, p, pos
    lua_pushcclosure(L, gmatch_aux, 3);      // stack: iterator
    return 1;
}

int str_gsub(lua_State* L) {
    size_t srcl, lp;
    const char* src = luaL_checklstring(L, 1, &srcl);
    const char* p = luaL_checklstring(L, 2, &lp);
    int tr = lua_type(L, 3);
    lua_Number max_n = luaL_optnumber(L, 4, lua_Number(srcl) + 1);
    luaL_argcheck(L, tr == LUA_TNUMBER || tr == LUA_TSTRING || tr == LUA_TFUNCTION || tr == LUA_TTABLE,
                  3, "string/function/table expected");
    Run* run = run_of(L);
    if (run->nesting >= run->limits.max_nesting) {
        terminate(*run, Termination::Nesting);
        raise_termination(L, *run);
    }
    NestingGuard guard(run);
    bool anchor = lp > 0 && *p == '^';
    if (anchor) {
        p++;
        lp--;
    }
    MatchState ms;
    init_state(&ms, L, src, srcl, p, lp);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    lua_Number n = 0;
    while (n < max_n) {
        ms.level = 0;
        const char* e = match(&ms, src, p);
        if (e != nullptr) {
            n++;
            add_value(&ms, &b, src, e);
        }
        if (e != nullptr && e > src)
            src = e;
        else if (src < ms.src_end)
            luaL_addchar(&b, *src++);
        else
            break;
        if (anchor) break;
    }
    luaL_addlstring(&b, src, size_t(ms.src_end - src));
    luaL_pushresult(&b);
    lua_pushnumber(L, n);
    return 2;
}

}  // namespace medic::lua
