// bindings/api/safety_api.cpp: THE declaration of the `safety` module:
// assertions that stop a run, human approval, and what mode and limits the
// run has. The enforcement of policy lives in the engine's gate (actions.*
// go through it whatever the runbook does with this module).
#include "bindings/api/domains.hpp"
#include "bindings/api/modules.hpp"
#include "bindings/lua/clock.hpp"
#include "bindings/lua/dispatch.hpp"
#include "bindings/lua/hook.hpp"
#include "bindings/lua/run_ops.hpp"
#include "bindings/lua/services.hpp"

namespace medic::api {
namespace {

using namespace domain;

inline constexpr ParamSpec kRequireParams[] = {
    {"cond", &kAnyValue, false, nullptr, "the condition; false or nil stops the run"},
    {"message", &kMessage, true, nullptr, "why the run must not go on"},
};

Value require(Call&, const Args& a) {
    if (!a["cond"].truthy()) throw HostError{ErrorCode::E_SAFETY_REQUIRE, a["message"].s};
    return Value::boolean(true);
}

inline constexpr size_t kMaxSummaryChars = 500;
inline constexpr Domain kSummary{"a summary", LuaType::String, Check::NonEmpty, 0, 0, {}, 2048};
inline constexpr ParamSpec kApproveParams[] = {
    {"summary", &kSummary, true, nullptr, "one line shown to the approver (at most 500 characters)"},
    {"details", &kText, false, nullptr, "longer text shown to the approver"},
    {"timeout_s", &kDuration, false, "900", "no answer in time means rejected"},
};

/// The engine's `approval` kind accepts 1..500 characters without control
/// characters other than newline and tab; check the same here so a dry-run
/// refuses what the live run would.
void check_summary(const std::string& s) {
    size_t chars = 0;
    bool blank = true;
    for (unsigned char ch : s) {
        chars += (ch & 0xC0) != 0x80;
        blank = blank && (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n');
        if ((ch < 0x20 && ch != '\n' && ch != '\t') || ch == 0x7f)
            throw HostError{ErrorCode::E_ARG_DOMAIN,
                            "summary must be a summary (text without control characters), got control character " +
                                std::to_string(int(ch)),
                            "summary"};
    }
    if (blank) throw HostError{ErrorCode::E_ARG_DOMAIN, "summary must be a summary (not only blanks)", "summary"};
    if (chars > kMaxSummaryChars)
        throw HostError{ErrorCode::E_ARG_DOMAIN,
                        "summary must be a summary (at most 500 characters), got " + std::to_string(chars) +
                            " characters",
                        "summary"};
}

Value approve(Call& c, const Args& a) {
    lua::Run& r = c.run;
    check_summary(a["summary"].s);
    if (r.dry_run()) {
        lua::append_log(r, "info", "would ask for approval: " + a["summary"].s, "", c.where());
        return Value::boolean(true);
    }
    if (!lua::can_suspend(c))
        throw HostError{ErrorCode::E_MODE, "cannot wait for an approval inside a coroutine created by the runbook"};
    lua::ApprovalRequest req{a["summary"].s, a["details"].s, a["timeout_s"].n, c.where()};
    r.suspension = lua::Suspension{};
    r.suspension.until = r.clock->now() + req.timeout_s;
    r.suspension.poll = r.services->request_approval(r, req);
    r.suspension.waiting_for = "approval: " + req.summary;
    r.suspended = true;
    c.suspend = &r.suspension;
    return {};
}

Value dry_run(Call& c, const Args&) { return Value::boolean(c.run.dry_run()); }

Value limits(Call& c, const Args&) {
    const lua::Run& r = c.run;
    Value v = Value::map();
    v.set("mode", Value::string(lua::kRunModeNames[size_t(r.mode)]));
    v.set("cpu_s", Value::number(r.cpu_budget_s));
    v.set("cpu_used_s", Value::number(lua::cpu_used(r)));
    v.set("memory_bytes", Value::integer(int64_t(r.limits.memory_bytes)));
    v.set("memory_used_bytes", Value::integer(int64_t(r.alloc.used)));
    v.set("log_bytes", Value::integer(int64_t(r.limits.log_bytes)));
    v.set("max_actions", Value::integer(r.limits.max_actions));
    v.set("actions_used", Value::integer(r.action_count));
    v.set("deadline_in_s", Value::number(r.wall_deadline > 0 ? r.wall_deadline - r.clock->now() : 0));
    return v;
}

inline constexpr ApiFn kSafetyApi[] = {
    {.module = "safety", .name = "require", .params = kRequireParams, .returns = "true",
     .doc = "Stop the run with E_SAFETY_REQUIRE and `message` unless `cond` is true. Use it for "
     "preconditions the runbook relies on.",
     .example = "safety.require(#cluster.stores() >= 3, \"need at least 3 stores\")", .impl = require, .pure = true},
    {.module = "safety", .name = "approve", .params = kApproveParams, .named_args = true,
     .returns = "true", .returns_doc = "true once a person approved", .effect = Effect::Control,
     .doc = "Ask a person to approve what follows. Dry-run: logs \"would ask for approval: <summary>\" and "
     "returns true. Live: submits an `approval` action through the safety gate and suspends the run (not a "
     "thread) until a person decides with `medic actions approve|reject ID` or in the GUI; rejection raises "
     "E_APPROVAL_REJECTED, expiry or no answer within timeout_s E_APPROVAL_TIMEOUT, the kill switch "
     "E_SAFETY_VETO.",
     .example = "safety.approve{ summary = \"drain store 4 (1200 leaders)\", timeout_s = 600 }",
     .impl = approve, .suspends = true, .suspends_live_only = true},
    {.module = "safety", .name = "dry_run", .params = {}, .returns = "boolean",
     .doc = "True when the run only plans (the default; `medic run --execute` runs live).",
     .example = "if safety.dry_run() then log.info(\"planning only\") end", .impl = dry_run, .pure = true},
    {.module = "safety", .name = "limits", .params = {}, .returns = "safety.Limits",
     .doc = "The run's mode, limits and how much of them it has used.",
     .example = "local l = safety.limits()\nlog.info(\"budget\", { actions_left = l.max_actions - l.actions_used })",
     .impl = limits, .pure = true},
};

inline constexpr FieldSpec kLimitsFields[] = {
    {"mode", "\"dry_run\"|\"live\"", ""},
    {"cpu_s", "number", "CPU budget"},
    {"cpu_used_s", "number", ""},
    {"memory_bytes", "integer", "heap cap"},
    {"memory_used_bytes", "integer", ""},
    {"log_bytes", "integer", "log budget"},
    {"max_actions", "integer", ""},
    {"actions_used", "integer", ""},
    {"deadline_in_s", "number", "seconds left before the wall deadline"},
};
inline constexpr ClassSpec kSafetyClasses[] = {{"safety.Limits", "The run's limits and usage.", kLimitsFields}};

}  // namespace

const ModuleSpec kSafetyModule{"safety", "Preconditions, human approval, mode and limits.", kSafetyApi,
                               kSafetyClasses};

}  // namespace medic::api
