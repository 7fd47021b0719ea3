// engine/store/database.cpp: Database, Statement and Transaction (see header).
#include "store/database.hpp"

#include "store/deferred_flush.hpp"

#include <sqlite3.h>

#include <chrono>
#include <climits>
#include <thread>

namespace medic::store {

namespace {

std::string errmsg_of(sqlite3* db, int rc) {
    if (db) return sqlite3_errmsg(db);
    return sqlite3_errstr(rc);
}

}  // namespace

bool DbError::is_busy() const {
    int primary = rc_ & 0xff;
    return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
}

// ------------------------------------------------------------------ Statement

Statement::Statement(Database& db, sqlite3_stmt* st, std::string sql)
    : db_(db), st_(st), sql_(std::move(sql)) {}

Statement::~Statement() { sqlite3_finalize(st_); }

void Statement::check_bind(int rc, int i) {
    if (rc != SQLITE_OK)
        throw DbError(rc, "sqlite bind ?" + std::to_string(i) + ": " + errmsg_of(db_.handle(), rc) +
                              " in: " + sql_);
}

Statement& Statement::bind(int i, int64_t v) {
    check_bind(sqlite3_bind_int64(st_, i, v), i);
    return *this;
}

Statement& Statement::bind(int i, uint64_t v) {
    if (v > uint64_t(INT64_MAX))
        throw DbError(SQLITE_RANGE, "sqlite bind ?" + std::to_string(i) + ": value " +
                                        std::to_string(v) + " exceeds INT64_MAX in: " + sql_);
    return bind(i, int64_t(v));
}

Statement& Statement::bind(int i, double v) {
    check_bind(sqlite3_bind_double(st_, i, v), i);
    return *this;
}

Statement& Statement::bind(int i, std::string_view text) {
    check_bind(sqlite3_bind_text64(st_, i, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8), i);
    return *this;
}

Statement& Statement::bind_blob(int i, const void* data, size_t n) {
    check_bind(sqlite3_bind_blob64(st_, i, data, n, SQLITE_TRANSIENT), i);
    return *this;
}

Statement& Statement::bind_null(int i) {
    check_bind(sqlite3_bind_null(st_, i), i);
    return *this;
}

bool Statement::step() {
    int rc = sqlite3_step(st_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) {
        sqlite3_reset(st_);
        return false;
    }
    std::string msg = errmsg_of(db_.handle(), rc);
    sqlite3_reset(st_);
    throw DbError(sqlite3_extended_errcode(db_.handle()), "sqlite: " + msg + " in: " + sql_);
}

void Statement::run() {
    while (step()) {
    }
}

int64_t Statement::changes() const { return db_.changes(); }

bool Statement::column_is_null(int c) const { return sqlite3_column_type(st_, c) == SQLITE_NULL; }
int64_t Statement::column_int(int c) const { return sqlite3_column_int64(st_, c); }

uint64_t Statement::column_u64(int c) const {
    int64_t v = sqlite3_column_int64(st_, c);
    if (v < 0)
        throw DbError(SQLITE_MISMATCH, "sqlite column " + std::to_string(c) +
                                           ": negative value where an unsigned id was expected in: " + sql_);
    return uint64_t(v);
}

double Statement::column_double(int c) const { return sqlite3_column_double(st_, c); }

std::string Statement::column_text(int c) const {
    const unsigned char* p = sqlite3_column_text(st_, c);
    int n = sqlite3_column_bytes(st_, c);
    return p ? std::string(reinterpret_cast<const char*>(p), size_t(n)) : std::string();
}

std::string Statement::column_blob(int c) const {
    const void* p = sqlite3_column_blob(st_, c);
    int n = sqlite3_column_bytes(st_, c);
    return p ? std::string(static_cast<const char*>(p), size_t(n)) : std::string();
}

std::optional<int64_t> Statement::column_opt_int(int c) const {
    if (column_is_null(c)) return std::nullopt;
    return column_int(c);
}

std::optional<std::string> Statement::column_opt_text(int c) const {
    if (column_is_null(c)) return std::nullopt;
    return column_text(c);
}

int Statement::column_count() const { return sqlite3_column_count(st_); }

void Statement::reset() {
    sqlite3_reset(st_);
    sqlite3_clear_bindings(st_);
}

// ------------------------------------------------------------------ Database

Database::Database(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}

Database::~Database() {
    cache_.clear();  // finalize statements before closing
    sqlite3_close_v2(db_);
}

std::unique_ptr<Database> Database::open(const std::string& path) { return open(path, Options{}); }

namespace {

/// Switching a new file to WAL takes an exclusive lock, and SQLite answers
/// SQLITE_BUSY at once (the busy handler is not called for it) while another
/// process opens the same new file: two processes starting on a fresh
/// database must both get in, so retry until the busy timeout. Once the file
/// is in WAL mode the pragma is a no-op.
void enable_wal(Database& db, int timeout_ms) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (true) {
        try {
            db.exec("PRAGMA journal_mode=WAL");
            return;
        } catch (const DbError& e) {
            if (!e.is_busy() || std::chrono::steady_clock::now() >= deadline) throw;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
}

}  // namespace

std::unique_ptr<Database> Database::open(const std::string& path, const Options& opts) {
    int flags = SQLITE_OPEN_NOMUTEX;
    if (opts.read_only) flags |= SQLITE_OPEN_READONLY;
    else flags |= SQLITE_OPEN_READWRITE | (opts.create ? SQLITE_OPEN_CREATE : 0);
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string msg = errmsg_of(raw, rc);
        sqlite3_close_v2(raw);
        throw DbError(rc, "cannot open database " + path + ": " + msg);
    }
    sqlite3_extended_result_codes(raw, 1);
    std::unique_ptr<Database> db(new Database(raw, path));
    try {
        db->check(sqlite3_busy_timeout(raw, opts.busy_timeout_ms), "busy_timeout");
        if (!opts.read_only) enable_wal(*db, opts.busy_timeout_ms);
        db->exec("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
        if (!opts.read_only) migrate(*db);
        else if (db->schema_version() == 0)
            throw DbError(SQLITE_CANTOPEN, "no medic schema (empty or new file)");
    } catch (const DbError& e) {
        throw DbError(e.rc(), "database " + path + ": " + e.what());
    }
    return db;
}

void Database::check(int rc, std::string_view what) const {
    if (rc != SQLITE_OK)
        throw DbError(rc, "sqlite " + std::string(what) + ": " + errmsg_of(db_, rc));
}

void Database::exec(std::string_view sql) {
    std::string s(sql);
    char* err = nullptr;
    int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        std::string msg = err ? err : errmsg_of(db_, rc);
        sqlite3_free(err);
        std::string head = s.substr(0, 60);
        throw DbError(sqlite3_extended_errcode(db_), "sqlite: " + msg + " in: " + head);
    }
}

Statement& Database::prepare(std::string_view sql) {
    // Records a DbWriter of this process deferred are committed before this
    // connection reads (deferred_flush.hpp); one relaxed load otherwise.
    if (detail::g_posted_pending.load(std::memory_order_relaxed) > 0) detail::flush_posted_for(db_);
    auto it = cache_.find(sql);
    if (it != cache_.end()) {
        it->second->reset();
        return *it->second;
    }
    sqlite3_stmt* st = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), int(sql.size()), SQLITE_PREPARE_PERSISTENT, &st, nullptr);
    if (rc != SQLITE_OK) {
        std::string msg = errmsg_of(db_, rc);
        sqlite3_finalize(st);
        throw DbError(rc, "sqlite prepare: " + msg + " in: " + std::string(sql));
    }
    if (!st) throw DbError(SQLITE_MISUSE, "sqlite prepare: empty statement");
    auto [pos, _] = cache_.emplace(std::string(sql), std::make_unique<Statement>(*this, st, std::string(sql)));
    return *pos->second;
}

int64_t Database::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }
int64_t Database::changes() const { return sqlite3_changes64(db_); }
bool Database::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

int Database::schema_version() {
    auto& st = prepare("PRAGMA user_version");
    int v = st.step() ? int(st.column_int(0)) : 0;
    st.reset();
    return v;
}

// ------------------------------------------------------------------ Transaction

Transaction::Transaction(Database& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
    if (!done_) {
        // Rollback cannot usefully fail here; a failed ROLLBACK means SQLite
        // already rolled back (e.g. after SQLITE_FULL).
        sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
}

void Transaction::commit() {
    db_.exec("COMMIT");
    done_ = true;
}

}  // namespace medic::store
