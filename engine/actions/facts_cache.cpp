// engine/actions/facts_cache.cpp: FactsCache (facts_cache.hpp).
#include "actions/facts_cache.hpp"

#include "actions/read_coalescer.hpp"

namespace medic::actions {

namespace {

int64_t age_of(FactsCache::Clock::time_point sent, FactsCache::Clock::time_point now) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(now - sent).count();
}

}  // namespace

std::shared_ptr<const void> FactsCache::lookup(const std::string& key, int max_age_ms, ReadCoalescer* co,
                                               const std::function<std::shared_ptr<const void>()>& fetch,
                                               const std::function<bool(const void*)>& keep, int64_t& age_ms) {
    uint64_t epoch;
    {
        std::lock_guard lk(mu_);
        auto now = Clock::now();
        auto it = entries_.find(key);
        if (it != entries_.end() && now - it->second.sent < std::chrono::milliseconds(max_age_ms)) {
            age_ms = age_of(it->second.sent, now);
            return it->second.value;
        }
        epoch = epoch_;
        ++misses_;
    }
    // Sent at or after this point: stamping the entry now never makes it look
    // younger than it is. Its own coalescer key: the uncached readers of the
    // same path share results of another type.
    auto sent = Clock::now();
    std::shared_ptr<const void> got =
        co ? co->get<std::shared_ptr<const void>>("cached:" + key, std::function<std::shared_ptr<const void>()>(fetch)) : fetch();
    age_ms = age_of(sent, Clock::now());
    if (!keep(got.get())) return got;
    std::lock_guard lk(mu_);
    // A PD write by this engine since the request was sent: the answer may
    // predate it, so it serves this caller (who asked before) but is not kept.
    if (epoch == epoch_) insert_locked(key, {got, sent, epoch}, max_age_ms);
    return got;
}

void FactsCache::insert_locked(const std::string& key, Entry e, int max_age_ms) {
    if (entries_.size() >= kMaxEntries && !entries_.count(key)) {
        auto now = Clock::now();
        std::erase_if(entries_, [&](const auto& kv) { return now - kv.second.sent >= std::chrono::milliseconds(max_age_ms); });
        if (entries_.size() >= kMaxEntries) entries_.clear();
    }
    auto& slot = entries_[key];
    if (!slot.value || slot.sent <= e.sent) slot = std::move(e);
}

void FactsCache::clear() {
    std::lock_guard lk(mu_);
    entries_.clear();
    ++epoch_;
}

uint64_t FactsCache::misses() const {
    std::lock_guard lk(mu_);
    return misses_;
}

}  // namespace medic::actions
