// engine/model/huge_alloc.cpp: the mappings behind HugeAlloc and their
// reuse cache (huge_alloc.hpp).
#include "model/huge_alloc.hpp"

#include <sys/mman.h>

#include <mutex>
#include <utility>
#include <vector>

namespace medic::model {

namespace {

struct Cache {
    std::mutex mu;
    std::vector<std::pair<void*, size_t>> free;  // oldest first
    size_t bytes = 0;
    uint64_t fresh = 0;
};

Cache& cache() {
    static Cache* c = new Cache;  // never destroyed: columns of static tables may be freed during exit
    return *c;
}

void* fresh_map(size_t len) {
    // Map a huge page more, then trim to a 2 MiB-aligned range: the kernel
    // backs only aligned 2 MiB ranges with huge pages.
    void* raw = mmap(nullptr, len + kHugePage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) throw std::bad_alloc();
    auto base = reinterpret_cast<uintptr_t>(raw);
    uintptr_t aligned = (base + kHugePage - 1) & ~uintptr_t(kHugePage - 1);
    if (aligned > base) munmap(raw, aligned - base);
    if (size_t tail = base + kHugePage - aligned) munmap(reinterpret_cast<void*>(aligned + len), tail);
    madvise(reinterpret_cast<void*>(aligned), len, MADV_HUGEPAGE);  // a hint: failure changes nothing
    return reinterpret_cast<void*>(aligned);
}

}  // namespace

void* huge_map(size_t len) {
    Cache& c = cache();
    {
        std::lock_guard<std::mutex> lk(c.mu);
        // The smallest cached mapping that fits; its tail beyond `len` is
        // unmapped (both are multiples of 2 MiB, so huge pages stay whole).
        size_t best = c.free.size();
        for (size_t i = 0; i < c.free.size(); ++i)
            if (c.free[i].second >= len && (best == c.free.size() || c.free[i].second < c.free[best].second))
                best = i;
        if (best != c.free.size()) {
            auto [p, have] = c.free[best];
            c.free.erase(c.free.begin() + std::ptrdiff_t(best));
            c.bytes -= have;
            if (have > len) munmap(static_cast<char*>(p) + len, have - len);
            return p;
        }
        ++c.fresh;
    }
    return fresh_map(len);
}

void huge_unmap(void* p, size_t len) noexcept {
    Cache& c = cache();
    std::vector<std::pair<void*, size_t>> drop;
    {
        std::lock_guard<std::mutex> lk(c.mu);
        if (len > kHugeCacheBytes) {
            drop.push_back({p, len});
        } else {
            while (c.bytes + len > kHugeCacheBytes) {
                drop.push_back(c.free.front());
                c.bytes -= c.free.front().second;
                c.free.erase(c.free.begin());
            }
            try {
                c.free.push_back({p, len});
                c.bytes += len;
            } catch (...) {  // no memory for the list entry: just unmap
                drop.push_back({p, len});
            }
        }
    }
    for (auto [q, n] : drop) munmap(q, n);
}

size_t huge_cached_bytes() {
    Cache& c = cache();
    std::lock_guard<std::mutex> lk(c.mu);
    return c.bytes;
}

uint64_t huge_fresh_maps() {
    Cache& c = cache();
    std::lock_guard<std::mutex> lk(c.mu);
    return c.fresh;
}

void huge_cache_clear() noexcept {
    Cache& c = cache();
    std::vector<std::pair<void*, size_t>> drop;
    {
        std::lock_guard<std::mutex> lk(c.mu);
        drop.swap(c.free);
        c.bytes = 0;
    }
    for (auto [q, n] : drop) munmap(q, n);
}

}  // namespace medic::model
