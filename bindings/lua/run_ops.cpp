// bindings/lua/run_ops.cpp: log, step and compensation bookkeeping (run_ops.hpp).
#include "bindings/lua/run_ops.hpp"

#include "bindings/lua/clock.hpp"
#include "bindings/lua/convert.hpp"
#include "bindings/lua/error_object.hpp"
#include "bindings/lua/hook.hpp"
#include "bindings/lua/services.hpp"

namespace medic::lua {

double run_time(const Run& r) { return r.clock ? r.clock->now() - r.started_at : 0; }

bool append_log(Run& r, std::string_view level, std::string_view message, std::string fields_json,
                std::string where) {
    LogLine line;
    line.t = run_time(r);
    line.level = std::string(level);
    line.where = std::move(where);
    line.message = escape_text(message, r.limits.log_line_bytes);
    line.fields = std::move(fields_json);
    size_t size = line.message.size() + line.fields.size() + line.where.size() + 16;
    if (r.log_bytes + size > r.limits.log_bytes) {
        terminate(r, Termination::Log);
        return false;
    }
    r.log_bytes += size;
    if (r.services) r.services->on_log(r, line);
    r.logs.push_back(std::move(line));
    return true;
}

std::string action_params_json(const ActionRecord& a) {
    if (a.param_values.empty() && !a.params_json.empty()) return a.params_json;  // rendered, span dropped
    return value_to_json(ActionArgs{a.param_specs, a.param_values}.to_map());
}

std::string action_detail(const ActionRecord& a) {
    switch (a.state) {
    case ActionState::Planned:
    case ActionState::Succeeded: return value_to_json(action_result_value(a.result, a.kind, a.run_mode));
    case ActionState::Refused:
    case ActionState::Failed: return a.error;
    default: return "";
    }
}

std::string action_audit_id(const ActionRecord& a) {
    return a.result.audit_id != 0 ? std::to_string(a.result.audit_id) : "";
}

void render_action(const Run& r, ActionRecord& a) {
    a.name = a.kind;
    a.where = position_text(r, a.line);
    a.params_json = action_params_json(a);
    a.param_values = {};  // copies of the record may outlive the run's arena
    a.mode = kRunModeNames[size_t(a.run_mode)];
    a.outcome = kActionStateNames[size_t(a.state)];
    a.audit_id = action_audit_id(a);
    a.detail = action_detail(a);
}

void report_wait(Run& r, const std::string& what) {
    const std::string& text = what.empty() ? std::string("a wait") : what;
    if (r.wait_reported && r.wait_text == text) return;  // the next poll of the same wait_until
    r.wait_reported = true;
    r.wait_text = text;
    if (r.services) r.services->on_wait(r, text);
}

void report_resume(Run& r) {
    if (!r.wait_reported) return;
    r.wait_reported = false;
    if (r.services) r.services->on_resume(r);
}

static StepRecord* find_step(Run& r, int64_t seq) {
    for (auto& s : r.steps)
        if (s.seq == seq) return &s;
    return nullptr;
}

int64_t step_begin(Run& r, const std::string& name, const std::string& where) {
    StepRecord s;
    s.seq = int64_t(r.steps.size()) + 1;
    s.name = name;
    s.where = where;
    s.state = "running";
    r.steps.push_back(s);
    if (r.services) r.services->on_step(r, s.seq, name, s.state, where);
    return s.seq;
}

void step_end(Run& r, int64_t seq, bool ok, const std::string& error, bool has_undo) {
    StepRecord* s = find_step(r, seq);
    if (!s) return;
    s->state = ok ? "ok" : "failed";
    s->error = error;
    s->has_undo = ok && has_undo;
    if (r.services) r.services->on_step(r, seq, s->name, s->state, error);
}

void compensate_begin(Run& r, int64_t seq) {
    StepRecord* s = find_step(r, seq);
    if (!s) return;
    s->state = "compensating";
    if (r.services) r.services->on_step(r, seq, s->name, s->state, "");
}

void compensate_end(Run& r, int64_t seq, bool ok, const std::string& error) {
    StepRecord* s = find_step(r, seq);
    if (!s) return;
    s->state = ok ? "compensated" : "compensation_failed";
    s->error = error;
    s->has_undo = false;
    if (r.services) r.services->on_step(r, seq, s->name, s->state, error);
}

std::vector<std::string> pending_undo(const Run& r) {
    std::vector<std::string> out;
    for (auto it = r.steps.rbegin(); it != r.steps.rend(); ++it)
        if (it->has_undo) out.push_back(it->name);
    return out;
}

}  // namespace medic::lua
