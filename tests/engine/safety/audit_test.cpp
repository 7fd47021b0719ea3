// Audit chain: durable group commit under concurrency, verification, and
// tampering done directly on the SQLite file (around the triggers) being
// caught: a changed row, a removed row, two rows swapped.
#include "store/db_writer.hpp"
#include "test_db.hpp"

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <thread>
#include <vector>

using namespace medic::store;

namespace {

void raw_exec(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    char* err = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    INFO((err ? err : ""));
    sqlite3_free(err);
    sqlite3_close(db);
    REQUIRE(rc == SQLITE_OK);
}

void fill(DbWriter& w, int n) {
    for (int i = 0; i < n; ++i)
        w.append({0, "user:alice", "test_event", "action:" + std::to_string(i), "{\"i\":" + std::to_string(i) + "}"});
}

const char* kDropTriggers = "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;";

}  // namespace

TEST_CASE("store/audit: concurrent appends are group-committed into one valid chain", "[audit]") {
    medic::test::TempDb tmp;
    {
        DbWriter w(tmp.path);
        std::vector<std::thread> threads;
        for (int t = 0; t < 8; ++t) threads.emplace_back([&] { fill(w, 50); });
        for (auto& t : threads) t.join();
        CHECK(w.batches() <= 400);
    }
    auto db = Database::open(tmp.path);
    auto v = verify_audit(*db);
    CHECK(v.ok);
    CHECK(v.rows == 400);
    auto rows = read_audit(*db, 0, 3);
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].prev_hash == kGenesisHash);
    CHECK(rows[1].prev_hash == rows[0].hash);
}

TEST_CASE("store/audit: the table refuses UPDATE and DELETE", "[audit]") {
    medic::test::TempDb tmp;
    { DbWriter w(tmp.path); fill(w, 2); }
    auto db = Database::open(tmp.path);
    CHECK_THROWS_AS(db->exec("UPDATE audit SET actor = 'x' WHERE seq = 1"), DbError);
    CHECK_THROWS_AS(db->exec("DELETE FROM audit WHERE seq = 1"), DbError);
}

TEST_CASE("store/audit: --verify catches a changed, a removed and a reordered row", "[audit]") {
    medic::test::TempDb tmp;
    { DbWriter w(tmp.path); fill(w, 6); }
    raw_exec(tmp.path, kDropTriggers);
    SECTION("changed") {
        raw_exec(tmp.path, "UPDATE audit SET detail = '{\"i\":99}' WHERE seq = 3");
        auto v = verify_audit(*Database::open(tmp.path));
        CHECK_FALSE(v.ok);
        CHECK(v.bad_seq == 3);
        CHECK(v.problem == "row 3: hash does not match its contents (the row was changed)");
        CHECK(v.rows == 3);      // read up to the bad row
        CHECK(v.verified == 2);  // the rows before it
    }
    SECTION("removed") {
        raw_exec(tmp.path, "DELETE FROM audit WHERE seq = 4");
        auto v = verify_audit(*Database::open(tmp.path));
        CHECK_FALSE(v.ok);
        CHECK(v.bad_seq == 5);
    }
    SECTION("reordered") {
        raw_exec(tmp.path,
                 "UPDATE audit SET seq = 100 WHERE seq = 2; UPDATE audit SET seq = 2 WHERE seq = 3; "
                 "UPDATE audit SET seq = 3 WHERE seq = 100;");
        auto v = verify_audit(*Database::open(tmp.path));
        CHECK_FALSE(v.ok);
        CHECK(v.bad_seq == 2);
    }
    SECTION("rows removed from the end: the recorded head no longer matches") {
        raw_exec(tmp.path, "DELETE FROM audit WHERE seq >= 5");
        auto v = verify_audit(*Database::open(tmp.path));
        CHECK_FALSE(v.ok);
        CHECK(v.bad_seq == 5);
        CHECK(v.problem == "row 5: the log ends at row 4 but its recorded head is row 6 (rows were removed from the end)");
        CHECK(v.verified == 4);  // each row left is sound; the log lost its end
    }
    SECTION("rows removed from the end and the head deleted too") {
        raw_exec(tmp.path, "DELETE FROM audit WHERE seq >= 5; DELETE FROM settings WHERE key = 'audit_head'");
        CHECK_FALSE(verify_audit(*Database::open(tmp.path)).ok);
    }
    SECTION("a copied row (no UNIQUE index on hash since schema 2: the chain catches it)") {
        raw_exec(tmp.path, "INSERT INTO audit(seq, at_ms, actor, event, subject, detail, prev_hash, hash) "
                           "SELECT 7, at_ms, actor, event, subject, detail, prev_hash, hash FROM audit WHERE seq = 3");
        auto v = verify_audit(*Database::open(tmp.path));
        CHECK_FALSE(v.ok);
        CHECK(v.bad_seq == 7);
    }
    SECTION("the whole table dropped: a broken chain, not an SQL error") {
        raw_exec(tmp.path, "DROP TABLE audit");
        auto v = verify_audit(*Database::open(tmp.path));
        CHECK_FALSE(v.ok);
        CHECK(v.problem == "no audit table (it was dropped)");
        CHECK(v.verified == 0);
    }
    SECTION("a changed hash column is caught too") {
        raw_exec(tmp.path, "UPDATE audit SET hash = '" + std::string(64, 'a') + "' WHERE seq = 6");
        CHECK_FALSE(verify_audit(*Database::open(tmp.path)).ok);
    }
}

TEST_CASE("store/audit: migration 2 rebuilds a version 1 audit table without losing a row or a rule", "[audit]") {
    medic::test::TempDb tmp;
    { DbWriter w(tmp.path); fill(w, 5); }
    // Back to version 1's table: the same rows, hash UNIQUE.
    raw_exec(tmp.path,
             "BEGIN; CREATE TABLE audit_v1 (seq INTEGER PRIMARY KEY AUTOINCREMENT, at_ms INTEGER NOT NULL, "
             "actor TEXT NOT NULL, event TEXT NOT NULL, subject TEXT NOT NULL DEFAULT '', detail TEXT NOT NULL DEFAULT '{}', "
             "prev_hash TEXT NOT NULL, hash TEXT NOT NULL UNIQUE); INSERT INTO audit_v1 SELECT * FROM audit; "
             "DROP TABLE audit; ALTER TABLE audit_v1 RENAME TO audit; "
             "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END; "
             "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END; "
             "PRAGMA user_version = 1; COMMIT;");
    auto count = [&](Database& db, const char* sql) {
        auto& q = db.prepare(sql);
        int64_t n = q.step() ? q.column_int(0) : -1;
        q.reset();
        return n;
    };
    {
        auto db = Database::open(tmp.path);  // migrates
        CHECK(db->schema_version() == kSchemaVersion);
        CHECK(count(*db, "SELECT count(*) FROM sqlite_master WHERE tbl_name = 'audit' AND type = 'index'") == 0);
        CHECK(count(*db, "SELECT count(*) FROM sqlite_master WHERE tbl_name = 'audit' AND type = 'trigger'") == 2);
        auto v = verify_audit(*db);
        INFO(v.problem);
        CHECK(v.ok);
        CHECK(v.rows == 5);
        CHECK_THROWS_AS(db->exec("UPDATE audit SET actor = 'x' WHERE seq = 1"), DbError);
        CHECK_THROWS_AS(db->exec("DELETE FROM audit WHERE seq = 5"), DbError);
    }
    { DbWriter w(tmp.path); fill(w, 2); }  // the chain goes on from row 5
    auto db = Database::open(tmp.path);
    auto v = verify_audit(*db);
    INFO(v.problem);
    CHECK(v.ok);
    CHECK(v.rows == 7);
    CHECK(count(*db, "SELECT max(seq) FROM audit") == 7);
}

TEST_CASE("store/audit: a failing job is rolled back alone; secrets are redacted", "[audit]") {
    medic::test::TempDb tmp;
    DbWriter w(tmp.path);
    CHECK_THROWS(w.run([](Database& db, AuditAppender& a) {
        a.append({0, "engine", "will_roll_back", "", "{}"});
        db.exec("INSERT INTO no_such_table VALUES (1)");
    }));
    w.append({0, "engine", "notify_response", "action:1",
              "{\"url\":\"https://hooks.slack.com/services/T000/B000/SECRETSECRET\",\"status\":200}"});
    auto db = Database::open(tmp.path);
    auto rows = read_audit(*db);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].ev.event == "notify_response");
    CHECK(rows[0].ev.detail.find("SECRETSECRET") == std::string::npos);
    CHECK(rows[0].ev.detail.find("\"url\":\"***sha256:") != std::string::npos);
    CHECK(verify_audit(*db).ok);
    CHECK(redact_secrets("{\"routing_key\":\"abc\",\"message\":\"hi\"}").find("abc") == std::string::npos);
    CHECK(redact_secrets("{\"message\":\"url\"}") == "{\"message\":\"url\"}");
}
