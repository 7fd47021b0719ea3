// bindings/lua/alloc.cpp: capped_alloc (alloc.hpp).
#include "bindings/lua/alloc.hpp"

#include <cstdlib>

#include "bindings/lua/run.hpp"

namespace medic::lua {

void* capped_alloc(void* ud, void* ptr, size_t osize, size_t nsize) {
    AllocState& a = static_cast<Run*>(ud)->alloc;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        std::free(ptr);
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
    void* p = std::realloc(ptr, nsize);
    if (p == nullptr) {
        if (nsize <= old) return ptr;  // a shrink must never fail: keep the old block
        a.exceeded = true;
        return nullptr;
    }
    a.used = a.used - old + nsize;
    if (a.used > a.peak) a.peak = a.used;
    return p;
}

}  // namespace medic::lua
