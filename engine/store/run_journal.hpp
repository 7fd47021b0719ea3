// engine/store/run_journal.hpp: RunJournal, the workflow journal of runbook
// runs on top of Database (tables runs, run_steps, run_log of schema.sql,
// plus run_cancel and the runs.waiting_* columns added here with
// migrate_component "run_journal").
//
// Every run, step transition, log line and action is written as it happens,
// so after a crash the journal shows what ran and what did not:
// mark_interrupted() turns runs left 'running' by a dead process into
// 'interrupted' (their open steps too). Nothing is ever re-executed from
// here. Cancels requested by another process (`medic runs cancel`) are rows
// in run_cancel that the running host polls. Lua-agnostic.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace medic::store {

class Database;

struct RunRow {
    int64_t id = 0;
    std::string workflow, params, mode, status, error;
    int64_t owner_pid = 0;
    int64_t started_at_ms = 0, finished_at_ms = 0;
    /// What the run is parked on right now ("" = not waiting): an approval,
    /// a wait_until condition, a sleep, an action in flight.
    std::string waiting_for;
    int64_t waiting_since_ms = 0;
};

struct RunStepRow {
    int64_t seq = 0;
    std::string name, status, detail;
    int64_t started_at_ms = 0, finished_at_ms = 0;
};

struct RunLogRow {
    int64_t at_ms = 0;
    std::string level, message;
};

class RunJournal {
public:
    /// Uses (and migrates) an open database; does not own it.
    explicit RunJournal(Database& db);

    int64_t start_run(const std::string& workflow, const std::string& params_json, const std::string& mode);
    /// Insert or update the step (run_id, seq).
    void step(int64_t run_id, int64_t seq, const std::string& name, const std::string& status,
              const std::string& detail_json);
    void log(int64_t run_id, const std::string& level, const std::string& message);
    void finish_run(int64_t run_id, const std::string& status, const std::string& error);
    /// Record what the run waits for ("" when it resumes). Setting the same
    /// text again keeps the original waiting_since_ms.
    void set_waiting(int64_t run_id, const std::string& what);
    /// Runs of runbook `name` still 'running' (any process), oldest first.
    /// The journal keeps the file as given, so a row matches when its
    /// workflow is `name` or a path to `name.lua`. Used to refuse a second
    /// concurrent run of a runbook that allows only one.
    std::vector<RunRow> running(const std::string& name);

    /// Runs left 'running' by a process that is gone become 'interrupted'
    /// (with their open steps). Returns how many. `alive(pid)` decides.
    int mark_interrupted(bool (*alive)(int64_t pid));

    /// Ask the host running `run_id` to stop it. Returns "" or why not.
    std::string request_cancel(int64_t run_id, bool compensate);
    /// Has a cancel been requested for run_id? (compensate set accordingly)
    bool cancel_requested(int64_t run_id, bool& compensate);

    std::vector<RunRow> list(int limit = 50);
    bool get(int64_t run_id, RunRow& out);
    std::vector<RunStepRow> steps(int64_t run_id);
    std::vector<RunLogRow> logs(int64_t run_id);

private:
    Database& db_;
};

/// Milliseconds since the Unix epoch.
int64_t now_unix_ms();

}  // namespace medic::store
