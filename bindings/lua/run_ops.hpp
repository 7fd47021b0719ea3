// bindings/lua/run_ops.hpp: the effects of a run that do not touch Lua:
// appending a log line within the output limits, step bookkeeping and
// compensation records, all reported to RunServices (the journal).
#pragma once

#include <string>
#include <string_view>

#include "bindings/lua/run.hpp"

namespace medic::lua {

/// Append one log line. Returns false (and sets the Log termination) when
/// the run's total log budget is used up.
bool append_log(Run& r, std::string_view level, std::string_view message, std::string fields_json,
                std::string where);

/// Record the start of a step; returns its sequence number.
int64_t step_begin(Run& r, const std::string& name, const std::string& where);
void step_end(Run& r, int64_t seq, bool ok, const std::string& error, bool has_undo);
void compensate_begin(Run& r, int64_t seq);
void compensate_end(Run& r, int64_t seq, bool ok, const std::string& error);

/// Steps with an undo function that has not run (yet), newest first.
std::vector<std::string> pending_undo(const Run& r);

/// A record's text, rendered from its compact fields (run.hpp ActionRecord).
std::string action_params_json(const ActionRecord& a);
/// The result as JSON (planned / succeeded), the error (refused / failed),
/// "" while submitted.
std::string action_detail(const ActionRecord& a);
std::string action_audit_id(const ActionRecord& a);
/// Fill all the record's text fields from its compact fields (again after
/// a live action settled).
void render_action(const Run& r, ActionRecord& a);

/// The run parked on / went on after what it waited for: tell the services
/// (the journal's runs.waiting_for), once per wait.
void report_wait(Run& r, const std::string& what);
void report_resume(Run& r);

/// Seconds since the run started on the scheduler clock.
double run_time(const Run& r);

}  // namespace medic::lua
