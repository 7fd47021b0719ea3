// bindings/api/runbook_api.cpp: THE declaration of the `runbook` module: the
// header every runbook returns (define), steps with compensation, and waits.
// step, wait_until and define are completed by prelude wrappers (the parts
// that call script functions); everything checked or recorded is here.
#include <algorithm>
#include <cmath>

#include "bindings/api/domains.hpp"
#include "bindings/api/modules.hpp"
#include "bindings/lua/clock.hpp"
#include "bindings/lua/convert.hpp"
#include "bindings/lua/error_object.hpp"
#include "bindings/lua/hook.hpp"
#include "bindings/lua/run_ops.hpp"
#include "bindings/lua/services.hpp"

namespace medic::api {
namespace {

using namespace domain;

inline constexpr const char* kParamTypes[] = {"integer", "number", "string", "boolean"};
inline constexpr Domain kParamType{"a parameter type", LuaType::String, Check::OneOf, 0, 0, kParamTypes};
inline constexpr Domain kParamDecls{"a table of parameter declarations", LuaType::Table};
inline constexpr Domain kDeadline{"a deadline in seconds", LuaType::Number, Check::Range, 1, 86400};

inline constexpr ParamSpec kParamDeclFields[] = {
    {"type", &kParamType, true, nullptr, "the parameter's type"},
    {"doc", &kText, false, nullptr, "what the parameter means"},
    {"required", &kFlag, false, "false", "the run fails unless it is given"},
    {"default", &kAnyValue, false, nullptr, "value when not given (same type)"},
};

inline constexpr const char* kConcurrencyChoices[] = {"one", "many"};
inline constexpr Domain kConcurrency{"a concurrency", LuaType::String, Check::OneOf, 0, 0, kConcurrencyChoices};

inline constexpr ParamSpec kDefineParams[] = {
    {"name", &kName, true, nullptr, "the runbook's name"},
    {"description", &kText, false, nullptr, "what it does, for people and the advisor"},
    {"params", &kParamDecls, false, nullptr, "declared parameters, by name", kParamDeclFields,
     "runbook.ParamDecl", true},
    {"risk", &kRisk, false, "\"low\"", "how much harm a mistake can do"},
    {"deadline_s", &kDeadline, false, "600", "wall-clock deadline of a run"},
    {"concurrency", &kConcurrency, false, "\"one\"",
     "\"one\": a live run is refused while another live run of this runbook is going; \"many\": allowed"},
    {"run", &kFunction, true, nullptr, "fun(params: table): any -- the body"},
};

Value define(Call& c, const Args& a) {
    lua::Run& r = c.run;
    if (r.header.defined) throw HostError{ErrorCode::E_HEADER, "a runbook may call runbook.define only once"};
    lua::RunHeader h;
    h.defined = true;
    h.name = a["name"].s;
    h.description = a["description"].s;
    h.risk = a["risk"].s;
    h.deadline_s = a["deadline_s"].as_number();
    if (const Value& decls = a["params"]; decls.kind == Value::Kind::Map) {
        for (const auto& [name, d] : *decls.m) {
            lua::ParamDecl p;
            p.name = name;
            p.type = d.get("type")->s;
            p.required = d.get("required") && d.get("required")->b;
            if (const Value* doc = d.get("doc")) p.doc = doc->s;
            if (const Value* def = d.get("default")) {
                bool ok = (p.type == "string" && def->kind == Value::Kind::String) ||
                          (p.type == "boolean" && def->kind == Value::Kind::Boolean) ||
                          (def->kind == Value::Kind::Number &&
                           (p.type == "number" || (std::isfinite(def->n) && def->n == std::floor(def->n) &&
                                                   std::fabs(def->n) <= kMaxSafeInteger)));
                if (!ok || (def->kind == Value::Kind::Number && !std::isfinite(def->n)))
                    throw HostError{ErrorCode::E_ARG_DOMAIN,
                                    "params." + name + ".default must be a value of the declared type (" + p.type + ")",
                                    "params." + name + ".default"};
                p.def = p.type == "integer" ? Value::integer(int64_t(def->n)) : *def;
            }
            h.params.push_back(std::move(p));
        }
    }
    h.concurrency = a["concurrency"].s;
    r.header = std::move(h);
    if (r.limits.wall_s <= 0 && r.clock) r.wall_deadline = r.started_at + r.header.deadline_s;
    // Before the body runs: a refused start leaves no step and no action.
    if (r.services)
        if (std::string why = r.services->refuse_start(r); !why.empty())
            throw HostError{ErrorCode::E_SAFETY_REQUIRE, why};
    return {};
}

inline constexpr ParamSpec kStepParams[] = {
    {"name", &kName, true, nullptr, "the step's name in the journal"},
    {"do_fn", &kFunction, true, nullptr, "fun(): any -- the step's work"},
    {"undo_fn", &kFunction, false, nullptr, "fun() -- undoes it if a later step fails"},
};

Value step(Call& c, const Args& a) {
    lua::Run& r = c.run;
    // Every step is a journal row and host memory outside the Lua heap cap.
    if (r.steps.size() >= size_t(r.limits.max_steps)) {
        lua::terminate(r, lua::Termination::Steps);
        throw HostError{ErrorCode::E_LIMIT_STEPS, "step count limit exceeded (" + std::to_string(r.limits.max_steps) + ")"};
    }
    return Value::integer(lua::step_begin(r, a["name"].s, c.where()));
}

inline constexpr ParamSpec kWaitParams[] = {
    {"seconds", &kDuration, true, nullptr, "how long to wait (at least 0.01: shorter is rounded up)"},
};

Value wait(Call& c, const Args& a) {
    lua::Run& r = c.run;
    double s = a["seconds"].n;
    double left = r.wall_deadline > 0 ? r.wall_deadline - r.clock->now() : s;
    // No room left for even the shortest wait: the deadline has come, which
    // is the wall limit (a loop of tiny waits), not a wrong argument.
    if (r.wall_deadline > 0 && left < lua::kMinWaitS) {
        lua::terminate(r, lua::Termination::Wall);
        throw HostError{ErrorCode::E_LIMIT_WALL, lua::kTerminationMessages[size_t(lua::Termination::Wall)]};
    }
    if (s > left)
        throw HostError{ErrorCode::E_ARG_DOMAIN,
                        "seconds must be a duration in seconds within the run's deadline (number <= " +
                            lua::render_number(std::floor(std::max(0.0, left) * 100) / 100) + "), got " +
                            lua::render_number(s),
                        "seconds"};
    // A dry-run shows the plan, fast: nothing it planned will happen, so
    // there is nothing to wait for (the same checks ran above).
    if (r.dry_run()) {
        if (!lua::append_log(r, "info", "dry-run: would wait " + lua::render_number(s) + " s", "", c.where()))
            throw HostError{ErrorCode::E_LIMIT_LOG, "log output limit exceeded"};
        return {};
    }
    r.suspension = lua::Suspension{};
    r.suspension.until = r.clock->now() + std::max(s, lua::kMinWaitS);
    r.suspension.waiting_for = "sleep " + lua::render_number(s) + " s (" + c.where() + ")";
    r.suspended = true;
    c.suspend = &r.suspension;
    return {};
}

inline constexpr ParamSpec kWaitUntilOpts[] = {
    {"timeout_s", &kDuration, false, "60", "give up (E_WAIT_TIMEOUT) after this long"},
    {"interval_s", &kDuration, false, "1", "time between checks (at least 0.01: shorter is rounded up)"},
    {"description", &kText, false, nullptr,
     "what the run waits for, shown in the runs table (`medic runs`, the GUI) and in a dry-run's log"},
};
inline constexpr ParamSpec kWaitUntilParams[] = {
    {"fn", &kFunction, true, nullptr, "fun(): any -- the condition; a true value ends the wait"},
    {"opts", &kOptions, false, nullptr, "timeout and interval", kWaitUntilOpts, "runbook.WaitOpts"},
};

Value wait_until(Call& c, const Args& a) {
    const Value& opts = a["opts"];
    double timeout = 60, interval = 1;
    if (const Value* t = opts.get("timeout_s")) timeout = t->n;
    if (const Value* i = opts.get("interval_s")) interval = std::max(i->n, lua::kMinWaitS);
    const Value* d = opts.get("description");
    std::string desc = d && d->kind == Value::Kind::String && !d->s.empty() ? lua::escape_text(d->s, 200) : "";
    // `what` is a live run's waiting_for (runs table, `medic runs`), which has
    // no log line beside it to say where: it names the place. The dry-run
    // line carries its place already, so it gets the description alone.
    std::string what = "condition: " + (desc.empty() ? "wait_until at " + c.where() : desc + " (" + c.where() + ")");
    Value out = Value::array();
    out.push(Value::number(timeout));
    out.push(Value::number(interval));
    out.push(Value::string(std::move(what)));
    out.push(Value::string(std::move(desc)));
    return out;
}

Value elapsed(Call& c, const Args&) { return Value::number(lua::run_time(c.run)); }

inline constexpr ApiFn kRunbookApi[] = {
    {.module = "runbook", .name = "define", .params = kDefineParams, .named_args = true,
     .returns = "runbook.Header", .returns_doc = "the header; the runbook must return it",
     .effect = Effect::Control, .doc = "Declare the runbook: its name, description, typed parameters, "
     "risk, deadline and body. Every runbook ends with `return runbook.define{...}`; the host then calls "
     "`run(params)` with the parameters checked against their declarations.",
     .example = "return runbook.define{\n  name = \"drain_store\", risk = \"medium\", deadline_s = 900,\n"
     "  params = { store = { type = \"integer\", required = true, doc = \"store to drain\" } },\n"
     "  run = function(p) log.info(\"draining\", { store = p.store }) end,\n}",
     .impl = define, .lua_wrapper = "define", .pure = true},
    {.module = "runbook", .name = "step", .params = kStepParams, .returns = "any",
     .returns_doc = "what do_fn returned", .effect = Effect::Control,
     .doc = "Run one named, journaled step. If a later step fails (or the run is cancelled with "
     "compensation), the undo functions of the steps that succeeded run in reverse order. They run also "
     "when a limit ended the run (CPU, memory, log, actions, nesting, deadline): in a fresh coroutine with "
     "a budget of their own (1 s CPU, 300 s, 8 MiB above the live heap, 32 KiB of log, 50 actions). A "
     "step whose undo did not run is journaled as not_compensated, with the reason.",
     .example = "runbook.step(\"move leader\", function()\n  actions.transfer_leader{region = 12, to_store = 4}\n"
     "end, function()\n  actions.transfer_leader{region = 12, to_store = 1}\nend)",
     .impl = step, .lua_wrapper = "step"},
    {.module = "runbook", .name = "wait", .params = kWaitParams, .effect = Effect::Control,
     .doc = "Suspend the run for `seconds` (the run, not a thread: other runs go on). The time counts "
     "against the run's deadline, and a cancel ends the wait. In a dry-run it does not wait: the same "
     "checks, then one info line `dry-run: would wait <seconds> s`, and it returns at once.",
     .example = "runbook.wait(30)", .impl = wait, .suspends = true, .suspends_live_only = true},
    {.module = "runbook", .name = "wait_until", .params = kWaitUntilParams, .returns = "any",
     .returns_doc = "the first true value fn returned", .effect = Effect::Control,
     .doc = "Call `fn` every `interval_s` seconds until it returns a true value; raise E_WAIT_TIMEOUT "
     "after `timeout_s`. In a dry-run `fn` is called once: a true value is returned; otherwise it logs "
     "one info line `dry-run: would wait until <description>, at most <timeout_s> s` (`until the "
     "condition holds` without a description) and returns true at once "
     "(nothing the dry-run planned will happen, so there is nothing to wait for).",
     .example = "runbook.wait_until(function()\n  local s = cluster.store(4)\n  return s and s.leader_count == 0\n"
     "end, { timeout_s = 600, interval_s = 10, description = \"store 4 has no leaders\" })",
     .impl = wait_until, .lua_wrapper = "wait_until", .extra_results = 4, .pure = true},
    {.module = "runbook", .name = "elapsed", .params = {}, .returns = "number",
     .returns_doc = "seconds since the run started", .doc = "Seconds since the run started (waits included).",
     .example = "if runbook.elapsed() > 300 then log.warn(\"slow\") end", .impl = elapsed, .pure = true},
};

inline constexpr FieldSpec kHeaderFields[] = {
    {"name", "string", ""}, {"description", "string?", ""},
    {"params", "table<string, runbook.ParamDecl>?", ""}, {"risk", "\"low\"|\"medium\"|\"high\"|\"critical\"?", ""},
    {"deadline_s", "number?", ""}, {"concurrency", "\"one\"|\"many\"?", ""},
    {"run", "fun(params: table): any", ""},
};
inline constexpr ClassSpec kRunbookClasses[] = {{"runbook.Header", "What runbook.define returns.", kHeaderFields}};

}  // namespace

const ModuleSpec kRunbookModule{"runbook", "The runbook header, steps with compensation, and waits.", kRunbookApi,
                                kRunbookClasses};

}  // namespace medic::api
