// engine/store/proposal_store.cpp: proposals, their LLM exchanges and the
// audit row, written together.
#include "store/proposal_store.hpp"

#include <chrono>

#include "store/audit_log.hpp"

namespace medic::store {
namespace {

int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string quote(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        if (static_cast<unsigned char>(c) < 0x20) continue;
        out += c;
    }
    return out + "\"";
}

constexpr const char* kColumns =
    "id, incident_id, advisor, outcome, status, diagnosis, confidence, risk, body, fallback_of, created_at_ms, "
    "updated_at_ms, status_reason";

}  // namespace

ProposalStore::ProposalStore(Database& db) : db_(db) {
    migrate_component(db_, "proposal_store",
                      {"ALTER TABLE proposals ADD COLUMN outcome TEXT NOT NULL DEFAULT ''",
                       "ALTER TABLE proposals ADD COLUMN fallback_of INTEGER REFERENCES proposals(id)",
                       "CREATE TABLE proposal_exchanges ("
                       " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                       " proposal_id INTEGER NOT NULL REFERENCES proposals(id),"
                       " attempt INTEGER NOT NULL, url TEXT NOT NULL,"
                       " request_headers TEXT NOT NULL, request_body TEXT NOT NULL,"
                       " status INTEGER NOT NULL, response_headers TEXT NOT NULL, response_body TEXT NOT NULL,"
                       " error TEXT NOT NULL, elapsed_ms INTEGER NOT NULL, waited_before_ms INTEGER NOT NULL)",
                       "CREATE INDEX proposal_exchanges_by_proposal ON proposal_exchanges(proposal_id, attempt)",
                       "ALTER TABLE proposals ADD COLUMN status_reason TEXT NOT NULL DEFAULT ''"});
}

int64_t ProposalStore::insert(const ProposalRow& row, const std::vector<ExchangeRow>& exchanges,
                              const std::function<std::string(int64_t)>& body_for_id) {
    Transaction tx(db_);
    int64_t at = row.created_at_ms ? row.created_at_ms : now_ms();
    // A proposal about an incident this database does not know (another
    // database, an in-memory Monitor) is still recorded, without the link:
    // losing the decision would be worse than losing the foreign key.
    int64_t incident = 0;  // 0 = no link (a plain integer: GCC's -O2 maybe-uninitialized dislikes optional here)
    if (row.incident_id) {
        auto& q = db_.prepare("SELECT 1 FROM incidents WHERE id = ?1");
        q.bind(1, *row.incident_id);
        bool known = q.step();
        q.reset();
        if (known) incident = *row.incident_id;
    }
    auto& ins = db_.prepare(
        "INSERT INTO proposals(incident_id, advisor, outcome, status, diagnosis, confidence, risk, body, fallback_of,"
        " created_at_ms, updated_at_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)");
    if (incident) ins.bind(1, incident);
    else ins.bind_null(1);
    ins.bind(2, row.advisor).bind(3, row.outcome).bind(4, row.status);
    ins.bind(5, row.diagnosis).bind(6, row.confidence).bind(7, row.risk).bind(8, row.body);
    ins.bind(9, row.fallback_of).bind(10, at).run();
    int64_t id = db_.last_insert_rowid();
    if (body_for_id) db_.prepare("UPDATE proposals SET body = ?1 WHERE id = ?2").bind(1, body_for_id(id)).bind(2, id).run();
    for (const auto& ex : exchanges) {
        auto& e = db_.prepare(
            "INSERT INTO proposal_exchanges(proposal_id, attempt, url, request_headers, request_body, status,"
            " response_headers, response_body, error, elapsed_ms, waited_before_ms)"
            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
        e.bind(1, id).bind(2, ex.attempt).bind(3, ex.url).bind(4, ex.request_headers).bind(5, ex.request_body);
        e.bind(6, ex.status).bind(7, ex.response_headers).bind(8, ex.response_body).bind(9, ex.error);
        e.bind(10, ex.elapsed_ms).bind(11, ex.waited_before_ms).run();
    }
    AuditAppender audit(db_);
    audit.load_head();
    audit.append({at, "advisor:" + row.advisor, "proposal_recorded", "proposal:" + std::to_string(id),
                  "{\"outcome\":" + quote(row.outcome) + ",\"risk\":" + quote(row.risk) + ",\"incident_id\":" +
                      (row.incident_id ? std::to_string(*row.incident_id) : "null") +
                      ",\"incident_linked\":" + (incident ? "true" : "false") +
                      ",\"exchanges\":" + std::to_string(exchanges.size()) + "}"});
    tx.commit();
    return id;
}

bool ProposalStore::set_status(int64_t id, const std::string& status, const std::string& actor,
                               const std::string& reason) {
    Transaction tx(db_);
    int64_t at = now_ms();
    db_.prepare("UPDATE proposals SET status = ?2, status_reason = ?3, updated_at_ms = ?4 WHERE id = ?1")
        .bind(1, id)
        .bind(2, status)
        .bind(3, reason)
        .bind(4, at)
        .run();
    if (db_.changes() == 0) return false;
    AuditAppender audit(db_);
    audit.load_head();
    audit.append({at, actor, "proposal_" + status, "proposal:" + std::to_string(id),
                  "{\"status\":" + quote(status) + ",\"reason\":" + quote(reason) + "}"});
    tx.commit();
    return true;
}

ProposalRow ProposalStore::read_row(Statement& q) {
    ProposalRow r;
    r.id = q.column_int(0);
    r.incident_id = q.column_opt_int(1);
    r.advisor = q.column_text(2);
    r.outcome = q.column_text(3);
    r.status = q.column_text(4);
    r.diagnosis = q.column_text(5);
    if (!q.column_is_null(6)) r.confidence = q.column_double(6);
    r.risk = q.column_text(7);
    r.body = q.column_text(8);
    r.fallback_of = q.column_opt_int(9);
    r.created_at_ms = q.column_int(10);
    r.updated_at_ms = q.column_int(11);
    r.status_reason = q.column_text(12);
    return r;
}

std::optional<ProposalRow> ProposalStore::get(int64_t id) {
    auto& q = db_.prepare(std::string("SELECT ") + kColumns + " FROM proposals WHERE id = ?1");
    q.bind(1, id);
    std::optional<ProposalRow> out;
    while (q.step()) out = read_row(q);
    return out;
}

std::vector<ProposalRow> ProposalStore::list(int64_t limit, std::optional<int64_t> incident_id) {
    auto& q = db_.prepare(std::string("SELECT ") + kColumns +
                          " FROM proposals WHERE (?1 IS NULL OR incident_id = ?1) ORDER BY id DESC LIMIT ?2");
    q.bind(1, incident_id).bind(2, limit);
    std::vector<ProposalRow> out;
    while (q.step()) out.push_back(read_row(q));
    return out;
}

std::vector<ExchangeRow> ProposalStore::exchanges(int64_t proposal_id) {
    auto& q = db_.prepare(
        "SELECT proposal_id, attempt, url, request_headers, request_body, status, response_headers, response_body,"
        " error, elapsed_ms, waited_before_ms FROM proposal_exchanges WHERE proposal_id = ?1 ORDER BY attempt");
    q.bind(1, proposal_id);
    std::vector<ExchangeRow> out;
    while (q.step()) {
        ExchangeRow e;
        e.proposal_id = q.column_int(0);
        e.attempt = int(q.column_int(1));
        e.url = q.column_text(2);
        e.request_headers = q.column_text(3);
        e.request_body = q.column_text(4);
        e.status = q.column_int(5);
        e.response_headers = q.column_text(6);
        e.response_body = q.column_text(7);
        e.error = q.column_text(8);
        e.elapsed_ms = q.column_int(9);
        e.waited_before_ms = q.column_int(10);
        out.push_back(std::move(e));
    }
    return out;
}

}  // namespace medic::store
