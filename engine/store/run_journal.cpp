// engine/store/run_journal.cpp: RunJournal (run_journal.hpp).
#include "store/run_journal.hpp"

#include <unistd.h>

#include <chrono>

#include "store/database.hpp"

namespace medic::store {

int64_t now_unix_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

RunJournal::RunJournal(Database& db) : db_(db) {
    migrate_component(db_, "run_journal",
                      {"CREATE TABLE run_cancel (run_id INTEGER PRIMARY KEY REFERENCES runs(id), "
                       "compensate INTEGER NOT NULL, requested_at_ms INTEGER NOT NULL)",
                       "ALTER TABLE runs ADD COLUMN waiting_for TEXT NOT NULL DEFAULT ''; "
                       "ALTER TABLE runs ADD COLUMN waiting_since_ms INTEGER NOT NULL DEFAULT 0"});
}

int64_t RunJournal::start_run(const std::string& workflow, const std::string& params_json, const std::string& mode) {
    Transaction tx(db_);
    db_.prepare("INSERT INTO runs(workflow, params, mode, status, owner_pid, heartbeat_at_ms, started_at_ms) "
                "VALUES (?1, ?2, ?3, 'running', ?4, ?5, ?5)")
        .bind(1, workflow)
        .bind(2, params_json)
        .bind(3, mode)
        .bind(4, int64_t(getpid()))
        .bind(5, now_unix_ms())
        .run();
    int64_t id = db_.last_insert_rowid();
    tx.commit();
    return id;
}

void RunJournal::step(int64_t run_id, int64_t seq, const std::string& name, const std::string& status,
                      const std::string& detail_json) {
    bool open = status == "running" || status == "compensating";
    Transaction tx(db_);
    db_.prepare("INSERT INTO run_steps(run_id, seq, name, status, detail, started_at_ms, finished_at_ms) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(run_id, seq) DO UPDATE SET "
                "status = excluded.status, detail = excluded.detail, finished_at_ms = excluded.finished_at_ms")
        .bind(1, run_id)
        .bind(2, seq)
        .bind(3, name)
        .bind(4, status)
        .bind(5, detail_json)
        .bind(6, now_unix_ms())
        .bind(7, open ? std::optional<int64_t>() : std::optional<int64_t>(now_unix_ms()))
        .run();
    tx.commit();
}

void RunJournal::log(int64_t run_id, const std::string& level, const std::string& message) {
    Transaction tx(db_);
    db_.prepare("INSERT INTO run_log(run_id, at_ms, level, message) VALUES (?1, ?2, ?3, ?4)")
        .bind(1, run_id)
        .bind(2, now_unix_ms())
        .bind(3, level)
        .bind(4, message)
        .run();
    tx.commit();
}

void RunJournal::finish_run(int64_t run_id, const std::string& status, const std::string& error) {
    Transaction tx(db_);
    db_.prepare("UPDATE runs SET status = ?2, error = ?3, finished_at_ms = ?4, waiting_for = '', "
                "waiting_since_ms = 0 WHERE id = ?1")
        .bind(1, run_id)
        .bind(2, status)
        .bind(3, error)
        .bind(4, now_unix_ms())
        .run();
    db_.prepare("UPDATE run_steps SET status = 'interrupted', finished_at_ms = ?2 "
                "WHERE run_id = ?1 AND status IN ('running', 'compensating')")
        .bind(1, run_id)
        .bind(2, now_unix_ms())
        .run();
    tx.commit();
}

void RunJournal::set_waiting(int64_t run_id, const std::string& what) {
    Transaction tx(db_);
    db_.prepare("UPDATE runs SET waiting_since_ms = CASE WHEN ?2 = '' THEN 0 WHEN waiting_for = ?2 "
                "THEN waiting_since_ms ELSE ?3 END, waiting_for = ?2 WHERE id = ?1 AND status = 'running'")
        .bind(1, run_id)
        .bind(2, what)
        .bind(3, now_unix_ms())
        .run();
    tx.commit();
}

static RunRow read_run(Statement& q);
static constexpr const char* kRunColumns =
    "SELECT id, workflow, params, mode, status, error, owner_pid, started_at_ms, finished_at_ms, "
    "waiting_for, waiting_since_ms FROM runs ";

std::vector<RunRow> RunJournal::running(const std::string& name) {
    std::vector<RunRow> out;
    auto& q = db_.prepare(std::string(kRunColumns) +
                          "WHERE status = 'running' AND (workflow = ?1 OR workflow = ?1 || '.lua' OR "
                          "workflow LIKE '%/' || ?1 || '.lua') ORDER BY id");
    q.bind(1, name);
    while (q.step()) out.push_back(read_run(q));
    return out;
}

int RunJournal::mark_interrupted(bool (*alive)(int64_t pid)) {
    std::vector<int64_t> dead;
    auto& q = db_.prepare("SELECT id, owner_pid FROM runs WHERE status = 'running'");
    while (q.step())
        if (!alive(q.column_int(1))) dead.push_back(q.column_int(0));
    for (int64_t id : dead)
        finish_run(id, "interrupted", "the host process ended while the run was in progress; nothing was re-executed");
    return int(dead.size());
}

std::string RunJournal::request_cancel(int64_t run_id, bool compensate) {
    RunRow r;
    if (!get(run_id, r)) return "no run " + std::to_string(run_id);
    if (r.status != "running") return "run " + std::to_string(run_id) + " is " + r.status + ", not running";
    Transaction tx(db_);
    db_.prepare("INSERT OR REPLACE INTO run_cancel(run_id, compensate, requested_at_ms) VALUES (?1, ?2, ?3)")
        .bind(1, run_id)
        .bind(2, int64_t(compensate))
        .bind(3, now_unix_ms())
        .run();
    tx.commit();
    return "";
}

bool RunJournal::cancel_requested(int64_t run_id, bool& compensate) {
    auto& q = db_.prepare("SELECT compensate FROM run_cancel WHERE run_id = ?1");
    q.bind(1, run_id);
    bool found = false;
    while (q.step()) {
        found = true;
        compensate = q.column_int(0) != 0;
    }
    return found;
}

static RunRow read_run(Statement& q) {
    RunRow r;
    r.id = q.column_int(0);
    r.workflow = q.column_text(1);
    r.params = q.column_text(2);
    r.mode = q.column_text(3);
    r.status = q.column_text(4);
    r.error = q.column_text(5);
    r.owner_pid = q.column_int(6);
    r.started_at_ms = q.column_int(7);
    r.finished_at_ms = q.column_int(8);
    r.waiting_for = q.column_text(9);
    r.waiting_since_ms = q.column_int(10);
    return r;
}

std::vector<RunRow> RunJournal::list(int limit) {
    std::vector<RunRow> out;
    auto& q = db_.prepare(std::string(kRunColumns) + "ORDER BY id DESC LIMIT ?1");
    q.bind(1, int64_t(limit));
    while (q.step()) out.push_back(read_run(q));
    return out;
}

bool RunJournal::get(int64_t run_id, RunRow& out) {
    auto& q = db_.prepare(std::string(kRunColumns) + "WHERE id = ?1");
    q.bind(1, run_id);
    bool found = false;
    while (q.step()) {
        out = read_run(q);
        found = true;
    }
    return found;
}

std::vector<RunStepRow> RunJournal::steps(int64_t run_id) {
    std::vector<RunStepRow> out;
    auto& q = db_.prepare("SELECT seq, name, status, detail, started_at_ms, finished_at_ms FROM run_steps "
                          "WHERE run_id = ?1 ORDER BY seq");
    q.bind(1, run_id);
    while (q.step())
        out.push_back({q.column_int(0), q.column_text(1), q.column_text(2), q.column_text(3), q.column_int(4),
                       q.column_int(5)});
    return out;
}

std::vector<RunLogRow> RunJournal::logs(int64_t run_id) {
    std::vector<RunLogRow> out;
    auto& q = db_.prepare("SELECT at_ms, level, message FROM run_log WHERE run_id = ?1 ORDER BY id");
    q.bind(1, run_id);
    while (q.step()) out.push_back({q.column_int(0), q.column_text(1), q.column_text(2)});
    return out;
}

}  // namespace medic::store
