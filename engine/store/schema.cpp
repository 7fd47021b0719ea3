// engine/store/schema.cpp: the ordered core migrations keyed on PRAGMA
// user_version, and per-component migrations (schema_components table).
// Migration 1 is schema.sql (embedded at build time). To change the schema,
// append a migration here and bump kSchemaVersion; never edit a released one.
#include <sqlite3.h>

#include <string>
#include <vector>

#include "store/database.hpp"

namespace medic::store {

extern const char* const kSchemaV1Sql;

namespace {

// 2: the audit table without the UNIQUE index on `hash`. Each row's hash
// is a random key, so the index cost every commit one more page at a random
// place (3 of the ~17 pages an executed action wrote) and a B-tree search;
// nothing looks a row up by hash, and the chain itself exposes a copied
// row (its prev_hash no longer matches). SQLite drops a UNIQUE constraint
// only by rebuilding the table: copy, drop, rename, re-create the triggers
// (DROP TABLE fires no delete trigger). AUTOINCREMENT's counter follows the
// rename.
constexpr const char* kSchemaV2Sql = R"sql(
CREATE TABLE audit_v2 (
  seq            INTEGER PRIMARY KEY AUTOINCREMENT,
  at_ms          INTEGER NOT NULL,
  actor          TEXT NOT NULL,
  event          TEXT NOT NULL,
  subject        TEXT NOT NULL DEFAULT '',
  detail         TEXT NOT NULL DEFAULT '{}',
  prev_hash      TEXT NOT NULL,
  hash           TEXT NOT NULL
);
INSERT INTO audit_v2(seq, at_ms, actor, event, subject, detail, prev_hash, hash)
  SELECT seq, at_ms, actor, event, subject, detail, prev_hash, hash FROM audit ORDER BY seq;
DROP TABLE audit;
ALTER TABLE audit_v2 RENAME TO audit;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
)sql";

// kMigrations[i] takes the schema from version i to i+1.
const std::vector<const char*>& migrations() {
    static const std::vector<const char*> m = {kSchemaV1Sql, kSchemaV2Sql};
    return m;
}

}  // namespace

void migrate(Database& db) {
    static_assert(kSchemaVersion >= 1);
    if (migrations().size() != size_t(kSchemaVersion))
        throw DbError(SQLITE_INTERNAL, "schema: kSchemaVersion does not match the migration list");
    if (db.schema_version() == kSchemaVersion) return;  // common case: no write lock needed
    // Two processes may open a fresh file at once: take the write lock, then
    // re-read the version so only one of them applies each step.
    Transaction tx(db);
    int v = db.schema_version();
    if (v > kSchemaVersion)
        throw DbError(SQLITE_MISMATCH, "schema version " + std::to_string(v) +
                                           " is newer than this medic understands (" +
                                           std::to_string(kSchemaVersion) + ")");
    for (; v < kSchemaVersion; ++v) {
        try {
            db.exec(migrations()[size_t(v)]);
        } catch (const DbError& e) {
            throw DbError(e.rc(), "schema migration " + std::to_string(v + 1) + ": " + e.what());
        }
        db.exec("PRAGMA user_version = " + std::to_string(v + 1));
    }
    tx.commit();
}

void migrate_component(Database& db, std::string_view component,
                       std::initializer_list<std::string_view> steps) {
    auto current = [&] {
        auto& q = db.prepare("SELECT version FROM schema_components WHERE component = ?1");
        q.bind(1, component);
        int64_t v = q.step() ? q.column_int(0) : 0;
        q.reset();
        return v;
    };
    if (current() == int64_t(steps.size())) return;
    Transaction tx(db);
    int64_t v = current();
    if (v > int64_t(steps.size()))
        throw DbError(SQLITE_MISMATCH, "schema component " + std::string(component) + " is at version " +
                                           std::to_string(v) + ", newer than this medic (" +
                                           std::to_string(steps.size()) + ")");
    int64_t i = 0;
    for (auto sql : steps) {
        if (i++ < v) continue;
        try {
            db.exec(sql);
        } catch (const DbError& e) {
            throw DbError(e.rc(), "schema component " + std::string(component) + " step " +
                                      std::to_string(i) + ": " + e.what());
        }
    }
    db.prepare("INSERT INTO schema_components(component, version) VALUES (?1, ?2) "
               "ON CONFLICT(component) DO UPDATE SET version = excluded.version")
        .bind(1, component)
        .bind(2, int64_t(steps.size()))
        .run();
    tx.commit();
}

}  // namespace medic::store
