// engine/model/region_table.hpp: RegionTable, the compact immutable store of
// every region of one /regions scan, and RegionRef, a cheap view of one row.
//
// Layout (why: a million regions must fit in ~120 bytes each plus key bytes,
// DESIGN "compact at a million regions"): struct-of-arrays, one row per
// region in arrival order; raw keys in one arena (varint length + bytes,
// a row's end key right after its start key, so one offset column serves both);
// peers in flat arrays addressed by a per-row offset; store ids of peers
// interned into a small dictionary (u32 index); down/pending peers are rare
// and kept in a sparse side table. Lookups: region by id through an
// open-addressing index built in O(n); region by key through a key-ordered
// permutation built on first use (sorting a million keys is the slowest part,
// and many snapshots are never searched by key).
//
// Epoch values and approximate_keys are stored as u32 (saturating for keys;
// an epoch above 2^32-1 is rejected by the builder — no region lives that
// long). Nothing here does I/O or knows JSON.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/huge_alloc.hpp"
#include "pd/types.hpp"

namespace medic::model {

/// Health flags derived per region when the table is built.
enum RegionFlag : uint8_t {
    kRegionDownPeer = 1 << 0,     ///< PD reports a down peer
    kRegionPendingPeer = 1 << 1,  ///< PD reports a pending peer
    kRegionMissPeer = 1 << 2,     ///< fewer voters than max-replicas
    kRegionExtraPeer = 1 << 3,    ///< more voters than max-replicas
    kRegionNoLeader = 1 << 4,     ///< no known leader
};
inline constexpr uint8_t kRegionUnhealthyMask =
    kRegionDownPeer | kRegionPendingPeer | kRegionMissPeer | kRegionExtraPeer | kRegionNoLeader;

/// Stable names for the flags (audit / JSON), bit i -> name i.
inline constexpr const char* kRegionFlagNames[] = {"down_peer", "pending_peer", "miss_peer",
                                                   "extra_peer", "no_leader"};

/// Per-store counts derived from the regions (PD's own counts come with Store).
struct StoreRegionStats {
    uint64_t store_id = 0;
    uint64_t leader_count = 0;
    uint64_t region_count = 0;  ///< peers of any role on this store
    uint64_t learner_count = 0;
    uint64_t down_peer_count = 0;
    uint64_t pending_peer_count = 0;
    uint64_t region_size_mib = 0;  ///< sum of approximate_size of its regions
    uint64_t leader_size_mib = 0;
};

class RegionTable;

/// A view of one region row; valid while its RegionTable lives.
class RegionRef {
public:
    RegionRef(const RegionTable* t, uint32_t row) : t_(t), row_(row) {}
    uint32_t row() const { return row_; }
    uint64_t id() const;
    std::string_view start_key() const;  ///< raw bytes; "" = unbounded
    std::string_view end_key() const;    ///< raw bytes; "" = unbounded
    uint64_t conf_ver() const;
    uint64_t version() const;
    size_t peer_count() const;
    pd::Peer peer(size_t i) const;
    pd::Peer leader() const;  ///< id 0 when unknown
    uint64_t leader_store_id() const { return leader().store_id; }
    bool has_peer_on(uint64_t store_id) const;
    size_t voter_count() const;
    uint8_t flags() const;
    uint64_t written_bytes() const;
    uint64_t read_bytes() const;
    uint64_t written_keys() const;
    uint64_t read_keys() const;
    uint64_t approximate_size_mib() const;
    uint64_t approximate_keys() const;
    /// Full pd::Region, including down and pending peers (allocates).
    pd::Region materialize() const;

private:
    const RegionTable* t_;
    uint32_t row_;
};

class RegionTable {
public:
    class Builder;

    size_t size() const { return id_.size(); }
    RegionRef at(size_t row) const { return RegionRef(this, uint32_t(row)); }
    std::optional<RegionRef> find(uint64_t region_id) const;
    /// The region whose [start, end) contains raw `key` (first use sorts keys once).
    std::optional<RegionRef> find_by_key(std::string_view key) const;
    /// Rows in start-key order (first use sorts).
    const std::vector<uint32_t>& key_order() const;
    /// Rows with any kRegionUnhealthyMask flag, in row order.
    const std::vector<uint32_t>& unhealthy_rows() const { return unhealthy_; }
    /// Per-store derived counts, sorted by store id (only stores that hold a peer).
    const std::vector<StoreRegionStats>& store_stats() const { return store_stats_; }
    const StoreRegionStats* stats_for(uint64_t store_id) const;
    /// Region ids with a peer on `store_id` (leaders_only: led by it). O(peers).
    std::vector<uint64_t> regions_of_store(uint64_t store_id, bool leaders_only = false) const;
    /// Down peers as (row, DownPeer) and pending peers as (row, Peer).
    std::vector<std::pair<uint32_t, pd::DownPeer>> down_peers() const;
    std::vector<std::pair<uint32_t, pd::Peer>> pending_peers() const;
    uint64_t max_replicas() const { return max_replicas_; }
    size_t duplicates_dropped() const { return duplicates_dropped_; }
    /// Heap bytes held (arrays + arena + index), for the memory budget.
    size_t memory_bytes() const;

private:
    friend class RegionRef;
    struct Issue {  // a down or pending peer
        uint32_t row;
        uint8_t peer_idx;
        uint8_t pending;  // 0 = down, 1 = pending
        uint64_t down_seconds;
    };
    std::string_view key_at(uint32_t off) const;
    std::string_view end_key_at(uint32_t start_off) const;
    void build_index();
    void derive(uint64_t max_replicas);

    // The per-row and per-peer columns, the arena and the index: the bulk
    // of a million-row table, in huge-page mappings (huge_alloc.hpp).
    Column<uint64_t> id_;
    Column<uint32_t> start_off_;  // into keys_; a row's end key follows its start key
    Column<uint32_t> conf_ver_, version_;
    Column<uint32_t> peer_off_;  // size()+1 entries: peers of row r are [off[r], off[r+1])
    Column<uint8_t> leader_idx_;  // 0xFF = none
    Column<uint8_t> flags_;
    Column<uint64_t> written_bytes_, read_bytes_, written_keys_, read_keys_;
    Column<uint32_t> approx_size_mib_, approx_keys_;
    KeyArena keys_;
    Column<uint64_t> peer_id_;
    Column<uint32_t> peer_store_;  // index into store_ids_
    Column<uint8_t> peer_role_;    // PeerRole | 0x80 if witness
    std::vector<uint64_t> store_ids_;
    std::vector<Issue> issues_;
    Column<uint32_t> index_;  // open addressing: row+1, 0 = empty
    std::vector<uint32_t> unhealthy_;
    std::vector<StoreRegionStats> store_stats_;
    uint64_t max_replicas_ = 3;
    size_t duplicates_dropped_ = 0;
    mutable std::once_flag key_order_once_;
    mutable std::vector<uint32_t> key_order_;
};

/// Accumulates regions (from the /regions parser or from tests), then
/// build() derives flags, per-store stats and the id index. Keeps the first
/// error (sticky, PD builder style): later add() calls are ignored.
class RegionTable::Builder {
public:
    Builder();
    void reserve(size_t regions, size_t key_bytes = 0);
    /// Reserve for PD's announced region count (RegionStream's count hint,
    /// not validated yet): capped, key arena sized for typical keys. Growing
    /// 17 columns by doubling to a million rows copied each ~twice.
    void reserve_for_count(uint64_t pd_count);
    /// Add one region. Duplicated ids: the last one added wins.
    void add(const pd::Region& r);
    size_t size() const { return t_->id_.size(); }
    const std::string& error() const { return error_; }  ///< "" while fine
    /// Finish. max_replicas drives miss/extra-peer flags. Returns nullptr and
    /// leaves error() set if an add failed.
    std::shared_ptr<const RegionTable> build(uint64_t max_replicas = 3);

private:
    void add_common(const pd::Region& r);
    uint32_t intern_store(uint64_t store_id);
    uint32_t append_key(std::string_view raw);
    std::unique_ptr<RegionTable> t_;
    std::vector<uint32_t> store_slot_;  // small open-addressing map store id -> dict index
    std::string error_;
};

}  // namespace medic::model
