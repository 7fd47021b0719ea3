// Deferred dry-run records (the default, ServiceOptions::defer_dry_run_records):
// each guarantee the write path promises for a record submit() returned
// before committing is checked here against pdsim and a real database file.
// "Another process" is a raw SQLite connection (no store::Database, so no
// flush on read): what it sees is what is committed.
#include "fixture.hpp"

#include "store/action_store.hpp"
#include "store/audit_log.hpp"

#include <sqlite3.h>

using namespace medic;
using actions::ActionStatus;

namespace {

// One integer from `sql` on a fresh read-only connection that is not a
// store::Database (as another process would read the file).
int64_t raw_int(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
    int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

int64_t committed_dry_runs(const std::string& path) {
    return raw_int(path, "SELECT count(*) FROM audit WHERE event = 'action_dry_run'");
}

std::unique_ptr<actions::ActionService> service(test::WriteFixture& f, bool defer, int defer_ms) {
    actions::ServiceOptions o;
    o.db_path = f.tmp.path;
    o.pd = f.pd;
    o.policy = test::open_policy();
    o.verify_poll_ms = 5;
    o.defer_dry_run_records = defer;
    o.dry_run_defer_ms = defer_ms;
    return std::make_unique<actions::ActionService>(o);
}

std::vector<int64_t> dry_runs(test::WriteFixture& f, actions::ActionService& svc, int n) {
    auto [r, free_store] = f.region_and_free_store();
    std::vector<int64_t> ids;
    for (int i = 0; i < n; ++i) {
        actions::ActionRequest req;
        req.kind = "transfer_leader";
        req.params = {{"region", int64_t(r.id)}, {"to_store", int64_t(test::follower_store(r))}};
        req.actor = "user:tester";
        auto out = svc.submit(req);
        REQUIRE(out.status == ActionStatus::DryRun);
        REQUIRE(out.action_id > 0);
        ids.push_back(out.action_id);
    }
    return ids;
}

constexpr int kForever = 600000;  // a defer window no test waits out: only the guarantee under test commits

}  // namespace

TEST_CASE("deferred dry-runs: the default; committed before the durable batch of a live action submitted after them",
          "[deferred]") {
    CHECK(actions::ServiceOptions{}.defer_dry_run_records);
    test::WriteFixture f;
    f.svc.reset();
    auto svc = service(f, true, kForever);
    auto ids = dry_runs(f, *svc, 5);
    CHECK(committed_dry_runs(f.tmp.path) == 0);  // still queued
    actions::ActionRequest ex;
    ex.kind = "set_schedule_limit";
    ex.params = {{"kind", std::string("merge")}, {"limit", int64_t(13)}};
    ex.actor = "user:tester";
    ex.mode = actions::Mode::Execute;
    auto out = svc->submit(ex);
    REQUIRE(out.status == ActionStatus::Succeeded);
    // Committed with (or before) the live action's durable batch, and
    // earlier in the audit chain than its PD request: the order of the calls.
    CHECK(committed_dry_runs(f.tmp.path) == 5);
    int64_t last_dry = raw_int(f.tmp.path, "SELECT max(seq) FROM audit WHERE event = 'action_dry_run'");
    int64_t request = raw_int(f.tmp.path, "SELECT min(seq) FROM audit WHERE event = 'pd_request' AND subject = 'action:" +
                                              std::to_string(out.action_id) + "'");
    CHECK(request > 0);
    CHECK(last_dry < request);
    CHECK(ids.back() < out.action_id);
}

TEST_CASE("deferred dry-runs: a reader in the same process sees them (flush on read)", "[deferred]") {
    test::WriteFixture f;
    f.svc.reset();
    auto svc = service(f, true, kForever);
    auto ids = dry_runs(f, *svc, 3);
    CHECK(committed_dry_runs(f.tmp.path) == 0);
    auto db = store::Database::open(f.tmp.path);  // `medic actions show` / the GUI in this process
    for (int64_t id : ids) {
        auto rec = store::get_action(*db, id);
        REQUIRE(rec);
        CHECK(rec->status == ActionStatus::DryRun);
        CHECK(rec->mode == "dry_run");
        CHECK_FALSE(rec->facts.empty());
        CHECK(store::list_transitions(*db, id).size() == 1);
    }
    CHECK(committed_dry_runs(f.tmp.path) == 3);
    CHECK(store::verify_audit(*db).ok);
}

TEST_CASE("deferred dry-runs: written when the service is destroyed", "[deferred]") {
    test::WriteFixture f;
    f.svc.reset();
    auto svc = service(f, true, kForever);
    dry_runs(f, *svc, 4);
    CHECK(committed_dry_runs(f.tmp.path) == 0);
    svc.reset();
    CHECK(committed_dry_runs(f.tmp.path) == 4);
}

TEST_CASE("deferred dry-runs: committed by themselves within the defer window; not deferred: before submit() returns",
          "[deferred]") {
    test::WriteFixture f;
    f.svc.reset();
    {
        auto svc = service(f, true, actions::kDefaultDryRunDeferMs);
        dry_runs(f, *svc, 2);
        // Nothing else happens in this process: only the writer's own timer
        // can commit them (bounded wait, no timing asserted).
        for (int i = 0; i < 1000 && committed_dry_runs(f.tmp.path) < 2; ++i)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        CHECK(committed_dry_runs(f.tmp.path) == 2);
    }
    auto svc = service(f, false, kForever);
    dry_runs(f, *svc, 1);
    CHECK(committed_dry_runs(f.tmp.path) == 3);
}
