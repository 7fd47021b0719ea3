// bindings/lua/internals.cpp: prelude-only C helpers (internals.hpp).
#include "bindings/lua/internals.hpp"

#include <lua.hpp>

#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "bindings/api/spec.hpp"
#include "bindings/lua/clock.hpp"
#include "bindings/lua/convert.hpp"
#include "bindings/lua/error_object.hpp"
#include "bindings/lua/hook.hpp"
#include "bindings/lua/run_ops.hpp"

namespace medic::lua {
namespace {

Run& run(lua_State* L) { return *run_of(L); }

std::string error_text(lua_State* L, int idx) {
    if (lua_isnoneornil(L, idx)) return "";
    Run& r = run(L);
    if (is_error_object(L, idx, r) || lua_type(L, idx) == LUA_TSTRING) return failure_from_value(L, idx, r).one_line();
    return std::string("error value is a ") + luaL_typename(L, idx);
}

int is_run_thread(lua_State* L) {
    lua_pushboolean(L, L == run(L).thread);
    return 1;
}

int check(lua_State* L) {
    check_limits(L, run(L));
    return 0;
}

int nesting_exceeded(lua_State* L) {
    terminate(run(L), Termination::Nesting);
    raise_termination(L, run(L));
}

int print(lua_State* L) {
    Run& r = run(L);
    size_t len = 0;
    const char* s = luaL_checklstring(L, 1, &len);
    bool ok = append_log(r, "info", {s, len}, "", where_of(L, r));
    if (!ok) raise_termination(L, r);
    return 0;
}

int step_end_fn(lua_State* L) {
    step_end(run(L), int64_t(lua_tonumber(L, 1)), lua_toboolean(L, 2), error_text(L, 3), lua_toboolean(L, 4));
    return 0;
}

int compensate_begin_fn(lua_State* L) {
    compensate_begin(run(L), int64_t(lua_tonumber(L, 1)));
    return 0;
}

int compensate_end_fn(lua_State* L) {
    compensate_end(run(L), int64_t(lua_tonumber(L, 1)), lua_toboolean(L, 2), error_text(L, 3));
    return 0;
}

int header_lines(lua_State* L) {
    set_line_tracking(L, run(L), lua_toboolean(L, 1));
    return 0;
}

int now(lua_State* L) {
    lua_pushnumber(L, run_time(run(L)));
    return 1;
}

/// sleep(seconds) -> true (after the wait) | false, err. Suspends the run.
int sleep(lua_State* L) {
    Run& r = run(L);
    check_limits(L, r);
    if (L != r.thread) {
        push_error(L, r, api::ErrorCode::E_MODE, "runbook.wait_until", "",
                   "cannot wait inside a coroutine created by the runbook", where_of(L, r));
        return lua_error(L);
    }
    double s = lua_tonumber(L, 1);
    size_t wlen = 0;
    const char* what = lua_type(L, 2) == LUA_TSTRING ? lua_tolstring(L, 2, &wlen) : nullptr;
    r.suspension = Suspension{};
    // wait_until's polls: one wait for the runs table (wait_done ends it).
    r.suspension.continues = what != nullptr;
    if (what) r.suspension.waiting_for.assign(what, wlen);
    r.suspension.until = r.clock->now() + (std::isfinite(s) && s > kMinWaitS ? s : kMinWaitS);
    r.suspended = true;
    return lua_yield(L, 0);
}

/// wait_until's condition held: the wait it reported is over.
int wait_done(lua_State* L) {
    report_resume(run(L));
    return 0;
}

int wait_timeout(lua_State* L) {
    Run& r = run(L);
    report_resume(r);
    std::string msg = "condition not met within " + render_number(lua_tonumber(L, 1)) + " s";
    push_error(L, r, api::ErrorCode::E_WAIT_TIMEOUT, "runbook.wait_until", "", msg, where_of(L, r));
    return lua_error(L);
}

/// dry_run_wait(description, timeout_s) -> true after logging what a dry-run
/// would wait for; false in a live run (which then really waits). The log
/// line names its place, so the message does not ("" = no description).
int dry_run_wait(lua_State* L) {
    Run& r = run(L);
    if (!r.dry_run()) {
        lua_pushboolean(L, 0);
        return 1;
    }
    // Refused where the live run would sleep (as sleep above does), so the plan
    // fails where the live run would.
    if (L != r.thread) {
        push_error(L, r, api::ErrorCode::E_MODE, "runbook.wait_until", "",
                   "cannot wait inside a coroutine created by the runbook", where_of(L, r));
        return lua_error(L);
    }
    size_t dlen = 0;
    const char* desc = lua_tolstring(L, 1, &dlen);
    std::string until = desc && dlen > 0 ? std::string(desc, dlen) : "the condition holds";
    std::string msg = "dry-run: would wait until " + until + ", at most " + render_number(lua_tonumber(L, 2)) + " s";
    if (!append_log(r, "info", msg, "", where_of(L, r))) raise_termination(L, r);
    lua_pushboolean(L, 1);
    return 1;
}

int no_header(lua_State* L) {
    Run& r = run(L);
    std::string msg = "the runbook must end with `return runbook.define{...}`, got " + render_actual(L, 1);
    push_error(L, r, api::ErrorCode::E_HEADER, "", "", msg, r.chunk);
    return lua_error(L);
}

/// Convert one --arg text to the declared type; "" on success.
std::string convert_arg(const ParamDecl& d, const std::string& text, api::Value& out) {
    if (d.type == "string") {
        if (text.size() > api::kDefaultMaxString || text.find('\0') != std::string::npos)
            return "must be a string of at most 4096 bytes without NUL";
        out = api::Value::string(text);
        return "";
    }
    if (d.type == "boolean") {
        if (text != "true" && text != "false") return "must be true or false, got \"" + escape_text(text, 32) + "\"";
        out = api::Value::boolean(text == "true");
        return "";
    }
    errno = 0;
    char* end = nullptr;
    double v = std::strtod(text.c_str(), &end);
    // Decimal text only: strtod would also take leading blanks, hex, "nan"
    // and "inf", and round digits beyond 2^53 to a neighbouring integer.
    bool ok = !text.empty() && end == text.c_str() + text.size() && errno == 0 && std::isfinite(v) &&
              text.find_first_of("xXpPnN \t\n\r\v\f") == std::string::npos;
    if (d.type == "integer") {
        if (!ok || v != std::floor(v) || std::fabs(v) >= api::kMaxSafeInteger)
            return "must be an integer, got \"" + escape_text(text, 32) + "\"";
        out = api::Value::integer(int64_t(v));
        return "";
    }
    if (!ok) return "must be a number, got \"" + escape_text(text, 32) + "\"";
    out = api::Value::number(v);
    return "";
}

/// Build the params table from the header declarations and --arg values.
int params(lua_State* L) {
    Run& r = run(L);
    api::Value table = api::Value::map();
    std::string problem;
    for (size_t i = 0; i < r.args.size(); i++) {
        const std::string& k = r.args[i].first;
        bool known = false;
        for (const auto& d : r.header.params) known = known || d.name == k;
        if (!known && problem.empty()) problem = "--arg " + k + ": the runbook declares no parameter '" + k + "'";
        for (size_t j = 0; j < i && problem.empty(); j++)
            if (r.args[j].first == k) problem = "--arg " + k + " is given more than once";
    }
    for (const auto& d : r.header.params) {
        const std::string* text = nullptr;
        for (const auto& [k, v] : r.args)
            if (k == d.name) text = &v;
        api::Value val = d.def;
        if (text) {
            std::string e = convert_arg(d, *text, val);
            if (!e.empty() && problem.empty()) problem = "--arg " + d.name + ": " + e;
        } else if (d.required && d.def.is_nil() && problem.empty()) {
            problem = "parameter '" + d.name + "' (" + d.type + ") is required: pass --arg " + d.name + "=...";
        }
        if (!val.is_nil()) table.set(d.name, val);
    }
    if (!problem.empty()) {
        push_error(L, r, api::ErrorCode::E_PARAM, "", "", problem, r.chunk);
        return lua_error(L);
    }
    push_value(L, table);
    return 1;
}

}  // namespace

void register_internals(lua_State* L, int I) {
    const std::pair<const char*, lua_CFunction> fns[] = {
        {"is_run_thread", is_run_thread}, {"check", check},
        {"nesting_exceeded", nesting_exceeded}, {"print", print},
        {"step_end", step_end_fn}, {"compensate_begin", compensate_begin_fn},
        {"compensate_end", compensate_end_fn}, {"now", now},
        {"sleep", sleep}, {"wait_timeout", wait_timeout}, {"wait_done", wait_done},
        {"dry_run_wait", dry_run_wait},
        {"no_header", no_header}, {"params", params},
        {"header_lines", header_lines}};
    for (auto [name, fn] : fns) {
        lua_pushcfunction(L, fn);
        lua_setfield(L, I, name);
    }
}

}  // namespace medic::lua
