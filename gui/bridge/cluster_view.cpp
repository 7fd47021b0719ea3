// gui/bridge/cluster_view.cpp: engine snapshot -> UiSnapshot cluster part.
#include "cluster_view.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>

#include "gui/heat_grid_builder.hpp"

namespace medic::gui::bridge {
namespace {

// PD reports a region's written/read bytes over its last heartbeat interval
// (60 s by default), so a rate is bytes / 60.
constexpr float kRegionHeartbeatS = 60.0f;

StoreState ui_state(pd::StoreStateName s) {
    switch (s) {
        case pd::StoreStateName::Up: return StoreState::Up;
        case pd::StoreStateName::Disconnected: return StoreState::Disconnected;
        case pd::StoreStateName::Down: return StoreState::Down;
        case pd::StoreStateName::Offline: return StoreState::Offline;
        case pd::StoreStateName::Tombstone: return StoreState::Tombstone;
        default: return StoreState::Unknown;
    }
}

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

template <class T>
void push_capped(std::deque<T>& d, T v, std::size_t cap) {
    d.push_back(v);
    while (d.size() > cap) d.pop_front();
}

}  // namespace

std::string clock_utc(std::int64_t ms) {
    std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%H:%M:%S", &tm);
    return buf;
}

std::string hex_key(std::string_view raw, std::size_t max_bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < raw.size() && i < max_bytes; ++i) {
        auto c = static_cast<unsigned char>(raw[i]);
        out += kHex[c >> 4];
        out += kHex[c & 15];
    }
    return out;
}

ClusterView::ClusterView(std::size_t history, int heat_buckets) : history_(history), buckets_(heat_buckets) {}

StoreRow ClusterView::store_row(const pd::Store& s, std::int64_t now) {
    StoreRow r;
    r.id = s.id;
    r.address = s.address;
    r.state = ui_state(s.state_name);
    r.state_name = pd::wire_name(s.state_name);
    r.leaders = static_cast<std::uint32_t>(s.leader_count);
    r.regions = static_cast<std::uint32_t>(s.region_count);
    r.capacity_bytes = s.capacity_bytes;
    r.available_bytes = s.available_bytes;
    // A heartbeat stamped ahead of this machine's clock (clock skew between
    // PD and medic, or pdsim's faster clock) is fresh, not "never".
    r.heartbeat_age_s = s.last_heartbeat_ns > 0
                            ? std::max(0.0, static_cast<double>(now - s.last_heartbeat_ns / 1000000) / 1000.0)
                            : -1;
    for (const auto& l : s.labels) r.labels += (r.labels.empty() ? "" : ", ") + l.key + "=" + l.value;
    auto& h = leader_history_[s.id];
    push_capped(h, static_cast<float>(s.leader_count), history_);
    r.leader_history.assign(h.begin(), h.end());
    return r;
}

void ClusterView::update_heat(const model::ClusterSnapshot& snap) {
    const model::RegionTable& t = snap.regions();
    if (&t == heat_table_ && !heat_.store_ids.empty()) return;  // same scan: keep the grid
    std::vector<std::uint64_t> ids;
    for (const auto& s : snap.stores()) ids.push_back(s.id);
    HeatGridBuilder b(ids, t.size(), buckets_);
    const auto& order = t.key_order();
    health_ = RegionHealth{};
    health_.total = t.size();
    double write = 0, read = 0;
    std::size_t n = order.size(), nb = static_cast<std::size_t>(buckets_);
    std::vector<std::uint64_t> peers;
    for (std::size_t rank = 0; rank < n; ++rank) {
        model::RegionRef r = t.at(order[rank]);
        peers.clear();
        for (std::size_t i = 0; i < r.peer_count(); ++i) peers.push_back(r.peer(i).store_id);
        std::uint8_t f = r.flags();
        health_.down_peer += (f & model::kRegionDownPeer) != 0;
        health_.pending_peer += (f & model::kRegionPendingPeer) != 0;
        health_.miss_peer += (f & model::kRegionMissPeer) != 0;
        health_.extra_peer += (f & model::kRegionExtraPeer) != 0;
        health_.no_leader += (f & model::kRegionNoLeader) != 0;
        float w = static_cast<float>(r.written_bytes()) / kRegionHeartbeatS;
        float rd = static_cast<float>(r.read_bytes()) / kRegionHeartbeatS;
        write += w;
        read += rd;
        bool first = rank == 0 || rank * nb / n != (rank - 1) * nb / n;
        b.add(rank, first ? hex_key(r.start_key()) : std::string(), r.leader_store_id(), peers, w, rd,
              (f & model::kRegionUnhealthyMask) != 0);
    }
    std::string end = n ? hex_key(t.at(order[n - 1]).end_key()) : std::string();
    heat_ = std::move(b).finish(end);
    heat_table_ = &t;
    heat_table_hold_ = snap.region_table();  // keeps the pointer comparison valid
    write_now_ = static_cast<float>(write);
    read_now_ = static_cast<float>(read);
}

ClusterPart ClusterView::update(const model::ClusterSnapshot& snap, double sample_interval_s) {
    ClusterPart part;
    std::int64_t now = now_ms();
    for (const auto& s : snap.stores()) part.stores.push_back(store_row(s, now));
    update_heat(snap);
    part.heat = heat_;
    part.health = health_;
    push_capped(write_hist_, write_now_, history_);
    push_capped(read_hist_, read_now_, history_);
    part.trends.sample_interval_s = sample_interval_s;
    part.trends.write_bytes_s.assign(write_hist_.begin(), write_hist_.end());
    part.trends.read_bytes_s.assign(read_hist_.begin(), read_hist_.end());
    part.taken_at = clock_utc(snap.taken_at_ms() ? snap.taken_at_ms() : now);
    return part;
}

}  // namespace medic::gui::bridge
