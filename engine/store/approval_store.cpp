// engine/store/approval_store.cpp: approval rows (approval_store.hpp).
#include "store/approval_store.hpp"

#include <chrono>

namespace medic::store {
namespace {

std::string esc(std::string_view s) {
    std::string out;
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') { out += '\\'; out += char(c); }
        else if (c < 0x20) out += ' ';
        else out += char(c);
    }
    return out;
}

std::string subject(int64_t action_id) { return "action:" + std::to_string(action_id); }

}  // namespace

int64_t request_approval(Database& db, AuditAppender& audit, int64_t action_id, const std::string& hash,
                         const std::string& requester, int64_t expires_at_ms) {
    using namespace std::chrono;
    int64_t now = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
    db.prepare("INSERT INTO approvals(action_id, action_hash, decision, requested_at_ms, expires_at_ms, requester) "
               "VALUES (?1, ?2, 'pending', ?3, ?4, ?5)")
        .bind(1, action_id).bind(2, hash).bind(3, now)
        .bind(4, expires_at_ms > 0 ? std::optional<int64_t>(expires_at_ms) : std::nullopt)  // 0 = never
        .bind(5, requester).run();
    int64_t id = db.last_insert_rowid();
    audit.append({now, requester, "approval_requested", subject(action_id),
                  "{\"approval\":" + std::to_string(id) + ",\"hash\":\"" + hash +
                      "\",\"expires_at_ms\":" + std::to_string(expires_at_ms) + "}"});
    return id;
}

DecideResult decide_approval(Database& db, AuditAppender& audit, int64_t action_id, const std::string& decision,
                             const std::string& by, const std::string& comment, int64_t now_ms) {
    auto latest = latest_approval(db, action_id);
    if (!latest) return DecideResult::NotFound;
    db.prepare("UPDATE approvals SET decision = ?1, decided_by = ?2, decided_at_ms = ?3, comment = ?4 "
               "WHERE id = ?5 AND decision = 'pending' AND (expires_at_ms IS NULL OR expires_at_ms > ?3)")
        .bind(1, decision).bind(2, by).bind(3, now_ms).bind(4, comment).bind(5, latest->id).run();
    if (db.changes() != 1) {
        if (latest->decision == "pending" && latest->expires_at_ms && latest->expires_at_ms <= now_ms)
            return DecideResult::Expired;
        return DecideResult::NotPending;
    }
    audit.append({now_ms, by, decision == "approved" ? "approval_granted" : "approval_rejected",
                  subject(action_id),
                  "{\"approval\":" + std::to_string(latest->id) + ",\"hash\":\"" + latest->action_hash +
                      "\",\"comment\":\"" + esc(comment) + "\"}"});
    return DecideResult::Decided;
}

std::vector<int64_t> expire_approvals(Database& db, AuditAppender& audit, int64_t now_ms) {
    std::vector<std::pair<int64_t, int64_t>> due;  // approval id, action id
    auto& q = db.prepare("SELECT id, action_id FROM approvals WHERE decision = 'pending' AND "
                         "expires_at_ms IS NOT NULL AND expires_at_ms <= ?1");
    q.bind(1, now_ms);
    while (q.step()) due.emplace_back(q.column_int(0), q.column_int(1));
    std::vector<int64_t> out;
    for (auto [id, action] : due) {
        db.prepare("UPDATE approvals SET decision = 'expired', decided_at_ms = ?1, decided_by = 'engine' "
                   "WHERE id = ?2 AND decision = 'pending'")
            .bind(1, now_ms).bind(2, id).run();
        if (db.changes() != 1) continue;
        audit.append({now_ms, "engine", "approval_expired", subject(action),
                      "{\"approval\":" + std::to_string(id) + ",\"reason\":\"timeout means declined\"}"});
        out.push_back(action);
    }
    return out;
}

void void_approval(Database& db, AuditAppender& audit, int64_t action_id, const std::string& reason) {
    auto latest = latest_approval(db, action_id);
    if (!latest || (latest->decision != "pending" && latest->decision != "approved")) return;
    db.prepare("UPDATE approvals SET decision = 'rejected', decided_by = 'engine', comment = ?1 WHERE id = ?2")
        .bind(1, "void: " + reason).bind(2, latest->id).run();
    audit.append({0, "engine", "approval_voided", subject(action_id),
                  "{\"approval\":" + std::to_string(latest->id) + ",\"reason\":\"" + esc(reason) + "\"}"});
}

std::optional<ApprovalRecord> latest_approval(Database& db, int64_t action_id) {
    auto& q = db.prepare(
        "SELECT id, action_id, action_hash, decision, requester, requested_at_ms, coalesce(expires_at_ms, 0), "
        "coalesce(decided_at_ms, 0), coalesce(decided_by, ''), coalesce(comment, '') FROM approvals "
        "WHERE action_id = ?1 ORDER BY id DESC LIMIT 1");
    q.bind(1, action_id);
    if (!q.step()) return std::nullopt;
    ApprovalRecord r{q.column_int(0), q.column_int(1), q.column_text(2), q.column_text(3), q.column_text(4),
                     q.column_int(5), q.column_int(6), q.column_int(7), q.column_text(8), q.column_text(9)};
    q.reset();
    return r;
}

}  // namespace medic::store
