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

/// `len` (a multiple of kHugePage) bytes of zeroed, 2 MiB-aligned anonymous
/// memory advised MADV_HUGEPAGE; throws std::bad_alloc.
void* huge_map(size_t len);
void huge_unmap(void* p, size_t len) noexcept;

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
