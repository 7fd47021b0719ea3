// engine/model/region_table.cpp: RegionTable storage, its Builder and the
// derived views (flags, per-store stats, id index, key order).
// [SECTION] index: builder, index + derive, lookups, RegionRef
#include "model/region_table.hpp"

#include <algorithm>
#include <cstring>
#include <limits>

namespace medic::model {

namespace {

constexpr uint8_t kNoLeader = 0xFF;
constexpr uint8_t kWitnessBit = 0x80;

inline uint64_t mix(uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return x;
}

__extension__ typedef unsigned __int128 Uint128;

// Map a hash onto [0, n) without a modulo (Lemire's fastrange).
inline size_t fast_range(uint64_t h, size_t n) {
    return size_t((static_cast<Uint128>(h) * n) >> 64);
}

template <class Vec>
void compact(Vec& v, const std::vector<uint32_t>& keep) {
    for (size_t i = 0; i < keep.size(); ++i) v[i] = v[keep[i]];
    v.resize(keep.size());
    v.shrink_to_fit();
}

uint32_t clamp_u32(int64_t v) {
    if (v <= 0) return 0;
    return v > int64_t(UINT32_MAX) ? UINT32_MAX : uint32_t(v);
}

}  // namespace

// =============================================================== [SECTION] builder

RegionTable::Builder::Builder() : t_(std::make_unique<RegionTable>()) { t_->peer_off_.push_back(0); }

void RegionTable::Builder::reserve(size_t n, size_t key_bytes) {
    auto& t = *t_;
    t.id_.reserve(n);
    t.start_off_.reserve(n);
    t.conf_ver_.reserve(n);
    t.version_.reserve(n);
    t.peer_off_.reserve(n + 1);
    t.leader_idx_.reserve(n);
    t.flags_.reserve(n);
    for (auto* v : {&t.written_bytes_, &t.read_bytes_, &t.written_keys_, &t.read_keys_}) v->reserve(n);
    t.approx_size_mib_.reserve(n);
    t.approx_keys_.reserve(n);
    t.peer_id_.reserve(n * 3);
    t.peer_store_.reserve(n * 3);
    t.peer_role_.reserve(n * 3);
    if (key_bytes) t.keys_.reserve(key_bytes);
}

void RegionTable::Builder::reserve_for_count(uint64_t pd_count) {
    // A hostile or wrong count must not reserve gigabytes: past the cap the
    // columns simply grow. 64 key bytes per region (start + end, both
    // raw) covers TiDB row/index keys; build() trims what is unused.
    constexpr uint64_t kMaxReserve = uint64_t(8) << 20;
    size_t n = size_t(std::min(pd_count, kMaxReserve));
    reserve(n, n * 64);
}

uint32_t RegionTable::Builder::intern_store(uint64_t store_id) {
    auto& ids = t_->store_ids_;
    if (store_slot_.size() < 2 * (ids.size() + 1)) {  // grow and rehash
        store_slot_.assign(std::max<size_t>(64, store_slot_.size() * 2), 0);
        for (uint32_t i = 0; i < ids.size(); ++i) {
            size_t s = mix(ids[i]) & (store_slot_.size() - 1);
            while (store_slot_[s]) s = (s + 1) & (store_slot_.size() - 1);
            store_slot_[s] = i + 1;
        }
    }
    size_t mask = store_slot_.size() - 1;
    size_t s = mix(store_id) & mask;
    while (uint32_t v = store_slot_[s]) {
        if (ids[v - 1] == store_id) return v - 1;
        s = (s + 1) & mask;
    }
    ids.push_back(store_id);
    store_slot_[s] = uint32_t(ids.size());
    return uint32_t(ids.size() - 1);
}

uint32_t RegionTable::Builder::append_key(std::string_view raw) {
    auto& k = t_->keys_;
    uint32_t off = uint32_t(k.size());
    size_t n = raw.size();
    do {  // LEB128 length prefix: 1 byte for keys under 128 bytes
        k.push_back(char((n & 0x7F) | (n >= 0x80 ? 0x80 : 0)));
        n >>= 7;
    } while (n);
    k.append(raw);
    return off;
}

// flatten: GCC kept the columns' push_back out of line (a call per column
// per region; ~7% of a streamed ingest under perf).
[[gnu::flatten]] void RegionTable::Builder::add(const pd::Region& r) {
    if (!error_.empty()) return;
    auto& t = *t_;
    if (t.keys_.size() + r.start_key.size() + r.end_key.size() + 10 > UINT32_MAX) {
        error_ = "region table: key arena exceeds 4 GiB";
        return;
    }
    if (r.conf_ver > UINT32_MAX || r.version > UINT32_MAX) {
        error_ = "region " + std::to_string(r.id) + ": epoch conf_ver/version above 2^32-1 is not supported";
        return;
    }
    if (r.peers.size() >= kNoLeader) {
        error_ = "region " + std::to_string(r.id) + ": " + std::to_string(r.peers.size()) + " peers (max 254)";
        return;
    }
    t.id_.push_back(r.id);
    t.start_off_.push_back(append_key(r.start_key));
    append_key(r.end_key);  // right after the start key: found from it, no offset column
    t.conf_ver_.push_back(uint32_t(r.conf_ver));
    t.version_.push_back(uint32_t(r.version));
    add_common(r);
}

[[gnu::flatten]] void RegionTable::Builder::add_common(const pd::Region& r) {
    auto& t = *t_;
    uint32_t row = uint32_t(t.id_.size() - 1);
    uint8_t leader = kNoLeader, flags = 0;
    auto peer_index = [&](uint64_t peer_id) -> int {
        for (size_t i = 0; i < r.peers.size(); ++i)
            if (r.peers[i].id == peer_id) return int(i);
        return -1;
    };
    for (size_t i = 0; i < r.peers.size(); ++i) {
        const auto& p = r.peers[i];
        t.peer_id_.push_back(p.id);
        t.peer_store_.push_back(intern_store(p.store_id));
        t.peer_role_.push_back(uint8_t(uint8_t(p.role) | (p.is_witness ? kWitnessBit : 0)));
        if (r.leader.id != 0 && p.id == r.leader.id) leader = uint8_t(i);
    }
    t.peer_off_.push_back(uint32_t(t.peer_id_.size()));
    for (const auto& d : r.down_peers) {
        int i = peer_index(d.peer.id);
        if (i < 0) continue;  // PD lists only members; ignore an inconsistent entry
        t.issues_.push_back({row, uint8_t(i), 0, d.down_seconds});
        flags |= kRegionDownPeer;
    }
    for (const auto& p : r.pending_peers) {
        int i = peer_index(p.id);
        if (i < 0) continue;
        t.issues_.push_back({row, uint8_t(i), 1, 0});
        flags |= kRegionPendingPeer;
    }
    t.leader_idx_.push_back(leader);
    t.flags_.push_back(flags);
    t.written_bytes_.push_back(r.written_bytes);
    t.read_bytes_.push_back(r.read_bytes);
    t.written_keys_.push_back(r.written_keys);
    t.read_keys_.push_back(r.read_keys);
    t.approx_size_mib_.push_back(clamp_u32(r.approximate_size_mib));
    t.approx_keys_.push_back(clamp_u32(r.approximate_keys));
}

std::shared_ptr<const RegionTable> RegionTable::Builder::build(uint64_t max_replicas) {
    if (!error_.empty()) return nullptr;
    t_->build_index();
    t_->derive(max_replicas);
    // Drop growth and reserve slack (a reserve sized from the body is rough,
    // doubling leaves up to 50%): the table lives for a whole scan interval,
    // the copy costs a few ms per million rows, one column at a time.
    RegionTable& t = *t_;
    auto fit = [](auto&... v) { (v.shrink_to_fit(), ...); };
    fit(t.id_, t.start_off_, t.conf_ver_, t.version_, t.peer_off_, t.leader_idx_, t.flags_,
        t.written_bytes_, t.read_bytes_, t.written_keys_, t.read_keys_, t.approx_size_mib_, t.approx_keys_, t.keys_,
        t.peer_id_, t.peer_store_, t.peer_role_, t.store_ids_, t.issues_, t.unhealthy_, t.store_stats_);
    std::shared_ptr<const RegionTable> out(t_.release());
    t_ = std::make_unique<RegionTable>();
    t_->peer_off_.push_back(0);
    store_slot_.clear();
    return out;
}

// ====================================================== [SECTION] index + derive

void RegionTable::build_index() {
    for (int pass = 0; pass < 2; ++pass) {
        size_t n = id_.size();
        index_.assign(n + n / 3 + 1, 0);
        std::vector<uint8_t> dead;
        for (uint32_t row = 0; row < n; ++row) {
            size_t s = fast_range(mix(id_[row]), index_.size());
            while (uint32_t v = index_[s]) {
                if (id_[v - 1] == id_[row]) break;
                if (++s == index_.size()) s = 0;
            }
            if (index_[s]) {  // duplicate id: the later row wins
                if (dead.empty()) dead.assign(n, 0);
                dead[index_[s] - 1] = 1;
            }
            index_[s] = row + 1;
        }
        if (dead.empty()) return;
        // Rare (PD never repeats an id within one dump): rebuild without the shadowed rows.
        std::vector<uint32_t> keep, new_row(n, UINT32_MAX);
        for (uint32_t r = 0; r < n; ++r)
            if (!dead[r]) new_row[r] = uint32_t(keep.size()), keep.push_back(r);
        duplicates_dropped_ += n - keep.size();
        Column<uint32_t> po;  // peer ranges move with their rows
        Column<uint64_t> pid;
        Column<uint32_t> pst;
        Column<uint8_t> prl;
        po.push_back(0);
        for (uint32_t r : keep) {
            for (uint32_t p = peer_off_[r]; p < peer_off_[r + 1]; ++p)
                pid.push_back(peer_id_[p]), pst.push_back(peer_store_[p]), prl.push_back(peer_role_[p]);
            po.push_back(uint32_t(pid.size()));
        }
        peer_off_.swap(po), peer_id_.swap(pid), peer_store_.swap(pst), peer_role_.swap(prl);
        std::vector<Issue> iss;
        for (auto is : issues_)
            if (new_row[is.row] != UINT32_MAX) is.row = new_row[is.row], iss.push_back(is);
        issues_.swap(iss);
        compact(id_, keep), compact(start_off_, keep);
        compact(conf_ver_, keep), compact(version_, keep), compact(leader_idx_, keep), compact(flags_, keep);
        compact(written_bytes_, keep), compact(read_bytes_, keep), compact(written_keys_, keep);
        compact(read_keys_, keep), compact(approx_size_mib_, keep), compact(approx_keys_, keep);
    }
}

void RegionTable::derive(uint64_t max_replicas) {
    max_replicas_ = max_replicas;
    std::vector<StoreRegionStats> per(store_ids_.size());
    for (size_t i = 0; i < store_ids_.size(); ++i) per[i].store_id = store_ids_[i];
    for (uint32_t row = 0; row < id_.size(); ++row) {
        uint32_t voters = 0;
        for (uint32_t p = peer_off_[row]; p < peer_off_[row + 1]; ++p) {
            auto role = pd::PeerRole(peer_role_[p] & ~kWitnessBit);
            auto& s = per[peer_store_[p]];
            ++s.region_count;
            s.region_size_mib += approx_size_mib_[row];
            if (role == pd::PeerRole::Learner) ++s.learner_count;
            else ++voters;  // joint-consensus Incoming/Demoting voters still vote
        }
        uint8_t& f = flags_[row];
        if (max_replicas && voters < max_replicas) f |= kRegionMissPeer;
        if (max_replicas && voters > max_replicas) f |= kRegionExtraPeer;
        if (leader_idx_[row] == kNoLeader) {
            f |= kRegionNoLeader;
        } else {
            auto& s = per[peer_store_[peer_off_[row] + leader_idx_[row]]];
            ++s.leader_count;
            s.leader_size_mib += approx_size_mib_[row];
        }
        if (f & kRegionUnhealthyMask) unhealthy_.push_back(row);
    }
    for (const auto& is : issues_) {
        auto& s = per[peer_store_[peer_off_[is.row] + is.peer_idx]];
        if (is.pending) ++s.pending_peer_count;
        else ++s.down_peer_count;
    }
    std::sort(per.begin(), per.end(), [](auto& a, auto& b) { return a.store_id < b.store_id; });
    store_stats_ = std::move(per);
}

// ============================================================ [SECTION] lookups

std::string_view RegionTable::key_at(uint32_t off) const {
    size_t n = 0;
    int shift = 0;
    const auto* p = reinterpret_cast<const unsigned char*>(keys_.data() + off);
    while (true) {
        n |= size_t(*p & 0x7F) << shift;
        if (!(*p++ & 0x80)) break;
        shift += 7;
    }
    return {reinterpret_cast<const char*>(p), n};
}

std::string_view RegionTable::end_key_at(uint32_t start_off) const {
    std::string_view start = key_at(start_off);
    return key_at(uint32_t(start.data() + start.size() - keys_.data()));
}

std::optional<RegionRef> RegionTable::find(uint64_t region_id) const {
    if (index_.empty()) return std::nullopt;
    size_t s = fast_range(mix(region_id), index_.size());
    while (uint32_t v = index_[s]) {
        if (id_[v - 1] == region_id) return RegionRef(this, v - 1);
        if (++s == index_.size()) s = 0;
    }
    return std::nullopt;
}

const std::vector<uint32_t>& RegionTable::key_order() const {
    std::call_once(key_order_once_, [this] {
        std::vector<uint32_t> order(id_.size());
        for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
        std::sort(order.begin(), order.end(),
                  [this](uint32_t a, uint32_t b) { return key_at(start_off_[a]) < key_at(start_off_[b]); });
        key_order_ = std::move(order);
    });
    return key_order_;
}

std::optional<RegionRef> RegionTable::find_by_key(std::string_view key) const {
    const auto& order = key_order();
    // Last region whose start key <= key.
    auto it = std::upper_bound(order.begin(), order.end(), key,
                               [this](std::string_view k, uint32_t row) { return k < key_at(start_off_[row]); });
    if (it == order.begin()) return std::nullopt;
    uint32_t row = *(it - 1);
    std::string_view end = end_key_at(start_off_[row]);
    if (!end.empty() && !(key < end)) return std::nullopt;  // a hole in the key space
    return RegionRef(this, row);
}

const StoreRegionStats* RegionTable::stats_for(uint64_t store_id) const {
    auto it = std::lower_bound(store_stats_.begin(), store_stats_.end(), store_id,
                               [](const StoreRegionStats& s, uint64_t id) { return s.store_id < id; });
    return it != store_stats_.end() && it->store_id == store_id ? &*it : nullptr;
}

std::vector<uint64_t> RegionTable::regions_of_store(uint64_t store_id, bool leaders_only) const {
    std::vector<uint64_t> out;
    auto sit = std::find(store_ids_.begin(), store_ids_.end(), store_id);
    if (sit == store_ids_.end()) return out;
    uint32_t sidx = uint32_t(sit - store_ids_.begin());
    for (uint32_t row = 0; row < id_.size(); ++row) {
        if (leaders_only) {
            if (leader_idx_[row] != kNoLeader && peer_store_[peer_off_[row] + leader_idx_[row]] == sidx)
                out.push_back(id_[row]);
            continue;
        }
        for (uint32_t p = peer_off_[row]; p < peer_off_[row + 1]; ++p)
            if (peer_store_[p] == sidx) {
                out.push_back(id_[row]);
                break;
            }
    }
    return out;
}

std::vector<std::pair<uint32_t, pd::DownPeer>> RegionTable::down_peers() const {
    std::vector<std::pair<uint32_t, pd::DownPeer>> out;
    for (const auto& is : issues_)
        if (!is.pending) out.push_back({is.row, pd::DownPeer{at(is.row).peer(is.peer_idx), is.down_seconds}});
    return out;
}

std::vector<std::pair<uint32_t, pd::Peer>> RegionTable::pending_peers() const {
    std::vector<std::pair<uint32_t, pd::Peer>> out;
    for (const auto& is : issues_)
        if (is.pending) out.push_back({is.row, at(is.row).peer(is.peer_idx)});
    return out;
}

size_t RegionTable::memory_bytes() const {
    auto b = [](const auto& v) { return v.capacity() * sizeof(v[0]); };
    return b(id_) + b(start_off_) + b(conf_ver_) + b(version_) + b(peer_off_) +
           b(leader_idx_) + b(flags_) + b(written_bytes_) + b(read_bytes_) + b(written_keys_) +
           b(read_keys_) + b(approx_size_mib_) + b(approx_keys_) + keys_.capacity() + b(peer_id_) +
           b(peer_store_) + b(peer_role_) + b(store_ids_) + b(issues_) + b(index_) + b(unhealthy_) +
           b(store_stats_) + b(key_order_);
}

// =========================================================== [SECTION] RegionRef

uint64_t RegionRef::id() const { return t_->id_[row_]; }
std::string_view RegionRef::start_key() const { return t_->key_at(t_->start_off_[row_]); }
std::string_view RegionRef::end_key() const { return t_->end_key_at(t_->start_off_[row_]); }
uint64_t RegionRef::conf_ver() const { return t_->conf_ver_[row_]; }
uint64_t RegionRef::version() const { return t_->version_[row_]; }
size_t RegionRef::peer_count() const { return t_->peer_off_[row_ + 1] - t_->peer_off_[row_]; }
uint8_t RegionRef::flags() const { return t_->flags_[row_]; }
uint64_t RegionRef::written_bytes() const { return t_->written_bytes_[row_]; }
uint64_t RegionRef::read_bytes() const { return t_->read_bytes_[row_]; }
uint64_t RegionRef::written_keys() const { return t_->written_keys_[row_]; }
uint64_t RegionRef::read_keys() const { return t_->read_keys_[row_]; }
uint64_t RegionRef::approximate_size_mib() const { return t_->approx_size_mib_[row_]; }
uint64_t RegionRef::approximate_keys() const { return t_->approx_keys_[row_]; }

pd::Peer RegionRef::peer(size_t i) const {
    size_t p = t_->peer_off_[row_] + i;
    uint8_t role = t_->peer_role_[p];
    return pd::Peer{t_->peer_id_[p], t_->store_ids_[t_->peer_store_[p]], pd::PeerRole(role & ~kWitnessBit),
                    (role & kWitnessBit) != 0};
}

pd::Peer RegionRef::leader() const {
    uint8_t li = t_->leader_idx_[row_];
    return li == kNoLeader ? pd::Peer{} : peer(li);
}

bool RegionRef::has_peer_on(uint64_t store_id) const {
    for (size_t i = 0; i < peer_count(); ++i)
        if (peer(i).store_id == store_id) return true;
    return false;
}

size_t RegionRef::voter_count() const {
    size_t n = 0;
    for (size_t i = 0; i < peer_count(); ++i) n += peer(i).role != pd::PeerRole::Learner;
    return n;
}

pd::Region RegionRef::materialize() const {
    pd::Region r;
    r.id = id();
    r.start_key = std::string(start_key());
    r.end_key = std::string(end_key());
    r.conf_ver = conf_ver();
    r.version = version();
    for (size_t i = 0; i < peer_count(); ++i) r.peers.push_back(peer(i));
    r.leader = leader();
    auto it = std::lower_bound(t_->issues_.begin(), t_->issues_.end(), row_,
                               [](const RegionTable::Issue& is, uint32_t row) { return is.row < row; });
    for (; it != t_->issues_.end() && it->row == row_; ++it) {
        if (it->pending) r.pending_peers.push_back(peer(it->peer_idx));
        else r.down_peers.push_back({peer(it->peer_idx), it->down_seconds});
    }
    r.written_bytes = written_bytes();
    r.read_bytes = read_bytes();
    r.written_keys = written_keys();
    r.read_keys = read_keys();
    r.approximate_size_mib = int64_t(approximate_size_mib());
    r.approximate_keys = int64_t(approximate_keys());
    return r;
}

}  // namespace medic::model
