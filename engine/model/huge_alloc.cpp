// engine/model/huge_alloc.cpp: the mappings behind HugeAlloc (huge_alloc.hpp).
#include "model/huge_alloc.hpp"

#include <sys/mman.h>

namespace medic::model {

void* huge_map(size_t len) {
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

void huge_unmap(void* p, size_t len) noexcept { munmap(p, len); }

}  // namespace medic::model
