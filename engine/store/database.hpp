// engine/store/database.hpp: Database, the thin SQLite wrapper every engine
// store (incidents, audit, actions, approvals, workflow journal, settings)
// builds on. It owns the sqlite3* and a cache of prepared statements, checks
// every result code, and turns failures into DbError carrying
// sqlite3_errmsg() and the SQL that failed (STYLE 3.10).
//
// Contract:
//  - open() sets WAL mode, synchronous=NORMAL, foreign_keys=ON and a busy
//    timeout (default 5 s), then migrates the schema to kSchemaVersion using
//    PRAGMA user_version (migrations live in schema.cpp, one step per version,
//    each in its own transaction). Several processes may open one file.
//  - Errors are exceptions of type DbError (every method may throw it); the
//    database is left consistent because writes happen inside Transaction.
//  - A Database object is NOT thread-safe: use one per thread, or guard it.
//  - Keep transactions short: Transaction uses BEGIN IMMEDIATE so a writer
//    takes the write lock up front (no deadlock-prone lock upgrades between
//    processes) and waits up to the busy timeout for it.
//
// Usage:
//     auto db = Database::open("medic.db");
//     Transaction tx(db);
//     auto& st = db.prepare("INSERT INTO settings(key, value) VALUES (?1, ?2)");
//     st.bind(1, "kill_switch").bind(2, "on").run();
//     tx.commit();
//     auto& q = db.prepare("SELECT value FROM settings WHERE key = ?1");
//     q.bind(1, "kill_switch");
//     while (q.step()) std::string v = q.column_text(0);
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace medic::store {

/// Any SQLite failure: rc is the extended result code, message includes
/// sqlite3_errmsg() and (when known) the SQL text.
class DbError : public std::runtime_error {
public:
    DbError(int rc, const std::string& what) : std::runtime_error(what), rc_(rc) {}
    int rc() const { return rc_; }
    bool is_busy() const;  ///< SQLITE_BUSY / SQLITE_LOCKED (another process held the lock too long)

private:
    int rc_;
};

class Database;

/// A cached prepared statement. Obtained from Database::prepare(); it is
/// reset and its bindings cleared each time prepare() hands it out, and reset
/// again when step() reports the end of rows. Bind indexes are 1-based
/// (?1, ?2 ...); column indexes are 0-based.
class Statement {
public:
    Statement(Database& db, sqlite3_stmt* st, std::string sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int i, int64_t v);
    Statement& bind(int i, int v) { return bind(i, int64_t(v)); }
    Statement& bind(int i, uint64_t v);  ///< throws DbError if v > INT64_MAX (SQLite ints are signed)
    Statement& bind(int i, double v);
    Statement& bind(int i, std::string_view text);
    Statement& bind(int i, const char* text) { return bind(i, std::string_view(text)); }
    Statement& bind(int i, const std::string& text) { return bind(i, std::string_view(text)); }
    Statement& bind_blob(int i, const void* data, size_t n);
    Statement& bind_null(int i);
// GCC 12 reports a false maybe-uninitialized through std::optional here when
// callers build the optional in the same expression.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
    template <class T>
    Statement& bind(int i, const std::optional<T>& v) {
        if (!v.has_value()) return bind_null(i);
        return bind(i, *v);
    }
#pragma GCC diagnostic pop

    /// Advance: true while a row is available, false when done (then reset).
    bool step();
    /// Execute a statement that returns no rows (or ignore them); then reset.
    void run();
    /// For INSERT/UPDATE/DELETE: rows changed by the last run().
    int64_t changes() const;

    bool column_is_null(int c) const;
    int64_t column_int(int c) const;
    uint64_t column_u64(int c) const;  ///< throws DbError if the stored value is negative
    double column_double(int c) const;
    std::string column_text(int c) const;  ///< "" for NULL
    std::string column_blob(int c) const;
    std::optional<int64_t> column_opt_int(int c) const;
    std::optional<std::string> column_opt_text(int c) const;
    int column_count() const;

    void reset();
    const std::string& sql() const { return sql_; }

private:
    void check_bind(int rc, int i);
    Database& db_;
    sqlite3_stmt* st_;
    std::string sql_;
};

class Database {
public:
    struct Options {
        int busy_timeout_ms = 5000;
        bool read_only = false;
        bool create = true;  ///< create the file if missing (ignored when read_only)
    };

    /// Open (creating if allowed) and migrate. Throws DbError with the path
    /// in the message when the file cannot be opened or is not a database.
    static std::unique_ptr<Database> open(const std::string& path);
    static std::unique_ptr<Database> open(const std::string& path, const Options& opts);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    /// Run one or more SQL statements without results (DDL, PRAGMA).
    void exec(std::string_view sql);
    /// A cached statement for `sql` (prepared once per Database), reset and
    /// with cleared bindings. The reference stays valid until the Database dies.
    Statement& prepare(std::string_view sql);
    int64_t last_insert_rowid() const;
    int64_t changes() const;
    int schema_version();
    const std::string& path() const { return path_; }
    sqlite3* handle() { return db_; }
    bool in_transaction() const;

    /// Throw DbError for rc != SQLITE_OK (message: what + errmsg).
    void check(int rc, std::string_view what) const;

private:
    Database(sqlite3* db, std::string path);
    sqlite3* db_;
    std::string path_;
    std::map<std::string, std::unique_ptr<Statement>, std::less<>> cache_;
};

/// RAII write transaction: BEGIN IMMEDIATE on construction, ROLLBACK in the
/// destructor unless commit() was called. Not nestable.
class Transaction {
public:
    explicit Transaction(Database& db);
    explicit Transaction(const std::unique_ptr<Database>& db) : Transaction(*db) {}
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Database& db_;
    bool done_ = false;
};

/// Current schema version written by the migrations in schema.cpp.
inline constexpr int kSchemaVersion = 2;

/// Apply every core migration above the file's user_version (called by open()).
void migrate(Database& db);

/// Schema owned by another store class (audit_log, action_store, ...): the
/// core schema (schema.cpp) already has every table listed in DESIGN, but a
/// component that needs more (an index, a column, its own table) declares
/// its own ordered steps here instead of editing schema.cpp. Step i (0-based)
/// is applied once, inside a transaction, and recorded in the table
/// schema_components(component, version). Never edit a released step:
/// append a new one. Example:
///     migrate_component(db, "audit_log", {"CREATE INDEX ...", "ALTER TABLE ..."});
void migrate_component(Database& db, std::string_view component,
                       std::initializer_list<std::string_view> steps);

}  // namespace medic::store
