// bindings/api/log_api.cpp: THE declaration of the `log` module: levelled,
// structured log lines. Each line is escaped, cut to the per-line limit,
// counted against the run's log budget and journaled with its position.
#include "bindings/api/domains.hpp"
#include "bindings/api/modules.hpp"
#include "bindings/lua/convert.hpp"
#include "bindings/lua/run_ops.hpp"

namespace medic::api {
namespace {

using namespace domain;

inline constexpr ParamSpec kLogParams[] = {
    {"message", &kMessage, true, nullptr, "the line"},
    {"fields", &kFields, false, nullptr, "structured fields (identifier keys; boolean, number or string values)",
     {}, nullptr, false, true},
};

Value emit(Call& c, const Args& a, const char* level) {
    const Value& fields = a["fields"];
    std::string json = fields.kind == Value::Kind::Map && !fields.m->empty() ? lua::value_to_json(fields) : "";
    if (!lua::append_log(c.run, level, a["message"].s, std::move(json), c.where()))
        throw HostError{ErrorCode::E_LIMIT_LOG, "log output limit exceeded"};
    return {};
}

Value debug(Call& c, const Args& a) { return emit(c, a, "debug"); }
Value info(Call& c, const Args& a) { return emit(c, a, "info"); }
Value warn(Call& c, const Args& a) { return emit(c, a, "warn"); }
Value error(Call& c, const Args& a) { return emit(c, a, "error"); }

inline constexpr ApiFn kLogApi[] = {
    {.module = "log", .name = "debug", .params = kLogParams, .effect = Effect::Control,
     .doc = "Write a debug line to the run's log and journal.",
     .example = "log.debug(\"checking store\", { store = 4 })", .impl = debug},
    {.module = "log", .name = "info", .params = kLogParams, .effect = Effect::Control,
     .doc = "Write an info line to the run's log and journal. `print` writes info lines too.",
     .example = "log.info(\"leaders moved\", { count = 12, store = 4 })", .impl = info},
    {.module = "log", .name = "warn", .params = kLogParams, .effect = Effect::Control,
     .doc = "Write a warning line to the run's log and journal.",
     .example = "log.warn(\"store is slow\", { store = 4, slow_score = 80 })", .impl = warn},
    {.module = "log", .name = "error", .params = kLogParams, .effect = Effect::Control,
     .doc = "Write an error line to the run's log and journal (it does not stop the run; use error()).",
     .example = "log.error(\"cannot drain\", { store = 4 })", .impl = error},
};

}  // namespace

const ModuleSpec kLogModule{"log", "Levelled, structured log lines (escaped, size-limited, journaled).", kLogApi};

}  // namespace medic::api
