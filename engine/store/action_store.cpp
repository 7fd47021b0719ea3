// engine/store/action_store.cpp: action rows and transitions (action_store.hpp).
#include "store/action_store.hpp"

#include <signal.h>

#include <cerrno>
#include <chrono>

namespace medic::store {
namespace {

int64_t now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string esc(std::string_view s) {
    std::string out;
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') { out += '\\'; out += char(c); }
        else if (c == '\n') out += "\\n";
        else if (c < 0x20) out += ' ';
        else out += char(c);
    }
    return out;
}

constexpr const char* kSelect =
    "SELECT id, kind, params, params_hash, risk, mode, status, actor, requester, description, facts, "
    "pd_request, result, error, owner_pid, created_at_ms, updated_at_ms FROM actions ";

ActionRecord read_row(Statement& q) {
    ActionRecord r;
    r.id = q.column_int(0);
    r.kind = q.column_text(1);
    r.params = q.column_text(2);
    r.params_hash = q.column_text(3);
    r.risk = q.column_text(4);
    r.mode = q.column_text(5);
    r.status = actions::parse_status(q.column_text(6)).value_or(actions::ActionStatus::Failed);
    r.actor = q.column_text(7);
    r.requester = q.column_text(8);
    r.description = q.column_text(9);
    r.facts = q.column_text(10);
    r.pd_request = q.column_text(11);
    r.result = q.column_text(12);
    r.error = q.column_text(13);
    r.owner_pid = q.column_int(14);
    r.created_at_ms = q.column_int(15);
    r.updated_at_ms = q.column_int(16);
    return r;
}

bool process_alive(int64_t pid) {
    if (pid <= 0) return false;
    return ::kill(pid_t(pid), 0) == 0 || errno == EPERM;
}

}  // namespace

void ensure_write_path_schema(Database& db) {
    migrate_component(db, "write_path",
                      {"ALTER TABLE actions ADD COLUMN actor TEXT NOT NULL DEFAULT ''",
                       "ALTER TABLE actions ADD COLUMN requester TEXT NOT NULL DEFAULT ''",
                       "ALTER TABLE actions ADD COLUMN description TEXT NOT NULL DEFAULT ''",
                       "ALTER TABLE actions ADD COLUMN facts TEXT NOT NULL DEFAULT '{}'",
                       "ALTER TABLE actions ADD COLUMN pd_request TEXT NOT NULL DEFAULT ''",
                       "ALTER TABLE actions ADD COLUMN owner_pid INTEGER NOT NULL DEFAULT 0",
                       "ALTER TABLE action_transitions ADD COLUMN actor TEXT NOT NULL DEFAULT ''",
                       "ALTER TABLE approvals ADD COLUMN requester TEXT NOT NULL DEFAULT ''",
                       "CREATE INDEX approvals_by_action ON approvals(action_id, id)"});
}

int64_t insert_action(Database& db, AuditAppender& audit, ActionRecord& rec) {
    if (rec.created_at_ms == 0) rec.created_at_ms = now_ms();
    rec.updated_at_ms = rec.created_at_ms;
    rec.status = actions::ActionStatus::Proposed;
    // ?12 NULL: SQLite assigns the next id; else an id from reserve_action_ids().
    db.prepare("INSERT INTO actions(kind, params, params_hash, risk, mode, status, actor, requester, "
               "description, facts, owner_pid, created_at_ms, updated_at_ms, id) "
               "VALUES (?1, ?2, ?3, ?4, ?5, 'proposed', ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12)")
        .bind(1, rec.kind).bind(2, rec.params).bind(3, rec.params_hash).bind(4, rec.risk)
        .bind(5, rec.mode).bind(6, rec.actor).bind(7, rec.requester).bind(8, rec.description)
        .bind(9, rec.facts).bind(10, rec.owner_pid).bind(11, rec.created_at_ms)
        .bind(12, rec.id > 0 ? std::optional<int64_t>(rec.id) : std::nullopt).run();
    rec.id = db.last_insert_rowid();
    db.prepare("INSERT INTO action_transitions(action_id, from_status, to_status, reason, detail, at_ms, actor) "
               "VALUES (?1, NULL, 'proposed', 'submitted', '{}', ?2, ?3)")
        .bind(1, rec.id).bind(2, rec.created_at_ms).bind(3, rec.actor).run();
    audit.append({rec.created_at_ms, rec.actor, "action_proposed", "action:" + std::to_string(rec.id),
                  "{\"kind\":\"" + esc(rec.kind) + "\",\"params\":" + rec.params + ",\"mode\":\"" +
                      rec.mode + "\",\"risk\":\"" + rec.risk + "\",\"requester\":\"" + esc(rec.requester) + "\"}"});
    return rec.id;
}

int64_t insert_dry_run(Database& db, AuditAppender& audit, const DryRunRecord& d) {
    const ActionRecord& r = d.rec;
    int64_t created = r.created_at_ms ? r.created_at_ms : now_ms();
    int64_t at = d.at_ms ? d.at_ms : created;
    db.prepare("INSERT INTO actions(kind, params, params_hash, risk, mode, status, actor, requester, "
               "description, facts, owner_pid, created_at_ms, updated_at_ms, id) "
               "VALUES (?1, ?2, ?3, ?4, 'dry_run', 'dry_run', ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)")
        .bind(1, r.kind).bind(2, r.params).bind(3, r.params_hash).bind(4, r.risk).bind(5, r.actor)
        .bind(6, r.requester).bind(7, r.description).bind(8, r.facts).bind(9, r.owner_pid).bind(10, created)
        .bind(11, at).bind(12, r.id > 0 ? std::optional<int64_t>(r.id) : std::nullopt).run();
    int64_t id = db.last_insert_rowid();
    std::string tail = ",\"facts_age_ms\":" + std::to_string(d.facts_age_ms) + ",\"would_send\":" +
                       (d.would_send.empty() ? "[]" : d.would_send) + ",\"verdicts\":" +
                       (d.verdicts.empty() ? "[]" : d.verdicts) + ",\"proposed_at_ms\":" + std::to_string(created) +
                       ",\"validated_at_ms\":" + std::to_string(d.validated_at_ms);
    db.prepare("INSERT INTO action_transitions(action_id, from_status, to_status, reason, detail, at_ms, actor) "
               "VALUES (?1, 'proposed', 'dry_run', ?2, ?3, ?4, 'engine')")
        .bind(1, id).bind(2, d.reason).bind(3, "{\"steps\":\"proposed -> validated -> dry_run\"" + tail + "}")
        .bind(4, at).run();
    std::string detail;
    detail.reserve(256 + r.params.size() + r.facts.size() + r.description.size() + tail.size());
    detail += "{\"kind\":\"" + esc(r.kind) + "\",\"params\":" + (r.params.empty() ? "{}" : r.params) +
              ",\"mode\":\"dry_run\",\"risk\":\"" + r.risk + "\",\"requester\":\"" + esc(r.requester) +
              "\",\"description\":\"" + esc(r.description) + "\",\"hash\":\"" + r.params_hash +
              "\",\"facts\":" + (r.facts.empty() ? "{}" : r.facts) + tail + "}";
    audit.append({at, r.actor, "action_dry_run", "action:" + std::to_string(id), std::move(detail)});
    return id;
}

int64_t insert_executing(Database& db, AuditAppender& audit, const ExecutingRecord& e) {
    using actions::ActionStatus;
    static_assert(actions::can_transition(ActionStatus::Proposed, ActionStatus::Validated) &&
                  actions::can_transition(ActionStatus::Validated, ActionStatus::Approved) &&
                  actions::can_transition(ActionStatus::Approved, ActionStatus::Executing));
    const ActionRecord& r = e.rec;
    int64_t created = r.created_at_ms ? r.created_at_ms : now_ms();
    int64_t at = e.at_ms ? e.at_ms : now_ms();
    db.prepare("INSERT INTO actions(kind, params, params_hash, risk, mode, status, actor, requester, "
               "description, facts, pd_request, owner_pid, created_at_ms, updated_at_ms, id) "
               "VALUES (?1, ?2, ?3, ?4, ?5, 'executing', ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)")
        .bind(1, r.kind).bind(2, r.params).bind(3, r.params_hash).bind(4, r.risk).bind(5, r.mode)
        .bind(6, r.actor).bind(7, r.requester).bind(8, r.description).bind(9, r.facts).bind(10, r.pd_request)
        .bind(11, r.owner_pid).bind(12, created).bind(13, at)
        .bind(14, r.id > 0 ? std::optional<int64_t>(r.id) : std::nullopt).run();
    int64_t id = db.last_insert_rowid();
    const std::string& facts = r.facts.empty() ? std::string("{}") : r.facts;
    std::string steps;
    steps.reserve(384 + facts.size() + e.verdicts.size() + e.sent.size());
    steps += "\"steps\":\"proposed -> validated -> approved -> executing\",\"proposed_at_ms\":" +
             std::to_string(created) + ",\"validated_at_ms\":" + std::to_string(e.validated_at_ms) +
             ",\"approved_at_ms\":" + std::to_string(e.approved_at_ms) + ",\"approved_by\":\"" +
             esc(e.approved_by) + "\",\"approval_reason\":\"" + esc(e.approval_reason) + "\",\"hash\":\"" +
             r.params_hash + "\",\"facts\":" + facts + ",\"facts_age_ms\":" + std::to_string(e.facts_age_ms) +
             ",\"verdicts\":" + (e.verdicts.empty() ? "[]" : e.verdicts) +
             ",\"sent\":" + (e.sent.empty() ? "[]" : e.sent);
    db.prepare("INSERT INTO action_transitions(action_id, from_status, to_status, reason, detail, at_ms, actor) "
               "VALUES (?1, 'proposed', 'executing', 'sending the PD request', ?2, ?3, 'engine')")
        .bind(1, id).bind(2, "{" + steps + "}").bind(3, at).run();
    std::string detail;
    detail.reserve(128 + r.params.size() + r.description.size() + steps.size());
    detail += "{\"kind\":\"" + esc(r.kind) + "\",\"params\":" + (r.params.empty() ? "{}" : r.params) +
              ",\"mode\":\"" + r.mode + "\",\"risk\":\"" + r.risk + "\",\"requester\":\"" + esc(r.requester) +
              "\",\"description\":\"" + esc(r.description) + "\"," + steps + "}";
    audit.append({at, r.actor, "action_executing", "action:" + std::to_string(id), std::move(detail)});
    return id;
}

void finish_verified(Database& db, AuditAppender& audit, const VerifiedRecord& v) {
    using actions::ActionStatus;
    static_assert(actions::can_transition(ActionStatus::Executing, ActionStatus::Verifying) &&
                  actions::can_transition(ActionStatus::Verifying, ActionStatus::Succeeded));
    int64_t at = v.at_ms ? v.at_ms : now_ms();
    auto& up = db.prepare("UPDATE actions SET status = 'succeeded', result = ?1, updated_at_ms = ?2 "
                          "WHERE id = ?3 AND status = 'executing'");
    up.bind(1, v.observed).bind(2, at).bind(3, v.id).run();
    if (db.changes() != 1) throw TransitionConflict("action " + std::to_string(v.id) + " is no longer executing");
    std::string reason = "post-condition holds: " + v.observed;
    std::string detail = "{\"steps\":\"executing -> verifying -> succeeded\",\"verifying_at_ms\":" +
                         std::to_string(v.verifying_at_ms) + ",\"verifying_reason\":\"" + esc(v.verifying_reason) +
                         "\",\"verifying_detail\":" + (v.verifying_detail.empty() ? "{}" : v.verifying_detail) + "}";
    db.prepare("INSERT INTO action_transitions(action_id, from_status, to_status, reason, detail, at_ms, actor) "
               "VALUES (?1, 'executing', 'succeeded', ?2, ?3, ?4, 'engine')")
        .bind(1, v.id).bind(2, reason).bind(3, detail).bind(4, at).run();
    audit.append({at, "engine", "action_succeeded", "action:" + std::to_string(v.id),
                  "{\"from\":\"executing\",\"reason\":\"" + esc(reason) + "\",\"detail\":" + detail + "}"});
}

int64_t reserve_action_ids(Database& db, int64_t n) {
    // AUTOINCREMENT hands out max(sqlite_sequence.seq, max(id)) + 1, so
    // raising seq by n keeps every other writer (another process) above the block.
    auto& q = db.prepare("SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'actions'), 0), "
                         "coalesce((SELECT max(id) FROM actions), 0))");
    int64_t base = q.step() ? q.column_int(0) : 0;
    q.reset();
    db.prepare("UPDATE sqlite_sequence SET seq = ?1 WHERE name = 'actions'").bind(1, base + n).run();
    if (db.changes() == 0)
        db.prepare("INSERT INTO sqlite_sequence(name, seq) VALUES ('actions', ?1)").bind(1, base + n).run();
    return base + 1;
}

void transition_action(Database& db, AuditAppender& audit, int64_t id, actions::ActionStatus from,
                       actions::ActionStatus to, const std::string& actor, const std::string& reason,
                       const std::string& detail, int64_t at_ms) {
    using actions::status_name;
    if (!actions::can_transition(from, to))
        throw TransitionConflict(std::string("illegal action transition ") + status_name(from) + " -> " +
                                 status_name(to));
    int64_t at = at_ms ? at_ms : now_ms();
    auto& up = db.prepare("UPDATE actions SET status = ?1, updated_at_ms = ?2 WHERE id = ?3 AND status = ?4");
    up.bind(1, status_name(to)).bind(2, at).bind(3, id).bind(4, status_name(from)).run();
    if (db.changes() != 1)
        throw TransitionConflict("action " + std::to_string(id) + " is no longer " + status_name(from));
    db.prepare("INSERT INTO action_transitions(action_id, from_status, to_status, reason, detail, at_ms, actor) "
               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
        .bind(1, id).bind(2, status_name(from)).bind(3, status_name(to)).bind(4, reason)
        .bind(5, detail.empty() ? "{}" : detail).bind(6, at).bind(7, actor).run();
    audit.append({at, actor, std::string("action_") + status_name(to), "action:" + std::to_string(id),
                  "{\"from\":\"" + std::string(status_name(from)) + "\",\"reason\":\"" + esc(reason) +
                      "\",\"detail\":" + (detail.empty() ? "{}" : detail) + "}"});
}

void update_action_fields(Database& db, int64_t id, const std::string* facts, const std::string* params_hash,
                          const std::string* description, const std::string* pd_request,
                          const std::string* result, const std::string* error) {
    auto& q = db.prepare(
        "UPDATE actions SET facts = coalesce(?2, facts), params_hash = coalesce(?3, params_hash), "
        "description = coalesce(?4, description), pd_request = coalesce(?5, pd_request), "
        "result = coalesce(?6, result), error = coalesce(?7, error), updated_at_ms = ?8 WHERE id = ?1");
    q.bind(1, id);
    const std::string* vals[] = {facts, params_hash, description, pd_request, result, error};
    for (int i = 0; i < 6; ++i) {
        if (vals[i]) q.bind(i + 2, *vals[i]);
        else q.bind_null(i + 2);
    }
    q.bind(8, now_ms()).run();
}

std::optional<ActionRecord> get_action(Database& db, int64_t id) {
    auto& q = db.prepare(std::string(kSelect) + "WHERE id = ?1");
    q.bind(1, id);
    if (!q.step()) return std::nullopt;
    auto r = read_row(q);
    q.reset();
    return r;
}

std::vector<ActionRecord> list_actions(Database& db, const std::string& status_filter, int limit) {
    auto& q = db.prepare(std::string(kSelect) + "WHERE (?1 = '' OR status = ?1) ORDER BY id DESC LIMIT ?2");
    q.bind(1, status_filter).bind(2, limit);
    std::vector<ActionRecord> out;
    while (q.step()) out.push_back(read_row(q));
    return out;
}

std::vector<TransitionRecord> list_transitions(Database& db, int64_t action_id) {
    auto& q = db.prepare(
        "SELECT id, action_id, coalesce(from_status, ''), to_status, actor, reason, detail, at_ms "
        "FROM action_transitions WHERE action_id = ?1 ORDER BY id");
    q.bind(1, action_id);
    std::vector<TransitionRecord> out;
    while (q.step())
        out.push_back({q.column_int(0), q.column_int(1), q.column_text(2), q.column_text(3), q.column_text(4),
                       q.column_text(5), q.column_text(6), q.column_int(7)});
    return out;
}

std::vector<int64_t> mark_interrupted(Database& db, AuditAppender& audit, const std::string& actor) {
    std::vector<std::pair<int64_t, actions::ActionStatus>> stale;
    auto& q = db.prepare("SELECT id, status, owner_pid FROM actions WHERE status IN ('executing', 'verifying')");
    while (q.step())
        if (!process_alive(q.column_int(2)))
            stale.emplace_back(q.column_int(0), *actions::parse_status(q.column_text(1)));
    std::vector<int64_t> ids;
    for (auto [id, from] : stale) {
        transition_action(db, audit, id, from, actions::ActionStatus::Interrupted, actor,
                          "the process running it stopped; the PD request is not re-sent",
                          std::string("{\"was\":\"") + actions::status_name(from) + "\"}");
        ids.push_back(id);
    }
    return ids;
}

std::string action_json(const ActionRecord& r) {
    return "{\"id\":" + std::to_string(r.id) + ",\"kind\":\"" + esc(r.kind) + "\",\"params\":" +
           (r.params.empty() ? "{}" : r.params) + ",\"status\":\"" + actions::status_name(r.status) +
           "\",\"mode\":\"" + r.mode + "\",\"risk\":\"" + r.risk + "\",\"actor\":\"" + esc(r.actor) +
           "\",\"requester\":\"" + esc(r.requester) + "\",\"description\":\"" + esc(r.description) +
           "\",\"hash\":\"" + r.params_hash + "\",\"error\":\"" + esc(r.error) + "\",\"result\":\"" +
           esc(r.result) + "\",\"created_at_ms\":" + std::to_string(r.created_at_ms) +
           ",\"updated_at_ms\":" + std::to_string(r.updated_at_ms) + "}";
}

}  // namespace medic::store
