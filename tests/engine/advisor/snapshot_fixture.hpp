// tests/engine/advisor/snapshot_fixture.hpp: hand-built ClusterSnapshots for
// advisor tests, shaped like the llm-api golden path: stores 1..N, region 12
// with peers on stores 1, 3, 4 (leader 1) and hot for writes, plus filler
// regions so every store holds peers.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "model/cluster_snapshot.hpp"

namespace medic::test {

struct SnapOptions {
    int stores = 4;
    uint64_t max_replicas = 3;
    std::vector<std::pair<uint64_t, pd::StoreStateName>> states;  ///< overrides
    std::vector<std::pair<uint64_t, std::pair<std::string, std::string>>> labels;  ///< store -> label
    std::string region12_start = std::string("t\x80\x00\x00\x00\x00\x00\x00\x2f", 9);
    double hot_bytes = 50331648;  ///< region 12 write flow
    uint64_t disk_full_store = 0;  ///< this store gets 3% free
    bool region_20_missing_peer = false;
    bool skew_regions = false;  ///< regions 16, 17 on stores 1-3: store 4 holds fewer

    std::vector<std::pair<uint64_t, uint64_t>> leader_counts;  ///< store -> PD leader_count
};

inline pd::Region make_region(uint64_t id, std::vector<uint64_t> stores, uint64_t leader, std::string start,
                              std::string end) {
    pd::Region r;
    r.id = id;
    r.start_key = std::move(start);
    r.end_key = std::move(end);
    r.conf_ver = 5;
    r.version = 7;
    for (uint64_t s : stores) {
        pd::Peer p{id * 100 + s, s, pd::PeerRole::Voter, false};
        r.peers.push_back(p);
        if (s == leader) r.leader = p;
    }
    r.approximate_size_mib = 96;
    return r;
}

inline model::SnapshotPtr make_snapshot(const SnapOptions& o = {}) {
    model::ClusterSnapshot::Builder b;
    b.taken_at_ms(1755770000000);
    for (int i = 1; i <= o.stores; ++i) {
        pd::Store s;
        s.id = uint64_t(i);
        s.address = "tikv-" + std::to_string(i) + ":20160";
        s.status_address = "tikv-" + std::to_string(i) + ":20180";
        s.capacity_bytes = 100ull << 30;
        s.available_bytes = (60ull << 30);
        if (o.disk_full_store == s.id) s.available_bytes = 3ull << 30;
        s.leader_count = i == 1 ? 412 : 120;
        s.region_count = 1200;
        for (auto [id, lc] : o.leader_counts)
            if (id == s.id) s.leader_count = lc;
        for (auto [id, st] : o.states)
            if (id == s.id) s.state_name = st;
        for (const auto& [id, kv] : o.labels)
            if (id == s.id) s.labels.push_back({kv.first, kv.second});
        b.add_store(std::move(s));
    }
    model::RegionTable::Builder rb;
    rb.add(make_region(12, {1, 3, 4}, 1, o.region12_start, "t\x80\x00\x00\x00\x00\x00\x00\x30"));
    rb.add(make_region(13, {1, 2, 3}, 2, "a", "b"));
    rb.add(make_region(14, {2, 3, 4}, 3, "b", "c"));
    rb.add(make_region(15, {1, 2, 4}, 4, "c", "d"));
    if (o.region_20_missing_peer) rb.add(make_region(20, {1, 2}, 1, "d", "e"));
    if (o.skew_regions) {
        rb.add(make_region(16, {1, 2, 3}, 2, "e", "f"));
        rb.add(make_region(17, {1, 2, 3}, 2, "f", "g"));
    }
    b.regions(rb.build(o.max_replicas), 1755769990000);
    pd::ReplicationConfig rc;
    rc.max_replicas = o.max_replicas;
    b.replication(rc);
    pd::HotRegions hot;
    hot.kind = pd::HotKind::Write;
    pd::HotStoreStat st;
    st.store_id = 1;
    pd::HotPeerStat peer;
    peer.store_id = 1;
    peer.region_id = 12;
    peer.is_leader = true;
    peer.hot_degree = 12;
    peer.flow_bytes = o.hot_bytes;
    st.statistics.push_back(peer);
    hot.as_leader.push_back(st);
    b.hot(hot);
    model::PdHealth h;
    h.leader_name = "pd-1";
    h.members.push_back({"pd-1", 1, {"http://127.0.0.1:2379"}, {}, true});
    b.pd_health(h);
    return b.build();
}

}  // namespace medic::test
