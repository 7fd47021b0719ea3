// engine/safety/locks.cpp: LockTable (locks.hpp).
#include "safety/locks.hpp"

#include <algorithm>

namespace medic::safety {
namespace {

// Holders are action ids; an action whose row is not written yet holds its
// locks under a negative token.
std::string holder(int64_t id) {
    return id > 0 ? "action " + std::to_string(id) : "an action being started";
}

}  // namespace

std::string LockTable::try_lock(int64_t action_id, const std::vector<uint64_t>& regions,
                                const std::vector<uint64_t>& stores, const std::vector<std::string>& keys) {
    std::lock_guard lk(mu_);
    for (uint64_t r : regions)
        if (auto it = regions_.find(r); it != regions_.end() && it->second != action_id)
            return "region " + std::to_string(r) + " is locked by " + holder(it->second);
    for (uint64_t s : stores)
        if (auto it = stores_.find(s); it != stores_.end() && it->second != action_id)
            return "store " + std::to_string(s) + " is locked by " + holder(it->second);
    for (const auto& k : keys)
        if (auto it = keys_.find(k); it != keys_.end() && it->second != action_id)
            return k + " is locked by " + holder(it->second);
    for (uint64_t r : regions) regions_[r] = action_id;
    for (const auto& k : keys) keys_[k] = action_id;
    for (uint64_t s : stores) stores_[s] = action_id;
    return "";
}

void LockTable::unlock(int64_t action_id) {
    std::lock_guard lk(mu_);
    std::erase_if(regions_, [&](const auto& kv) { return kv.second == action_id; });
    std::erase_if(stores_, [&](const auto& kv) { return kv.second == action_id; });
    std::erase_if(keys_, [&](const auto& kv) { return kv.second == action_id; });
}

size_t LockTable::held() const {
    std::lock_guard lk(mu_);
    return regions_.size() + stores_.size() + keys_.size();
}

}  // namespace medic::safety
