// bindings/lua/alloc.cpp: capped_alloc (alloc.hpp) and the run's small-block
// pools (run.hpp SmallPool).
#include "bindings/lua/alloc.hpp"

#include <cstdlib>
#include <cstring>

#include "bindings/lua/run.hpp"

namespace medic::lua {
namespace {

size_t size_class(size_t n) { return (n + SmallPool::kGrain - 1) / SmallPool::kGrain; }

/// A block of class c (c * kGrain bytes, 16-aligned), or nullptr when no
/// memory is left.
void* pool_take(SmallPool& p, size_t c) {
    if (void* b = p.free_list[c]) {
        p.free_list[c] = *static_cast<void**>(b);
        return b;
    }
    size_t bytes = c * SmallPool::kGrain;
    if (size_t(p.bump_end - p.bump) < bytes) {
        // The tail of the old chunk is too small for this class: it goes
        // to the free list of the largest class it holds, never lost.
        size_t rest = size_t(p.bump_end - p.bump) / SmallPool::kGrain;
        if (rest > 0) {
            *reinterpret_cast<void**>(p.bump) = p.free_list[rest];
            p.free_list[rest] = p.bump;
        }
        void* chunk = std::aligned_alloc(SmallPool::kGrain, p.next_chunk);
        if (chunk == nullptr) return nullptr;
        p.chunks.push_back(chunk);
        p.bump = static_cast<char*>(chunk);
        p.bump_end = p.bump + p.next_chunk;
        if (p.next_chunk < (size_t(64) << 10)) p.next_chunk *= 2;
    }
    void* b = p.bump;
    p.bump += bytes;
    return b;
}

void pool_give(SmallPool& p, void* b, size_t c) {
    *static_cast<void**>(b) = p.free_list[c];
    p.free_list[c] = b;
}

void release(SmallPool& p, void* ptr, size_t old) {
    if (old <= SmallPool::kMax) pool_give(p, ptr, size_class(old));
    else std::free(ptr);
}

/// Move a block to a new size; nullptr (old block untouched) on failure.
void* resize(SmallPool& p, void* ptr, size_t old, size_t nsize) {
    bool small_new = nsize <= SmallPool::kMax;
    if (ptr == nullptr) return small_new ? pool_take(p, size_class(nsize)) : std::malloc(nsize);
    bool small_old = old <= SmallPool::kMax;
    if (!small_old && !small_new) return std::realloc(ptr, nsize);
    if (small_old && small_new && size_class(old) == size_class(nsize)) return ptr;
    void* q = small_new ? pool_take(p, size_class(nsize)) : std::malloc(nsize);
    if (q == nullptr) return nullptr;
    std::memcpy(q, ptr, old < nsize ? old : nsize);
    release(p, ptr, old);
    return q;
}

}  // namespace

void SmallPool::release() {
    for (void* c : chunks) std::free(c);
    chunks.clear();
    chunks.shrink_to_fit();
    for (auto& f : free_list) f = nullptr;
    bump = bump_end = nullptr;
    next_chunk = size_t(8) << 10;
}

namespace {

/// Every case the fast paths below leave out: growth and shrinking,
/// large blocks, an empty pool, the cap (and its reserve).
[[gnu::noinline]] void* capped_alloc_slow(AllocState& a, void* ptr, size_t osize, size_t nsize) {
    // LuaJIT passes a block's exact size back with it (osize), which both
    // the books and the pool's size classes rely on.
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        if (ptr) release(a.pool, ptr, old);
        a.used -= old;
        return nullptr;
    }
    if (nsize > old) {
        // Once the cap was hit the run is being ended: the reserve lets the
        // host allocate its error object while the script can no longer run.
        size_t cap = a.limit + (a.exceeded ? a.reserve : 0);
        if (a.used - old + nsize > cap) {
            a.exceeded = true;
            return nullptr;
        }
    }
    void* p = resize(a.pool, ptr, old, nsize);
    if (p == nullptr) {
        if (nsize <= old) return ptr;  // a shrink must never fail: keep the old block
        a.exceeded = true;
        return nullptr;
    }
    a.used = a.used - old + nsize;
    if (a.used > a.peak) a.peak = a.used;
    return p;
}

}  // namespace

// Most calls during a run are a new small block (a table, its node array,
// a string) or freeing one. Those two take a few dozen instructions here,
// with no call and no stack frame (the typed action call allocates 4
// blocks: measured ~56 instructions a call through the general path). The
// books are the same: used/peak count the bytes Lua asked for, and a block
// that would pass the cap goes to the slow path, which refuses it.
void* capped_alloc(void* ud, void* ptr, size_t osize, size_t nsize) {
    AllocState& a = static_cast<Run*>(ud)->alloc;
    SmallPool& p = a.pool;
    if (ptr == nullptr) {
        size_t used = a.used + nsize;
        if (nsize - 1 < SmallPool::kMax && used <= a.limit) {  // 1..kMax bytes, within the cap
            size_t c = size_class(nsize);
            void* b = p.free_list[c];
            if (b != nullptr) {
                p.free_list[c] = *static_cast<void**>(b);
            } else if (size_t(p.bump_end - p.bump) >= c * SmallPool::kGrain) {
                b = p.bump;
                p.bump += c * SmallPool::kGrain;
            } else {
                return capped_alloc_slow(a, ptr, osize, nsize);
            }
            a.used = used;
            if (used > a.peak) a.peak = used;
            return b;
        }
    } else if (nsize == 0 && osize <= SmallPool::kMax) {
        pool_give(p, ptr, size_class(osize));
        a.used -= osize;
        return nullptr;
    }
    return capped_alloc_slow(a, ptr, osize, nsize);
}

}  // namespace medic::lua
