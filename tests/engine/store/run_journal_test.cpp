// tests/engine/store/run_journal_test.cpp: what a run waits for, the running
// runs of one workflow, and the migration that adds the waiting columns to a
// journal created by an older medic.
#include <catch2/catch.hpp>

#include "store/database.hpp"
#include "store/run_journal.hpp"
#include "temp_dir.hpp"

using namespace medic::store;
using medic::test::TempDir;

TEST_CASE("a run's waiting_for is set, kept, cleared on resume and at the end", "[store][runs]") {
    TempDir dir;
    auto db = Database::open(dir.file("m.db"));
    RunJournal j(*db);
    int64_t id = j.start_run("drain_store", R"({"store":4})", "execute");
    RunRow r;
    REQUIRE(j.get(id, r));
    CHECK(r.waiting_for.empty());
    CHECK(r.waiting_since_ms == 0);

    j.set_waiting(id, "approval of action 7");
    REQUIRE(j.get(id, r));
    CHECK(r.waiting_for == "approval of action 7");
    const int64_t since = r.waiting_since_ms;
    CHECK(since > 0);

    j.set_waiting(id, "approval of action 7");  // the same wait: its start is kept
    REQUIRE(j.get(id, r));
    CHECK(r.waiting_since_ms == since);

    j.set_waiting(id, "");
    REQUIRE(j.get(id, r));
    CHECK(r.waiting_for.empty());
    CHECK(r.waiting_since_ms == 0);

    j.set_waiting(id, "store 4 has no leaders");
    j.finish_run(id, "cancelled", "by user");
    REQUIRE(j.get(id, r));
    CHECK(r.waiting_for.empty());
    j.set_waiting(id, "late report from a dying run");  // a finished run stays finished
    REQUIRE(j.get(id, r));
    CHECK(r.waiting_for.empty());
}

TEST_CASE("running() lists the running runs of one runbook, however its file was named", "[store][runs]") {
    TempDir dir;
    auto db = Database::open(dir.file("m.db"));
    RunJournal j(*db);
    int64_t a = j.start_run("drain_store", "{}", "live");
    int64_t b = j.start_run("../../workflows/drain_store.lua", "{}", "dry_run");
    int64_t c = j.start_run("drain_store.lua", "{}", "live");
    j.start_run("workflows/undrain_store.lua", "{}", "live");  // another runbook whose name ends the same
    j.start_run("hot_region", "{}", "live");
    j.finish_run(a, "succeeded", "");
    auto rows = j.running("drain_store");
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].id == b);
    CHECK(rows[0].mode == "dry_run");
    CHECK(rows[1].id == c);
    CHECK(j.running("leader_rebalance").empty());
}

TEST_CASE("a journal from before the waiting columns is migrated in place", "[store][runs]") {
    TempDir dir;
    const std::string path = dir.file("old.db");
    int64_t id = 0;
    {
        auto db = Database::open(path);
        // What the first run_journal component step left behind.
        migrate_component(*db, "run_journal",
                          {"CREATE TABLE run_cancel (run_id INTEGER PRIMARY KEY REFERENCES runs(id), "
                           "compensate INTEGER NOT NULL, requested_at_ms INTEGER NOT NULL)"});
        db->exec("INSERT INTO runs(workflow, params, mode, status, owner_pid, heartbeat_at_ms, started_at_ms) "
                 "VALUES ('hot_region', '{}', 'dry_run', 'running', 1, 5, 5)");
        id = db->last_insert_rowid();
    }
    auto db = Database::open(path);
    RunJournal j(*db);
    RunRow r;
    REQUIRE(j.get(id, r));
    CHECK(r.workflow == "hot_region");
    CHECK(r.waiting_for.empty());
    j.set_waiting(id, "a sleep of 30 s");
    REQUIRE(j.get(id, r));
    CHECK(r.waiting_for == "a sleep of 30 s");
}
