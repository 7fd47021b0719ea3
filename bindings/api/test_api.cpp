// bindings/api/test_api.cpp: THE declaration of the `test` module, the API of
// runbook tests (workflows/*_test.lua). It is installed only by `medic test`
// (bindings/drill/test_runner.cpp), never in a normal run: all_modules() does
// not list it. A test file sets up a pdsim scenario, injects faults through
// pdsim's chaos API, runs runbooks on the simulated clock and asserts on the
// end state (cluster.*), the actions taken and the audit trail.
#include <algorithm>

#include "bindings/api/domains.hpp"
#include "bindings/api/modules.hpp"
#include "bindings/drill/embedded_pdsim.hpp"
#include "bindings/drill/session_services.hpp"
#include "bindings/drill/test_context.hpp"
#include "bindings/lua/convert.hpp"
#include "store/audit_log.hpp"
#include "store/database.hpp"

namespace medic::api {

extern const ModuleSpec kTestModule;

namespace {

using namespace domain;

drill::TestContext& ctx() {
    drill::TestContext* t = drill::current_test();
    if (t == nullptr) throw HostError{ErrorCode::E_MODE, "the test module is only available in `medic test`"};
    return *t;
}

drill::EmbeddedPdsim& sim() {
    drill::EmbeddedPdsim* s = ctx().ensure_session().pdsim();
    if (s == nullptr) throw HostError{ErrorCode::E_MODE, "this session has no embedded pdsim (chaos needs one)"};
    return *s;
}

// ---------------------------------------------------------------- scenario

inline constexpr const char* kScenarios[] = {"balanced",  "hot-region", "store-down",   "leader-imbalance",
                                             "disk-full", "offline-stuck", "missing-peer"};
inline constexpr Domain kScenario{"a pdsim scenario", LuaType::String, Check::OneOf, 0, 0, kScenarios};
inline constexpr Domain kCount{"a count", LuaType::Integer, Check::Range, 1, 100000};
inline constexpr Domain kSeed{"a seed", LuaType::Integer, Check::NonNegative};
inline constexpr ParamSpec kScenarioParams[] = {
    {"name", &kScenario, false, "\"balanced\"", "the pdsim scenario"},
    {"stores", &kCount, false, nullptr, "number of TiKV stores (scenario default when absent)"},
    {"regions", &kCount, false, nullptr, "number of regions (scenario default when absent)"},
    {"seed", &kSeed, false, "1", "pdsim's seed (runs are deterministic per seed)"},
};

Value scenario(Call&, const Args& a) {
    drill::SessionOptions o;
    o.scenario = a["name"].s;
    if (a.has("stores")) o.stores = int(a["stores"].i);
    if (a.has("regions")) o.regions = int(a["regions"].i);
    o.seed = int(a["seed"].i);
    drill::Session& s = ctx().start(std::move(o));
    Value v = Value::map();
    v.set("pd", Value::string(s.pd_url()));
    return v;
}

// ---------------------------------------------------------------- chaos

inline constexpr Domain kChaosPath{"a chaos API path", LuaType::String, Check::NonEmpty, 0, 0, {}, 256};
inline constexpr ParamSpec kChaosParams[] = {
    {"path", &kChaosPath, true, nullptr, "below /chaos/, e.g. \"store/5/kill\""},
    {"body", &kFields, false, nullptr, "the JSON body as a flat table", {}, nullptr, false, true},
};

Value chaos(Call&, const Args& a) {
    std::string path = a["path"].s;
    if (path.find("..") != std::string::npos || path.find("clock") != std::string::npos)
        throw HostError{ErrorCode::E_ARG_DOMAIN, "path must be a chaos fault path (use test.advance for the clock), got \"" + path + "\"", "path"};
    const Value& body = a["body"];
    std::string json = body.kind == Value::Kind::Map ? lua::value_to_json(body) : "{}";
    if (json == "[]") json = "{}";
    try {
        Value v = Value::map();
        v.set("body", Value::string(sim().chaos("/chaos/" + path, json)));
        ctx().session->services().invalidate();
        return v;
    } catch (const std::runtime_error& e) {
        throw HostError{ErrorCode::E_PD, e.what()};
    }
}

// ---------------------------------------------------------------- clock

inline constexpr ParamSpec kAdvanceParams[] = {{"seconds", &kDuration, true, nullptr, "simulated seconds"}};

Value advance(Call&, const Args& a) {
    drill::Session& s = ctx().ensure_session();
    try {
        s.advance(a["seconds"].n);
    } catch (const std::runtime_error& e) {
        throw HostError{ErrorCode::E_PD, e.what()};
    }
    return Value::number(s.now());
}

// ---------------------------------------------------------------- run

inline constexpr const char* kModes[] = {"live", "dry_run"};
inline constexpr Domain kMode{"a run mode", LuaType::String, Check::OneOf, 0, 0, kModes};
inline constexpr Domain kRunbookName{"a runbook name", LuaType::String, Check::NonEmpty, 0, 0, {}, 256};
inline constexpr ParamSpec kRunOpts[] = {
    {"mode", &kMode, false, "\"live\"", "live (default in tests) or dry_run"},
    {"cancel_after_s", &kDuration, false, nullptr, "cancel the run (with compensation) after this much simulated time"},
};
inline constexpr ParamSpec kRunParams[] = {
    {"runbook", &kRunbookName, true, nullptr, "a runbook next to the test file, by name (\"drain_store\") or file"},
    {"params", &kFields, false, nullptr, "the runbook's parameters", {}, nullptr, false, true},
    {"opts", &kOptions, false, nullptr, "mode and cancellation", kRunOpts, "test.RunOpts"},
};

std::string arg_text(const Value& v) {
    switch (v.kind) {
    case Value::Kind::Integer: return std::to_string(v.i);
    case Value::Kind::Number: return lua::render_number(v.n);
    case Value::Kind::Boolean: return v.b ? "true" : "false";
    default: return v.s;
    }
}

Value report_value(const drill::RunReport& r) {
    Value v = Value::map();
    v.set("runbook", Value::string(r.runbook));
    v.set("status", Value::string(r.status));
    v.set("error", Value::string(r.error));
    v.set("code", Value::string(r.error_code));
    v.set("sim_seconds", Value::number(r.sim_seconds));
    Value acts = Value::array();
    for (const auto& a : r.actions) {
        Value x = Value::map();
        x.set("name", Value::string(a.name));
        x.set("outcome", Value::string(a.outcome));
        x.set("params", Value::string(a.params_json));
        x.set("detail", Value::string(a.detail));
        x.set("where", Value::string(a.where));
        acts.push(x);
    }
    v.set("actions", acts);
    Value steps = Value::array();
    for (const auto& s : r.steps) {
        Value x = Value::map();
        x.set("name", Value::string(s.name));
        x.set("state", Value::string(s.state));
        x.set("error", Value::string(s.error));
        steps.push(x);
    }
    v.set("steps", steps);
    Value logs = Value::array();
    for (const auto& l : r.logs) {
        Value x = Value::map();
        x.set("level", Value::string(l.level));
        x.set("message", Value::string(l.message));
        logs.push(x);
    }
    v.set("logs", logs);
    return v;
}

Value run(Call&, const Args& a) {
    drill::TestContext& t = ctx();
    std::string name = a["runbook"].s;
    if (name.find("..") != std::string::npos || name.front() == '/')
        throw HostError{ErrorCode::E_ARG_DOMAIN, "runbook must be a runbook next to the test file, got \"" + name + "\"", "runbook"};
    std::string file = t.dir + "/" + name + (name.size() > 4 && name.substr(name.size() - 4) == ".lua" ? "" : ".lua");
    drill::RunOptions ro;
    if (const Value& p = a["params"]; p.kind == Value::Kind::Map)
        for (const auto& [k, v] : *p.m) ro.args.emplace_back(k, arg_text(v));
    const Value& opts = a["opts"];
    if (const Value* m = opts.get("mode")) ro.mode = m->s == "dry_run" ? lua::RunMode::DryRun : lua::RunMode::Live;
    if (const Value* c = opts.get("cancel_after_s")) ro.cancel_after_s = c->n;
    drill::RunReport rep;
    try {
        rep = t.ensure_session().run_runbook(file, ro);
    } catch (const std::runtime_error& e) {
        throw HostError{ErrorCode::E_HOST, e.what()};
    }
    t.runs++;
    t.sim_seconds += rep.sim_seconds;
    return report_value(rep);
}

// ---------------------------------------------------------------- assertions

inline constexpr ParamSpec kExpectParams[] = {
    {"cond", &kAnyValue, false, nullptr, "the expectation; false or nil fails the test case"},
    {"message", &kMessage, true, nullptr, "what was expected"},
};

Value expect(Call&, const Args& a) {
    if (!a["cond"].truthy()) throw HostError{ErrorCode::E_SCRIPT, "expectation failed: " + a["message"].s};
    return Value::boolean(true);
}

// ---------------------------------------------------------------- audit and stats

inline constexpr Domain kEventName{"an audit event name", LuaType::String, Check::NonEmpty, 0, 0, {}, 128};
inline constexpr ParamSpec kAuditParams[] = {
    {"event", &kEventName, false, nullptr, "only rows of this event (\"pd_request\", ...)"},
    {"limit", &kLimit, false, "10000", "at most this many rows (oldest first)"},
};

Value audit(Call&, const Args& a) {
    drill::Session& s = ctx().ensure_session();
    auto db = store::Database::open(s.db_path());
    Value out = Value::array();
    std::string only = a.has("event") ? a["event"].s : "";
    for (const auto& row : store::read_audit(*db)) {
        if (!only.empty() && row.ev.event != only) continue;
        if (out.a->size() >= size_t(a["limit"].i)) break;
        Value x = Value::map();
        x.set("seq", Value::integer(row.seq));
        x.set("actor", Value::string(row.ev.actor));
        x.set("event", Value::string(row.ev.event));
        x.set("subject", Value::string(row.ev.subject));
        x.set("detail", Value::string(row.ev.detail));
        out.push(x);
    }
    Value v = Value::map();
    v.set("rows", out);
    v.set("chain_ok", Value::boolean(store::verify_audit(*db).ok));
    return v;
}

Value pd_writes(Call&, const Args&) { return Value::integer(sim().pd_writes()); }

Value now(Call&, const Args&) { return Value::number(ctx().ensure_session().now()); }

inline constexpr ApiFn kTestApi[] = {
    {.module = "test", .name = "scenario", .params = kScenarioParams, .named_args = true, .returns = "test.Session",
     .effect = Effect::Control, .doc = "Start a fresh pdsim (step mode: simulated clock) with this scenario, and a "
     "fresh engine and database for it. Any previous scenario of the test file is stopped.",
     .example = "test.scenario{ name = \"balanced\", stores = 5, regions = 200, seed = 7 }", .impl = scenario},
    {.module = "test", .name = "chaos", .params = kChaosParams, .returns = "test.ChaosReply",
     .effect = Effect::Control, .doc = "Inject a fault through pdsim's chaos API (POST /chaos/<path>).",
     .example = "test.chaos(\"store/5/kill\")\ntest.chaos(\"store/1/disk-fill\", { used_ratio = 0.95 })", .impl = chaos},
    {.module = "test", .name = "advance", .params = kAdvanceParams, .returns = "number",
     .returns_doc = "the simulated clock after advancing", .effect = Effect::Control,
     .doc = "Advance the simulated clock (pdsim ticks, heartbeats, operators and schedulers run).",
     .example = "test.advance(60)", .impl = advance},
    {.module = "test", .name = "run", .params = kRunParams, .returns = "test.RunReport", .effect = Effect::Control,
     .doc = "Run a runbook next to the test file against the scenario (live by default; approvals are granted by "
     "the auto-approver) and return what happened: status, error, actions, steps and logs.",
     .example = "local r = test.run(\"drain_store\", { store = 5 })\ntest.expect(r.status == \"ok\", r.error)", .impl = run},
    {.module = "test", .name = "expect", .params = kExpectParams, .returns = "true", .effect = Effect::Control,
     .doc = "Fail the test case with `message` unless `cond` is true.",
     .example = "test.expect(cluster.store(5).state == \"tombstone\", \"store 5 drained\")", .impl = expect},
    {.module = "test", .name = "audit", .params = kAuditParams, .named_args = true, .returns = "test.Audit",
     .doc = "The audit log rows (oldest first) and whether its hash chain verifies.",
     .example = "local a = test.audit{ event = \"pd_request\" }\ntest.expect(a.chain_ok, \"audit chain intact\")", .impl = audit},
    {.module = "test", .name = "pd_writes", .params = {}, .returns = "integer",
     .doc = "Non-GET PD requests pdsim has served so far (proves a dry run wrote nothing).",
     .example = "local before = test.pd_writes()", .impl = pd_writes},
    {.module = "test", .name = "now", .params = {}, .returns = "number", .doc = "The simulated clock (seconds).",
     .example = "local t0 = test.now()", .impl = now},
};

}  // namespace

const ModuleSpec kTestModule{"test", "Runbook tests: scenarios, chaos, simulated time, runs and assertions "
                                     "(only in `medic test`).", kTestApi};

}  // namespace medic::api
