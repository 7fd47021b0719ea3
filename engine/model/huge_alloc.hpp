// engine/model/huge_alloc.hpp: HugeAlloc, the allocator of RegionTable's
// big columns. Internal to engine/model.
//
// Why: a full scan of a million regions writes ~230 MB of fresh columns
// (and the arena's trimmed copy). With 4 KiB pages that is ~55 000 page
// faults per scan, measured at ~15% of the scan's parse+build CPU time. An
// allocation of at least kHugeMinBytes is its own 2 MiB-aligned anonymous
// mapping with MADV_HUGEPAGE (transparent huge pages where the kernel
// allows them; elsewhere the hint is ignored and nothing changes). Smaller
// ones come from the ordinary heap. Cost: resident memory of a big column
// rounds up to 2 MiB (at most ~2 MiB per column, ~20 columns).
//
// Freed mappings are kept for reuse (up to kHugeCacheBytes, newest first):
// the kernel zeroes every fresh page on first touch, and for a million-row
// table that zeroing was ~25% of a scan's parse+build CPU (perf:
// clear_page_erms under the column writes). The Monitor builds the next
// table while the previous one is alive and frees the previous one once the
// new snapshot is published, so from the second scan on the new table's
// columns land in the pages the table before last used. What the cache
// holds stays resident: at most kHugeCacheBytes, in practice one table.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <string>
#include <vector>

namespace medic::model {

inline constexpr size_t kHugeMinBytes = size_t(4) << 20;
inline constexpr size_t kHugePage = size_t(2) << 20;
inline constexpr size_t kHugeCacheBytes = size_t(1) << 30;

/// `len` (a multiple of kHugePage) bytes of 2 MiB-aligned anonymous memory
/// advised MADV_HUGEPAGE: a cached mapping of at least `len` (its tail
/// unmapped; contents left over, not zeroed) or a fresh one; throws
/// std::bad_alloc.
void* huge_map(size_t len);
/// Give a mapping back: into the cache, or unmapped when it would exceed
/// kHugeCacheBytes (then the oldest cached mappings go first).
void huge_unmap(void* p, size_t len) noexcept;
/// Bytes the cache holds now (tests, diagnostics).
size_t huge_cached_bytes();
/// Fresh mappings made so far (cache misses), for tests and the benchmark.
uint64_t huge_fresh_maps();
/// Unmap everything the cache holds.
void huge_cache_clear() noexcept;

template <class T>
struct HugeAlloc {
    using value_type = T;
    HugeAlloc() noexcept = default;
    template <class U>
    HugeAlloc(const HugeAlloc<U>&) noexcept {}

    static size_t mapped(size_t n) { return (n * sizeof(T) + kHugePage - 1) & ~(kHugePage - 1); }

    T* allocate(size_t n) {
        if (n > SIZE_MAX / sizeof(T) / 2) throw std::bad_alloc();
        if (n * sizeof(T) < kHugeMinBytes) return std::allocator<T>().allocate(n);
        return static_cast<T*>(huge_map(mapped(n)));
    }
    void deallocate(T* p, size_t n) noexcept {
        if (n * sizeof(T) < kHugeMinBytes) return std::allocator<T>().deallocate(p, n);
        huge_unmap(p, mapped(n));
    }
    template <class U>
    bool operator==(const HugeAlloc<U>&) const noexcept { return true; }
    template <class U>
    bool operator!=(const HugeAlloc<U>&) const noexcept { return false; }
};

/// A RegionTable column.
template <class T>
using Column = std::vector<T, HugeAlloc<T>>;
/// The key arena.
using KeyArena = std::basic_string<char, std::char_traits<char>, HugeAlloc<char>>;

}  // namespace medic::model
