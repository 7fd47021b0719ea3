// engine/model/cluster_snapshot.cpp: ClusterSnapshot accessors and Builder.
#include "model/cluster_snapshot.hpp"

#include <algorithm>

namespace medic::model {

const pd::Store* ClusterSnapshot::store(uint64_t id) const {
    auto it = std::lower_bound(stores_.begin(), stores_.end(), id,
                               [](const pd::Store& s, uint64_t v) { return s.id < v; });
    return it != stores_.end() && it->id == id ? &*it : nullptr;
}

const RegionTable* ClusterSnapshot::regions_or_empty() const {
    if (regions_) return regions_.get();
    static const std::shared_ptr<const RegionTable> empty = RegionTable::Builder().build();
    return empty.get();
}

using B = ClusterSnapshot::Builder;

B& B::taken_at_ms(int64_t ms) {
    s_->taken_at_ms_ = ms;
    return *this;
}

B& B::stores(std::vector<pd::Store> s) {
    s_->stores_ = std::move(s);
    return *this;
}

B& B::add_store(pd::Store s) {
    s_->stores_.push_back(std::move(s));
    return *this;
}

B& B::regions(std::shared_ptr<const RegionTable> t, int64_t taken_at_ms) {
    s_->regions_ = std::move(t);
    s_->regions_taken_at_ms_ = taken_at_ms;
    return *this;
}

B& B::hot(const pd::HotRegions& h) {
    // Rank by the leader-side statistics; a region appears once (its hottest entry).
    std::vector<HotRegion> out;
    auto take = [&](const std::vector<pd::HotStoreStat>& side, bool leaders_only) {
        for (const auto& st : side)
            for (const auto& p : st.statistics) {
                if (leaders_only && !p.is_leader) continue;
                out.push_back({p.region_id, p.store_id, h.kind, p.hot_degree, p.flow_bytes, p.flow_keys, p.flow_query});
            }
    };
    take(h.as_leader, false);
    if (out.empty()) take(h.as_peer, true);
    std::sort(out.begin(), out.end(), [](const HotRegion& a, const HotRegion& b) {
        return a.region_id != b.region_id ? a.region_id < b.region_id : a.flow_bytes > b.flow_bytes;
    });
    out.erase(std::unique(out.begin(), out.end(),
                          [](const HotRegion& a, const HotRegion& b) { return a.region_id == b.region_id; }),
              out.end());
    std::sort(out.begin(), out.end(), [](const HotRegion& a, const HotRegion& b) {
        return a.flow_bytes != b.flow_bytes ? a.flow_bytes > b.flow_bytes : a.region_id < b.region_id;
    });
    s_->hot_[size_t(h.kind)] = std::move(out);
    return *this;
}

B& B::hot_stores(pd::HotStores h) {
    s_->hot_stores_ = std::move(h);
    return *this;
}

B& B::schedule(pd::ScheduleConfig c) {
    s_->schedule_ = std::move(c);
    return *this;
}

B& B::replication(pd::ReplicationConfig c) {
    s_->replication_ = std::move(c);
    return *this;
}

B& B::pd_health(PdHealth h) {
    s_->pd_health_ = std::move(h);
    return *this;
}

std::shared_ptr<const ClusterSnapshot> B::build() {
    std::sort(s_->stores_.begin(), s_->stores_.end(),
              [](const pd::Store& a, const pd::Store& b) { return a.id < b.id; });
    std::shared_ptr<const ClusterSnapshot> out(s_.release());
    s_ = std::make_unique<ClusterSnapshot>();
    return out;
}

}  // namespace medic::model
