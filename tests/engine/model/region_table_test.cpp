// tests/engine/model/region_table_test.cpp: RegionTable and ClusterSnapshot:
// lookups by id and key, derived flags and per-store stats, duplicates,
// materialize round trip, memory budget.
#include <catch2/catch.hpp>

#include "model/cluster_snapshot.hpp"

using namespace medic;
using namespace medic::model;

namespace {

pd::Region region(uint64_t id, std::string start, std::string end, std::vector<uint64_t> stores, size_t leader = 0) {
    pd::Region r;
    r.id = id;
    r.start_key = std::move(start);
    r.end_key = std::move(end);
    r.conf_ver = 5;
    r.version = id;
    for (size_t i = 0; i < stores.size(); ++i) r.peers.push_back({id * 10 + i, stores[i], pd::PeerRole::Voter, false});
    if (leader < stores.size()) r.leader = r.peers[leader];
    r.approximate_size_mib = 96;
    r.approximate_keys = 1000;
    r.written_bytes = id * 100;
    return r;
}

}  // namespace

TEST_CASE("lookups by id and by key, with unbounded ends", "[model]") {
    RegionTable::Builder b;
    b.add(region(3, "m", "", {1, 2, 3}));
    b.add(region(1, "", "c", {1, 2, 3}));
    b.add(region(2, "c", "m", {1, 2, 3}, 1));
    auto t = b.build(3);
    REQUIRE(t);
    CHECK(t->size() == 3);
    CHECK(t->find(2)->start_key() == "c");
    CHECK_FALSE(t->find(99));
    CHECK(t->find_by_key("")->id() == 1);
    CHECK(t->find_by_key("b")->id() == 1);
    CHECK(t->find_by_key("c")->id() == 2);
    CHECK(t->find_by_key("lzzz")->id() == 2);
    CHECK(t->find_by_key("m")->id() == 3);
    CHECK(t->find_by_key(std::string("\xff\xff", 2))->id() == 3);
    CHECK(t->find(2)->leader_store_id() == 2);
    CHECK(t->unhealthy_rows().empty());
}

TEST_CASE("derived flags and per-store counts", "[model]") {
    RegionTable::Builder b;
    auto down = region(10, "a", "b", {1, 2, 3});
    down.down_peers.push_back({down.peers[2], 700});
    down.pending_peers.push_back(down.peers[2]);
    b.add(down);
    b.add(region(11, "b", "c", {1, 2}));            // missing a voter
    b.add(region(12, "c", "d", {1, 2, 3, 4}));      // an extra voter
    auto noleader = region(13, "d", "e", {1, 2, 3}, 99);
    b.add(noleader);
    auto learner = region(14, "e", "", {1, 2, 3, 5}, 2);
    learner.peers[3].role = pd::PeerRole::Learner;  // TiFlash learner: not extra
    b.add(learner);
    auto t = b.build(3);
    REQUIRE(t);
    CHECK(t->find(10)->flags() == (kRegionDownPeer | kRegionPendingPeer));
    CHECK(t->find(11)->flags() == kRegionMissPeer);
    CHECK(t->find(12)->flags() == kRegionExtraPeer);
    CHECK(t->find(13)->flags() == kRegionNoLeader);
    CHECK(t->find(14)->flags() == 0);
    CHECK(t->unhealthy_rows().size() == 4);
    const auto* s1 = t->stats_for(1);
    REQUIRE(s1);
    CHECK(s1->leader_count == 3);  // 10, 11, 12
    CHECK(s1->region_count == 5);
    CHECK(t->stats_for(3)->leader_count == 1);  // 14
    CHECK(t->stats_for(3)->down_peer_count == 1);
    CHECK(t->stats_for(3)->pending_peer_count == 1);
    CHECK(t->stats_for(5)->learner_count == 1);
    CHECK_FALSE(t->stats_for(42));
    CHECK(t->regions_of_store(4) == std::vector<uint64_t>{12});
    CHECK(t->regions_of_store(3, true) == std::vector<uint64_t>{14});
    auto dp = t->down_peers();
    REQUIRE(dp.size() == 1);
    CHECK(dp[0].second.down_seconds == 700);
    CHECK(dp[0].second.peer.store_id == 3);
    // materialize gives back what went in
    pd::Region back = t->find(10)->materialize();
    CHECK(back.peers == down.peers);
    CHECK(back.leader == down.leader);
    REQUIRE(back.down_peers.size() == 1);
    CHECK(back.down_peers[0].down_seconds == 700);
    CHECK(back.pending_peers == down.pending_peers);
    CHECK(back.start_key == "a");
    CHECK(back.version == 10);
    CHECK(back.written_bytes == 1000);
}

TEST_CASE("duplicate ids: the last one wins", "[model]") {
    RegionTable::Builder b;
    b.add(region(1, "", "k", {1, 2, 3}));
    b.add(region(2, "k", "", {1, 2, 3}));
    auto again = region(1, "", "k", {4, 5, 6});
    b.add(again);
    auto t = b.build(3);
    REQUIRE(t);
    CHECK(t->size() == 2);
    CHECK(t->duplicates_dropped() == 1);
    CHECK(t->find(1)->peer(0).store_id == 4);
    CHECK(t->find(2)->peer(0).store_id == 1);
    CHECK(t->find_by_key("a")->id() == 1);
}

TEST_CASE("values out of the compact range are rejected, not truncated", "[model]") {
    RegionTable::Builder b;
    auto r = region(1, "", "", {1});
    r.version = uint64_t(1) << 40;
    b.add(r);
    CHECK_FALSE(b.build());
    CHECK_THAT(b.error(), Catch::Contains("epoch"));
}

TEST_CASE("a million-region table stays within the memory budget", "[model][memory]") {
    RegionTable::Builder b;
    const size_t n = 200000;
    b.reserve(n, n * (2 * 26 + 2));
    size_t key_bytes = 0;
    std::string prev;
    for (size_t i = 0; i < n; ++i) {
        char key[32];
        std::snprintf(key, sizeof key, "7480000000000000FF%08zx", i + 1);
        std::string k(key);
        auto r = region(i + 1, prev, i + 1 == n ? "" : k, {1 + i % 5, 1 + (i + 1) % 5, 1 + (i + 2) % 5});
        key_bytes += r.start_key.size() + r.end_key.size();
        b.add(r);
        prev = k;
    }
    auto t = b.build(3);
    REQUIRE(t);
    t->key_order();  // include the lazily built permutation
    double per_region = double(t->memory_bytes() - key_bytes) / double(n);
    INFO("bytes per region excluding key bytes: " << per_region);
    CHECK(per_region <= 120);  // the budget (issue #3): measured 116.3 since the end-key column went
    CHECK(t->find_by_key("7480000000000000FF00000100")->id() == 257);  // k(256) starts region 257
}

TEST_CASE("ClusterSnapshot: stores sorted, hot ranking, shared region table", "[model]") {
    RegionTable::Builder rb;
    rb.add(region(7, "", "", {1, 2, 3}));
    auto table = rb.build(3);
    pd::HotRegions hw;
    hw.kind = pd::HotKind::Write;
    pd::HotStoreStat st;
    st.store_id = 1;
    st.statistics.push_back({1, 7, true, false, 5, 0, 100, 1, 1, {}});
    st.statistics.push_back({1, 9, true, false, 5, 0, 900, 1, 1, {}});
    st.statistics.push_back({1, 7, true, false, 5, 0, 50, 1, 1, {}});  // same region, lower: dropped
    hw.as_leader.push_back(st);
    pd::Store s2, s1;
    s2.id = 2;
    s1.id = 1;
    auto snap = ClusterSnapshot::Builder().stores({s2, s1}).regions(table, 123).hot(hw).taken_at_ms(456).build();
    CHECK(snap->stores()[0].id == 1);
    CHECK(snap->store(2)->id == 2);
    CHECK_FALSE(snap->store(3));
    CHECK(snap->region(7));
    CHECK(snap->regions_taken_at_ms() == 123);
    const auto& hot = snap->hot_regions(pd::HotKind::Write);
    REQUIRE(hot.size() == 2);
    CHECK(hot[0].region_id == 9);
    CHECK(hot[1].flow_bytes == 100);
    auto empty = ClusterSnapshot::Builder().build();
    CHECK(empty->region_count() == 0);
    CHECK_FALSE(empty->region(1));
    CHECK(empty->regions().size() == 0);
}

TEST_CASE("big columns live in 2 MiB-aligned mappings, small ones on the heap", "[model][memory]") {
    Column<uint64_t> big;
    big.reserve(kHugeMinBytes / sizeof(uint64_t) + 1);  // just past the threshold: mapped, rounded up to 2 MiB
    CHECK(reinterpret_cast<uintptr_t>(big.data()) % kHugePage == 0);
    for (uint64_t i = 0; i < big.capacity(); ++i) big.push_back(i * 7);
    CHECK(big[big.size() - 1] == (big.size() - 1) * 7);
    big.push_back(1);  // grows: a new mapping, the old one unmapped
    CHECK(reinterpret_cast<uintptr_t>(big.data()) % kHugePage == 0);
    CHECK(big[12345] == 12345 * 7);
    big.resize(10);
    big.shrink_to_fit();  // 80 bytes: back on the heap
    CHECK(big.capacity() == 10);
    CHECK(big[9] == 63);
    KeyArena keys;
    keys.reserve(kHugeMinBytes);
    keys.append(std::string_view("\x01\x02", 2));
    CHECK(reinterpret_cast<uintptr_t>(keys.data()) % kHugePage == 0);
    CHECK(keys.size() == 2);
}

TEST_CASE("freed big columns are reused by the next table, within the cache's bound", "[model][memory]") {
    huge_cache_clear();
    uint64_t maps = huge_fresh_maps();
    const size_t n = kHugeMinBytes / sizeof(uint64_t) * 2;  // 8 MiB: mapped
    const uint64_t* first = nullptr;
    {
        Column<uint64_t> a;
        a.reserve(n);
        first = a.data();
        for (size_t i = 0; i < n; ++i) a.push_back(i);
    }
    CHECK(huge_fresh_maps() == maps + 1);
    CHECK(huge_cached_bytes() == Column<uint64_t>::allocator_type::mapped(n));
    {
        Column<uint64_t> b;  // same size: the cached mapping, no new one
        b.reserve(n);
        CHECK(b.data() == first);
        CHECK(huge_fresh_maps() == maps + 1);
        CHECK(huge_cached_bytes() == 0);
        for (size_t i = 0; i < n; ++i) b.push_back(i * 3);  // left-over contents are simply overwritten
        CHECK(b[n - 1] == (n - 1) * 3);
        Column<uint64_t> c;  // nothing cached now: a fresh mapping
        c.reserve(n / 2);
        CHECK(huge_fresh_maps() == maps + 2);
    }
    // A request takes the smallest cached mapping that fits, and gives back
    // the tail it does not need.
    using A = Column<uint64_t>::allocator_type;
    CHECK(huge_cached_bytes() == A::mapped(n) + A::mapped(n / 2));
    {
        Column<uint64_t> d;
        d.reserve(n / 2);  // the 4 MiB one
        CHECK(huge_fresh_maps() == maps + 2);
        CHECK(huge_cached_bytes() == A::mapped(n));
        Column<uint64_t> e;
        e.reserve(n * 3 / 4);  // 6 MiB out of the 8 MiB one
        CHECK(huge_fresh_maps() == maps + 2);
        CHECK(huge_cached_bytes() == 0);
        for (size_t i = 0; i < n * 3 / 4; ++i) e.push_back(i);
        CHECK(e[n * 3 / 4 - 1] == n * 3 / 4 - 1);
    }
    CHECK(huge_cached_bytes() == A::mapped(n / 2) + A::mapped(n * 3 / 4));
    // Never more than kHugeCacheBytes held: a mapping that would exceed it pushes the oldest out.
    {
        std::vector<Column<char>> big(3);
        for (auto& col : big) col.reserve(kHugeCacheBytes / 2);  // address space only: nothing touched
    }
    CHECK(huge_cached_bytes() <= kHugeCacheBytes);
    huge_cache_clear();
    CHECK(huge_cached_bytes() == 0);
}
