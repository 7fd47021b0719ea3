// engine/store/incident_store.cpp: IncidentStore (see header).
#include "store/incident_store.hpp"

namespace medic::store {

namespace {

constexpr const char* kCols =
    "id, dedup_key, kind, subject, severity, status, summary, evidence, opened_at_ms, updated_at_ms, "
    "closed_at_ms, close_reason, observations";

Incident row_to_incident(Statement& st) {
    Incident i;
    i.id = st.column_int(0);
    i.dedup_key = st.column_text(1);
    i.kind = st.column_text(2);
    i.subject = st.column_text(3);
    i.severity = parse_severity(st.column_text(4)).value_or(Severity::Warning);
    i.open = st.column_text(5) == "open";
    i.summary = st.column_text(6);
    i.evidence = st.column_text(7);
    i.opened_at_ms = st.column_int(8);
    i.updated_at_ms = st.column_int(9);
    i.closed_at_ms = st.column_opt_int(10);
    i.close_reason = st.column_text(11);
    i.observations = st.column_int(12);
    return i;
}

}  // namespace

std::optional<Severity> parse_severity(std::string_view s) {
    for (size_t i = 0; i < size_t(Severity::Count); ++i)
        if (s == kSeverityNames[i]) return Severity(i);
    return std::nullopt;
}

std::vector<Incident> IncidentStore::query(std::string_view sql, std::string_view arg, int64_t limit) {
    auto& st = db_.prepare(sql);
    int next = 1;
    if (!arg.empty()) st.bind(next++, arg);
    if (limit >= 0) st.bind(next, limit);
    std::vector<Incident> out;
    while (st.step()) out.push_back(row_to_incident(st));
    return out;
}

std::optional<Incident> IncidentStore::find_open(std::string_view key) {
    auto v = query(std::string("SELECT ") + kCols + " FROM incidents WHERE dedup_key = ?1 AND status = 'open'", key, -1);
    if (v.empty()) return std::nullopt;
    return v.front();
}

std::optional<Incident> IncidentStore::get(int64_t id) {
    auto& st = db_.prepare(std::string("SELECT ") + kCols + " FROM incidents WHERE id = ?1");
    st.bind(1, id);
    std::optional<Incident> out;
    while (st.step()) out = row_to_incident(st);
    return out;
}

std::vector<Incident> IncidentStore::list_open() {
    return query(std::string("SELECT ") + kCols + " FROM incidents WHERE status = 'open' ORDER BY opened_at_ms, id", {}, -1);
}

std::vector<Incident> IncidentStore::list(bool all, int64_t limit) {
    std::string sql = std::string("SELECT ") + kCols + " FROM incidents" +
                      (all ? "" : " WHERE status = 'open'") + " ORDER BY id DESC LIMIT ?1";
    return query(sql, {}, limit);
}

IncidentStore::Upsert IncidentStore::open_or_update(const Finding& f, int64_t now_ms) {
    Transaction tx(db_);  // BEGIN IMMEDIATE: another process cannot open the same key in between
    auto& up = db_.prepare(
        "UPDATE incidents SET summary = ?2, evidence = ?3, severity = ?4, updated_at_ms = ?5, "
        "observations = observations + 1 WHERE dedup_key = ?1 AND status = 'open'");
    up.bind(1, f.dedup_key).bind(2, f.summary).bind(3, f.evidence).bind(4, severity_name(f.severity)).bind(5, now_ms);
    up.run();
    bool opened = false;
    if (db_.changes() == 0) {
        auto& ins = db_.prepare(
            "INSERT INTO incidents(dedup_key, kind, subject, severity, status, summary, evidence, opened_at_ms, "
            "updated_at_ms) VALUES (?1, ?2, ?3, ?4, 'open', ?5, ?6, ?7, ?7)");
        ins.bind(1, f.dedup_key).bind(2, f.kind).bind(3, f.subject).bind(4, severity_name(f.severity));
        ins.bind(5, f.summary).bind(6, f.evidence).bind(7, now_ms);
        ins.run();
        opened = true;
    }
    auto inc = find_open(f.dedup_key);
    tx.commit();
    if (!inc) throw DbError(0, "incident " + f.dedup_key + " vanished inside its transaction");
    return {*inc, opened};
}

std::optional<Incident> IncidentStore::close(std::string_view key, std::string_view reason, int64_t now_ms) {
    Transaction tx(db_);
    auto open = find_open(key);
    if (!open) return std::nullopt;
    auto& st = db_.prepare(
        "UPDATE incidents SET status = 'closed', closed_at_ms = ?2, updated_at_ms = ?2, close_reason = ?3 "
        "WHERE id = ?1 AND status = 'open'");
    st.bind(1, open->id).bind(2, now_ms).bind(3, reason).run();
    tx.commit();
    open->open = false;
    open->closed_at_ms = now_ms;
    open->updated_at_ms = now_ms;
    open->close_reason = std::string(reason);
    return open;
}

}  // namespace medic::store
