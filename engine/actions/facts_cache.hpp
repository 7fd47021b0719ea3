// engine/actions/facts_cache.hpp: FactsCache, PD reads shared by dry-runs for
// a bounded time.
//
// A dry-run validates "against the current snapshot" and sends nothing, so
// it may use facts that are a few hundred milliseconds old: every dry-run in
// that window shares one GET of /stores, /config/schedule or a region instead
// of each paying for its own round trip to PD. An entry is reused while it is
// younger than the caller's max age (measured from when its request was
// SENT, so the age is never understated), refreshed through the
// ReadCoalescer otherwise (concurrent refreshers share one request), and
// dropped when this engine sends a PD write (clear()): a dry-run after an
// executed action in the same engine sees its effect.
// Executed actions and verification never read from it: they validate and
// verify on fresh facts right before and after their PD request.
// Bounded: at most kMaxEntries keys (a full cache drops its expired entries,
// then everything). Failed reads are never cached.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace medic::actions {

class ReadCoalescer;

class FactsCache {
public:
    using Clock = std::chrono::steady_clock;
    static constexpr size_t kMaxEntries = 4096;

    /// The value for `key` no older than `max_age_ms`, from the cache or from
    /// `fetch()` (through `co` when given). `age_ms` gets the age of what is
    /// returned. `keep(value)` says whether a fresh value may be cached.
    template <class T>
    T get(const std::string& key, int max_age_ms, ReadCoalescer* co, const std::function<T()>& fetch,
          bool (*keep)(const T&), int64_t& age_ms) {
        auto any = lookup(key, max_age_ms, co,
                          [&] { return std::shared_ptr<const void>(std::make_shared<const T>(fetch())); },
                          [keep](const void* v) { return keep(*static_cast<const T*>(v)); }, age_ms);
        return *std::static_pointer_cast<const T>(any);
    }

    /// Forget everything (after a PD write by this engine).
    void clear();
    /// Requests this cache made (misses), for tests and the benchmark.
    uint64_t misses() const;

private:
    struct Entry {
        std::shared_ptr<const void> value;
        Clock::time_point sent;  ///< when the request that produced it was sent
        uint64_t epoch = 0;      ///< clear() generation it belongs to
    };
    std::shared_ptr<const void> lookup(const std::string& key, int max_age_ms, ReadCoalescer* co,
                                       const std::function<std::shared_ptr<const void>()>& fetch,
                                       const std::function<bool(const void*)>& keep, int64_t& age_ms);
    void insert_locked(const std::string& key, Entry e, int max_age_ms);

    mutable std::mutex mu_;
    std::unordered_map<std::string, Entry> entries_;
    uint64_t epoch_ = 0;
    uint64_t misses_ = 0;
};

}  // namespace medic::actions
