// engine/safety/locks.hpp: per-region and per-store locks held by in-flight
// actions (policy: lock.region, lock.store): two actions never work on the
// same region or store at once. In-process; across processes the action rows
// in the database are the record of what is in flight.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace medic::safety {

class LockTable {
public:
    /// Take every lock or none. Returns "" on success, else the conflict
    /// ("region 12 is locked by action 7"). `action_id` <= 0: a token for an
    /// action whose id does not exist yet ("... by an action being started").
    /// `keys` names other shared targets, e.g. a PD config item
    /// ("config:region-schedule-limit"): two actions writing different values
    /// to one item at once could each only ever observe the other's value.
    std::string try_lock(int64_t action_id, const std::vector<uint64_t>& regions,
                         const std::vector<uint64_t>& stores, const std::vector<std::string>& keys = {});
    /// Release every lock action_id holds.
    void unlock(int64_t action_id);
    size_t held() const;

private:
    mutable std::mutex mu_;
    std::map<uint64_t, int64_t> regions_, stores_;  // id -> holder
    std::map<std::string, int64_t> keys_;            // key -> holder
};

}  // namespace medic::safety
