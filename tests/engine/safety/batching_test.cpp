// Write batching without a PD: DbWriter's Sync levels (a Soon job is
// committed and visible at once without an fsync, a Now job is fsynced, the
// chain head is kept per batch) and ReadCoalescer (a caller never gets a read
// that began before it asked; concurrent callers share reads).
#include "actions/read_coalescer.hpp"
#include "store/db_writer.hpp"
#include "store/settings_store.hpp"
#include "test_db.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <future>
#include <thread>
#include <vector>

using namespace medic;

namespace {

constexpr int kNoIdleSync = 3600 * 1000;  // only Now jobs fsync

int64_t rows(const std::string& path) {
    auto db = store::Database::open(path);
    return int64_t(store::read_audit(*db).size());
}

}  // namespace

TEST_CASE("store/writer: Soon jobs commit without an fsync, Now jobs fsync, the chain stays whole", "[writer]") {
    test::TempDb tmp;
    store::DbWriter w(tmp.path, true, kNoIdleSync);
    uint64_t base = w.syncs();
    for (int i = 0; i < 20; ++i) w.append({0, "engine", "soon", "t:" + std::to_string(i), "{}"}, store::Sync::Soon);
    CHECK(w.syncs() == base);       // no fsync for Soon rows
    CHECK(rows(tmp.path) == 20);    // but committed: another connection sees them
    w.append({0, "engine", "now", "t:now", "{}"}, store::Sync::Now);
    CHECK(w.syncs() == base + 1);   // one fsync, which also covers the 20 before it
    std::vector<std::thread> ts;
    for (int t = 0; t < 8; ++t)
        ts.emplace_back([&, t] {
            for (int i = 0; i < 25; ++i)
                w.append({0, "engine", "mixed", "t:" + std::to_string(t), "{}"}, i % 5 ? store::Sync::Soon : store::Sync::Now);
        });
    for (auto& t : ts) t.join();
    CHECK(w.syncs() <= base + 1 + 40);  // at most one per Now job; batches share them
    auto db = store::Database::open(tmp.path);
    auto v = store::verify_audit(*db);
    INFO(v.problem);
    CHECK(v.ok);  // includes the recorded head, written once per batch
    CHECK(v.rows == 221);
}

TEST_CASE("store/writer: a non-durable writer never fsyncs; an idle writer fsyncs Soon rows", "[writer]") {
    test::TempDb tmp;
    {
        store::DbWriter relaxed(tmp.path, false);
        relaxed.append({0, "engine", "x", "t", "{}"}, store::Sync::Now);
        CHECK(relaxed.syncs() == 0);
    }
    store::DbWriter w(tmp.path, true, 10);
    uint64_t base = w.syncs();
    w.append({0, "engine", "soon", "t", "{}"}, store::Sync::Soon);
    for (int i = 0; i < 1000 && w.syncs() == base; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    CHECK(w.syncs() == base + 1);  // the idle sync made it durable
}

TEST_CASE("store/writer: under commits that never pause, the WAL starts over instead of growing", "[writer]") {
    // A checkpoint beside the commits never copies the frames they add
    // meanwhile, and SQLite restarts the WAL only after a complete copy:
    // without the writer's second, exclusive pass the WAL grew by every
    // frame written (the write-path bench reached 200 MB).
    test::TempDb tmp;
    store::DbWriter w(tmp.path, true, kNoIdleSync);
    const std::string detail = "{\"pad\":\"" + std::string(3000, 'x') + "\"}";  // about one page per row
    const uint64_t frames0 = w.frames();
    constexpr uint64_t kWritten = 40 * store::DbWriter::kCheckpointFrames;
    std::atomic<bool> done{false};
    std::vector<std::thread> ts;
    for (int t = 0; t < 3; ++t)
        ts.emplace_back([&] {
            while (!done) {
                w.append({0, "engine", "load", "t", detail}, store::Sync::Soon);
                if (w.frames() - frames0 >= kWritten) done = true;
            }
        });
    for (auto& t : ts) t.join();
    auto wal_bytes = std::filesystem::file_size(tmp.path + "-wal");
    INFO("WAL file " << wal_bytes << " bytes after " << (w.frames() - frames0) << " frames written");
    // Without restarts it holds every frame written; with them, a few
    // checkpoint intervals' worth at most (the frames committed while a
    // checkpoint copies: more when the machine is busy).
    CHECK(wal_bytes < kWritten * (4096 + 24) * 4 / 10);
}

TEST_CASE("store/settings: pd.max_inflight is validated", "[writer]") {
    test::TempDb tmp;
    store::DbWriter w(tmp.path);
    auto db = store::Database::open(tmp.path);
    CHECK(store::pd_max_inflight(*db, 16) == 16);
    w.run([](store::Database& d, store::AuditAppender&) { store::set_setting(d, "pd.max_inflight", "4", "user:t"); });
    CHECK(store::pd_max_inflight(*db, 16) == 4);
    for (const char* bad : {"0", "2000", "2.5", "lots"}) {
        w.run([&](store::Database& d, store::AuditAppender&) { store::set_setting(d, "pd.max_inflight", bad, "user:t"); });
        CHECK_THROWS_WITH(store::pd_max_inflight(*db, 16), Catch::Contains("pd.max_inflight"));
    }
}

TEST_CASE("actions/read coalescer: never a read begun before the call; concurrent calls share", "[coalesce]") {
    actions::ReadCoalescer co;
    std::atomic<int> begun{0};
    std::promise<void> gate1;
    auto gate1_f = gate1.get_future().share();
    std::function<int()> first = [&] {
        int gen = ++begun;
        gate1_f.wait();  // the first read is held in flight
        return gen;
    };
    auto a = std::async(std::launch::async, [&] { return co.get<int>("k", first); });
    while (begun.load() == 0) std::this_thread::yield();
    // B asks while read 1 is in flight: it must not get read 1's answer.
    std::function<int()> later = [&] { return ++begun; };
    auto b = std::async(std::launch::async, [&] { return co.get<int>("k", later); });
    gate1.set_value();
    CHECK(a.get() == 1);
    CHECK(b.get() >= 2);
    // Another key is independent.
    CHECK(co.get<int>("other", later) >= 3);

    // Many threads on one key: every answer is fresh and fewer reads are sent.
    std::atomic<int> sent{0};
    std::function<int()> slow = [&] {
        int gen = ++sent;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        return gen;
    };
    uint64_t before = co.fetches();
    std::vector<std::thread> ts;
    std::atomic<int> stale{0};
    for (int t = 0; t < 8; ++t)
        ts.emplace_back([&] {
            for (int i = 0; i < 50; ++i) {
                int asked_after = sent.load();
                if (co.get<int>("shared", slow) <= asked_after) ++stale;
            }
        });
    for (auto& t : ts) t.join();
    CHECK(stale == 0);
    CHECK(co.fetches() - before == uint64_t(sent.load()));
    CHECK(sent.load() < 400);
}

TEST_CASE("actions/read coalescer: a failed read is not shared as a result", "[coalesce]") {
    actions::ReadCoalescer co;
    std::function<int()> boom = [] () -> int { throw std::runtime_error("pd down"); };
    CHECK_THROWS_WITH(co.get<int>("k", boom), "pd down");
    std::function<int()> ok = [] { return 7; };
    CHECK(co.get<int>("k", ok) == 7);
}
