// tests/engine/store/incident_store_test.cpp: IncidentStore semantics and two
// real processes (fork) opening/closing incidents in one database file.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <set>

#include "store/incident_store.hpp"
#include "temp_dir.hpp"

using namespace medic::store;
using medic::test::TempDir;

namespace {
Finding finding(const std::string& key, const std::string& evidence = "{}") {
    Finding f;
    f.dedup_key = key;
    f.kind = key.substr(0, key.find(':'));
    f.subject = "store:" + key.substr(key.find(':') + 1);
    f.severity = Severity::Critical;
    f.summary = key + " observed";
    f.evidence = evidence;
    return f;
}
}  // namespace

TEST_CASE("an incident opens once per key, updates, closes, and can reopen", "[store][incidents]") {
    TempDir dir;
    auto db = Database::open(dir.file("m.db"));
    IncidentStore s(*db);
    auto a = s.open_or_update(finding("store_down:4", R"({"n":1})"), 1000);
    CHECK(a.opened);
    CHECK(a.incident.open);
    CHECK(a.incident.opened_at_ms == 1000);
    auto b = s.open_or_update(finding("store_down:4", R"({"n":2})"), 2000);
    CHECK_FALSE(b.opened);
    CHECK(b.incident.id == a.incident.id);
    CHECK(b.incident.evidence == R"({"n":2})");
    CHECK(b.incident.observations == 2);
    CHECK(b.incident.opened_at_ms == 1000);
    CHECK(s.list_open().size() == 1);
    auto c = s.close("store_down:4", "condition cleared", 3000);
    REQUIRE(c);
    CHECK_FALSE(c->open);
    CHECK(c->closed_at_ms == 3000);
    CHECK_FALSE(s.close("store_down:4", "again", 3500));
    CHECK(s.list_open().empty());
    auto d = s.open_or_update(finding("store_down:4"), 4000);
    CHECK(d.opened);
    CHECK(d.incident.id != a.incident.id);
    CHECK(s.list(true).size() == 2);
    auto got = s.get(a.incident.id);
    REQUIRE(got);
    CHECK(got->close_reason == "condition cleared");
    CHECK(got->severity == Severity::Critical);
    CHECK_FALSE(s.get(9999));
}

TEST_CASE("the database refuses a second open incident for one key", "[store][incidents]") {
    TempDir dir;
    auto db = Database::open(dir.file("m.db"));
    IncidentStore s(*db);
    s.open_or_update(finding("store_down:1"), 1);
    CHECK_THROWS_WITH(db->exec("INSERT INTO incidents(dedup_key, kind, subject, severity, status, summary, evidence, "
                               "opened_at_ms, updated_at_ms) VALUES ('store_down:1','store_down','s','info','open','x','{}',1,1)"),
                      Catch::Contains("UNIQUE"));
}

TEST_CASE("two processes write incidents into one database", "[store][incidents][multiprocess]") {
    TempDir dir;
    std::string path = dir.file("shared.db");
    Database::open(path);  // create the schema once; children race on everything else
    constexpr int kRounds = 60;
    std::vector<pid_t> kids;
    for (int p = 0; p < 2; ++p) {
        pid_t pid = fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            int code = 0;
            try {
                auto db = Database::open(path);
                IncidentStore s(*db);
                for (int i = 0; i < kRounds; ++i) {
                    // A key both processes fight over, and one of their own.
                    s.open_or_update(finding("store_down:1"), 1000 + i);
                    s.open_or_update(finding("store_down:" + std::to_string(100 + p)), 1000 + i);
                    if (i % 10 == 9) s.close("store_down:1", "cleared", 1000 + i);
                }
            } catch (const std::exception& e) {
                fprintf(stderr, "child %d: %s\n", p, e.what());
                code = 1;
            }
            _exit(code);
        }
        kids.push_back(pid);
    }
    for (pid_t pid : kids) {
        int status = 0;
        REQUIRE(waitpid(pid, &status, 0) == pid);
        CHECK(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 0);
    }
    auto db = Database::open(path);
    IncidentStore s(*db);
    auto open = s.list_open();
    std::set<std::string> keys;
    for (const auto& i : open) CHECK(keys.insert(i.dedup_key).second);  // never two open per key
    CHECK(keys.count("store_down:100") == 1);
    CHECK(keys.count("store_down:101") == 1);
    auto own = s.find_open("store_down:100");
    REQUIRE(own);
    CHECK(own->observations == kRounds);
    // Every observation of the shared key landed in some incident row.
    auto& q = db->prepare("SELECT sum(observations) FROM incidents WHERE dedup_key = 'store_down:1'");
    REQUIRE(q.step());
    CHECK(q.column_int(0) == 2 * kRounds);
    q.reset();
}
