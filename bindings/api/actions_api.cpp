// bindings/api/actions_api.cpp: the `actions` module, generated from the
// engine's action registry (engine/actions/spec.hpp), so each action is
// still declared exactly once: there. One Lua function per ActionSpec,
// taking one table of named arguments (`actions.transfer_leader{region = 12,
// to_store = 4}`); the engine's parameter domains become dispatcher domains,
// so argument errors read the same as everywhere else. The call goes to the
// engine's action service through the safety gate: dry-run returns the
// planned action with its expected change, live suspends the run until the
// action is verified and returns the verified result.
#include <lua.hpp>

#include <cmath>
#include <deque>
#include <functional>
#include <mutex>

#include "actions/spec.hpp"
#include "bindings/api/domains.hpp"
#include "bindings/api/modules.hpp"
#include "bindings/lua/action_result.hpp"
#include "bindings/lua/convert.hpp"
#include "bindings/lua/dispatch.hpp"
#include "bindings/lua/error_object.hpp"
#include "bindings/lua/hook.hpp"
#include "bindings/lua/run_ops.hpp"
#include "bindings/lua/services.hpp"

namespace medic::api {
namespace {

/// Owns everything the generated ApiFn entries point into.
struct Generated {
    std::deque<std::string> text;
    std::deque<Domain> domains;
    std::deque<std::vector<const char*>> choices;
    std::deque<std::vector<ParamSpec>> params;
    std::vector<ApiFn> fns;
    ModuleSpec module{"actions", "", {}};

    const char* keep(std::string s) { return text.emplace_back(std::move(s)).c_str(); }
};

Domain number_domain(const actions::ParamSpec& p, LuaType t) {
    Domain d{p.domain.c_str(), t};
    double lo = std::max(p.min, -kMaxSafeInteger), hi = std::min(p.max, kMaxSafeInteger);
    if (lo == 1 && hi >= kMaxSafeInteger && t == LuaType::Integer) d.check = Check::Positive;
    else if (lo == 0 && hi >= kMaxSafeInteger) d.check = Check::NonNegative;
    else if (lo > -kMaxSafeInteger || hi < kMaxSafeInteger) {
        d.check = Check::Range;
        d.min = lo;
        d.max = hi;
    }
    return d;
}

const char* default_literal(Generated& g, const actions::ParamValue& v) {
    if (const auto* i = std::get_if<int64_t>(&v)) return g.keep(std::to_string(*i));
    if (const auto* n = std::get_if<double>(&v)) return g.keep(lua::render_number(*n));
    if (const auto* s = std::get_if<std::string>(&v)) return g.keep("\"" + *s + "\"");
    if (const auto* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
    return nullptr;
}

ParamSpec make_param(Generated& g, const actions::ParamSpec& p) {
    using PT = actions::ParamType;
    Domain d{p.domain.c_str(), LuaType::String};
    const Domain* element = nullptr;
    auto string_domain = [&]() {
        Domain sd{p.domain.c_str(), LuaType::String};
        std::vector<const char*> ch;
        for (const auto& c : p.choices)
            if (!c.empty()) ch.push_back(c.c_str());
        if (!ch.empty()) {
            sd.check = Check::OneOf;
            sd.choices = g.choices.emplace_back(std::move(ch));
        }
        return sd;
    };
    switch (p.type) {
    case PT::Integer: d = number_domain(p, LuaType::Integer); break;
    case PT::Number: d = number_domain(p, LuaType::Number); break;
    case PT::String: d = string_domain(); break;
    case PT::Bool: d = Domain{p.domain.c_str(), LuaType::Boolean}; break;
    case PT::IntegerList:
        element = &g.domains.emplace_back(number_domain(p, LuaType::Integer));
        d = Domain{g.keep("a list of " + p.domain), LuaType::Table};
        break;
    case PT::StringList:
        element = &g.domains.emplace_back(string_domain());
        d = Domain{g.keep("a list of " + p.domain), LuaType::Table};
        break;
    case PT::Count: break;
    }
    ParamSpec out{p.name.c_str(), &g.domains.emplace_back(d), p.required, default_literal(g, p.default_value),
                  p.doc.c_str()};
    out.element = element;
    return out;
}

/// The verified result a live action's poll returned (action_result_value)
/// back into the record's flat form.
lua::ActionResult result_from_value(const Value& v, lua::ActionResult keep) {
    auto text = [&v](const char* k, std::string& out) {
        if (const Value* x = v.get(k); x && x->kind == Value::Kind::String) out = x->s;
    };
    text("status", keep.status);
    text("description", keep.description);
    text("observed", keep.observed);
    if (const Value* id = v.get("audit_id"); id && id->kind == Value::Kind::Integer && id->i != 0) keep.audit_id = id->i;
    if (const Value* calls = v.get("calls"); calls && calls->kind == Value::Kind::Array) {
        keep.calls.clear();
        for (const auto& c : *calls->a)
            if (c.kind == Value::Kind::String) keep.calls.push_back(c.s);
    }
    return keep;
}

/// A live action is recorded as "submitted" when the run suspends on it; when
/// the engine has verified (or failed) it, the record says so and is handed
/// to the services again, so the journal holds the outcome, not only the
/// request. (A services implementation may settle the record itself first.)
std::function<lua::Suspension::Poll()> settling_poll(lua::Run& r, size_t index,
                                                     std::function<lua::Suspension::Poll()> inner) {
    return [&r, index, inner = std::move(inner)]() {
        lua::Suspension::Poll p = inner();
        if (p.state == lua::Suspension::State::Pending || index >= r.actions.size()) return p;
        lua::ActionRecord& rec = r.actions[index];
        if (rec.state == lua::ActionState::Pending) {
            bool done = p.state == lua::Suspension::State::Done;
            rec.state = done                                       ? lua::ActionState::Succeeded
                        : p.error.code == ErrorCode::E_SAFETY_VETO ? lua::ActionState::Refused
                                                                   : lua::ActionState::Failed;
            if (done) rec.result = result_from_value(p.value, std::move(rec.result));
            else rec.error = p.error.message;
        }
        r.services->on_action(r, rec);
        return p;
    };
}

/// Copy `src` into a never-used arena slot: a scalar (what actions take
/// mostly) needs its kind and value only, no string or pointer assignment.
inline void copy_into_fresh(Value& dst, const Value& src) {
    if (src.kind <= Value::Kind::Number && src.s.empty() && !src.a && !src.m) {
        dst.kind = src.kind;
        dst.b = src.b;
        dst.i = src.i;
        dst.n = src.n;
    } else {
        dst = src;
    }
}

// The typed action call's path (bench_lua measures it): the checked
// argument slots go to the services as views, the record stores compact
// fields (a line number, the values, the flat result) and its text is
// rendered later, and the result is pushed from the template
// (action_result.hpp), never through a Value map.
Value submit(Call& c, const Args& a) {
    lua::Run& r = c.run;
    if (r.action_count >= r.limits.max_actions) {
        lua::terminate(r, lua::Termination::Actions);
        throw HostError{ErrorCode::E_LIMIT_ACTIONS,
                        "action count limit exceeded (" + std::to_string(r.limits.max_actions) + ")"};
    }
    if (!r.dry_run() && !lua::can_suspend(c))
        throw HostError{ErrorCode::E_MODE, "cannot run a live action inside a coroutine created by the runbook"};
    r.action_count++;
    size_t n = a.params.size();
    lua::ActionOutcome o =
        r.services->submit_action(r, c.fn.name, lua::ActionArgs{a.params, std::span<const Value>(a.values.data(), n)});
    using S = lua::ActionOutcome::State;
    if (r.actions.empty()) r.actions.reserve(size_t(std::min(r.limits.max_actions, 1024)));
    lua::ActionRecord& rec = r.actions.emplace_back();
    rec.kind = c.fn.name;
    rec.state = o.state;
    rec.run_mode = r.mode;
    // A dry-run action's frame 1 is its Lua wrapper (action_result.hpp),
    // never the runbook: start one level up.
    rec.line = lua::runbook_line(c.L, r, lua::result_built_in_lua(c.fn, r.dry_run()) ? 2 : 1);
    rec.param_specs = a.params;
    std::span<Value> values = r.action_values.take(n);
    for (size_t i = 0; i < n; i++) copy_into_fresh(values[i], a.values[i]);
    rec.param_values = values;
    rec.result = std::move(o.result);
    bool failed = o.state == S::Refused || o.state == S::Failed;
    if (failed && !o.error) o.error = HostError{ErrorCode::E_HOST, "the action service gave no reason"};
    if (failed) rec.error = o.error->message;
    r.services->on_action(r, rec);
    if (failed) throw *o.error;
    if (o.state == S::Pending && r.dry_run())  // a dry-run never waits (no yield wrapper is installed)
        throw HostError{ErrorCode::E_HOST, "the action service answered 'pending' to a dry-run"};
    if (o.state == S::Pending) {
        r.suspension = lua::Suspension{};
        r.suspension.poll = settling_poll(r, r.actions.size() - 1, std::move(o.poll));
        r.suspension.poll_interval_s = 0.2;
        r.suspension.waiting_for = "action " + std::string(c.fn.name) + " in flight (" + lua::position_text(r, rec.line) + ")";
        r.suspended = true;
        c.suspend = &r.suspension;
        return {};
    }
    c.action = &rec;
    return {};
}

// Engine refusal reasons (err.details.reason, engine/actions/kinds_*.cpp)
// that mean the plan went stale: the region changed between the runbook's
// read and the action (PD started an operator on it, its peers moved, it was
// merged away). A runbook skips such a move instead of failing.
inline constexpr const char* kStaleReasons[] = {"operator_running", "no_voter_on_store", "no_peer_on_store",
                                                "peer_exists", "region_not_found"};
// PD's own answer when it started an operator between the gate's check and
// the request (POST /operators).
constexpr std::string_view kPdStaleText = "maybe already have one";

/// The string field `key` of the table at idx, read raw ("" when absent).
std::string_view raw_text(lua_State* L, int idx, const char* key) {
    lua_pushstring(L, key);              // stack: key
    lua_rawget(L, idx < 0 ? idx - 1 : idx);  // stack: v
    size_t len = 0;
    const char* s = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &len) : nullptr;
    lua_pop(L, 1);  // the string stays alive: the error object holds it
    return s ? std::string_view(s, len) : std::string_view{};
}

Value is_stale(Call& c, const Args&) {
    lua_State* L = c.L;
    // Only the host's own error objects (locked metatable): a table a
    // script built cannot claim to be a stale-plan refusal.
    if (!lua::is_error_object(L, 1, c.run)) return Value::boolean(false);
    luaL_checkstack(L, 3, "is_stale");
    lua_pushstring(L, "details");  // stack: "details"
    lua_rawget(L, 1);              // stack: details
    std::string_view reason = lua_type(L, -1) == LUA_TTABLE ? raw_text(L, -1, "reason") : std::string_view{};
    bool stale = false;
    for (const char* r : kStaleReasons) stale = stale || reason == r;
    lua_pop(L, 1);
    if (!stale) stale = raw_text(L, 1, "message").find(kPdStaleText) != std::string_view::npos;
    return Value::boolean(stale);
}

inline constexpr ParamSpec kIsStaleParams[] = {
    {"err", &domain::kAnyValue, false, nullptr, "an error caught with pcall (any value: false unless a host error)"},
};

inline constexpr ApiFn kIsStale{
    .module = "actions", .name = "is_stale", .params = kIsStaleParams, .returns = "boolean",
    .returns_doc = "true when err is a refusal because the plan went stale",
    .effect = Effect::Read,
    .doc = "Whether an action's error means the plan went stale: the region changed between the runbook's read "
           "and the action (err.details.reason is operator_running, no_voter_on_store, no_peer_on_store, "
           "peer_exists or region_not_found, or PD answered that the region already has an operator). Skip "
           "that move instead of failing the run.",
    .example = "local ok, err = pcall(actions.transfer_leader, { region = r.id, to_store = 4 })\n"
               "if not ok and not actions.is_stale(err) then error(err, 0) end",
    .impl = is_stale,
    .pure = true};

inline constexpr FieldSpec kResultFields[] = {
    {"action", "string", "the action name"},
    {"mode", "\"dry_run\"|\"live\"", ""},
    {"status", "string", "dry_run | skipped | succeeded (live results are verified)"},
    {"description", "string?", "the expected change, one line (absent when the engine gave none)"},
    {"audit_id", "integer", "the engine's action id in the audit log (0: none)"},
    {"calls", "string[]?", "the PD requests made (dry-run: that would be made); absent when none"},
    {"observed", "string?", "what verification saw (live; absent in a dry-run)"},
};
inline constexpr ClassSpec kActionsClasses[] = {{"actions.Result", "The outcome of one action.", kResultFields}};

Generated& generated() {
    static Generated g;
    static std::once_flag once;
    std::call_once(once, [] {
        for (const auto& spec : actions::action_specs()) {
            auto& ps = g.params.emplace_back();
            for (const auto& p : spec.params) ps.push_back(make_param(g, p));
            ApiFn fn{.module = "actions", .name = spec.name.c_str(), .params = ps, .named_args = true,
                     .returns = "actions.Result",
                     .returns_doc = "dry-run: the planned action and its expected change; live: the verified result",
                     .effect = spec.effect == actions::Effect::PdWrite ? Effect::Mutating : Effect::Control,
                     .since = "0.1",
                     .doc = g.keep(spec.summary + ". " + spec.doc + " Risk: " + actions::risk_name(spec.risk) +
                                   (spec.reversible ? ", reversible" : ", not reversible") +
                                   (spec.compensation.empty() ? "" : " (undo: " + spec.compensation + ")") + "."),
                     .example = "",
                     .impl = submit,
                     .suspends = true,
                     .suspends_live_only = true,
                     .returns_action_result = true};
            std::string ex = "actions." + spec.name + "{";
            for (size_t i = 0; i < spec.params.size(); i++) {
                const auto& p = spec.params[i];
                if (!p.required) continue;
                std::string val = p.type == actions::ParamType::Integer  ? "1"
                                  : p.type == actions::ParamType::Number ? "1.0"
                                  : p.type == actions::ParamType::Bool   ? "true"
                                  : p.type == actions::ParamType::String
                                      ? "\"" + (p.choices.empty() ? std::string("x") : p.choices[0]) + "\""
                                      : "{}";
                ex += (ex.back() == '{' ? " " : ", ") + p.name + " = " + val;
            }
            ex += ex.back() == '{' ? "}" : " }";
            fn.example = g.keep(ex);
            g.fns.push_back(fn);
        }
        g.fns.push_back(kIsStale);
        g.module = ModuleSpec{"actions", "One function per registered engine action; every call goes through "
                                         "the engine's safety gate (dry-run by default).",
                              g.fns, kActionsClasses};
    });
    return g;
}

}  // namespace

const ModuleSpec& actions_module() { return generated().module; }

}  // namespace medic::api
