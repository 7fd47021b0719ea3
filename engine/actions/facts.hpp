// engine/actions/facts.hpp: Facts, the slice of live cluster state one action
// is validated and verified against, fetched fresh from PD with targeted
// reads (never the full /regions scan), and FactNeeds, what to fetch.
//
// Facts are fetched twice per action: before planning (validation,
// idempotency, the approval hash) and after the request (the post-condition
// is a predicate over these observed facts, never "PD returned 200").
#pragma once

#include "pd/pd_client.hpp"
#include "pd/types.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace medic::actions {

struct FactNeeds {
    std::vector<uint64_t> regions;  ///< GET /region/id/{id}
    bool operators = true;          ///< GET /operators/{id} for each region
    bool stores = true;             ///< GET /stores
    bool replication = false;       ///< GET /config/replicate
    bool schedule = false;          ///< GET /config/schedule
    bool schedulers = false;        ///< GET /schedulers and ?status=paused
    bool leader_schedulers = false; ///< evict/grant-leader scheduler store lists
    bool store_limits = false;      ///< GET /stores/limit
};

struct StoreLimit {
    double add_peer = 0;
    double remove_peer = 0;
};

struct Facts {
    std::vector<pd::Store> stores;  ///< Up and Offline (PD's default list)
    std::map<uint64_t, std::optional<pd::Region>> regions;  ///< nullopt = PD says not found
    std::map<uint64_t, std::string> operators;  ///< region -> PD's operator status word ("RUNNING", ...)
    uint64_t max_replicas = 3;
    pd::ScheduleConfig schedule;
    std::vector<std::string> schedulers;  ///< every scheduler
    std::vector<std::string> paused;      ///< paused schedulers
    std::set<uint64_t> evict_leader_stores, grant_leader_stores;
    std::map<uint64_t, StoreLimit> store_limits;
    /// Age in ms of the oldest read these facts came from: 0 when every read
    /// was sent for them; up to the max age when served from a FactsCache.
    int64_t age_ms = 0;

    const pd::Store* store(uint64_t id) const;
    const pd::Region* region(uint64_t id) const;
    /// PD's operator on the region is still running.
    bool operator_running(uint64_t region_id) const;
    uint64_t total_leaders() const;
    uint64_t total_regions() const;
    int up_stores() const;       ///< meta state Up and heartbeating (state_name Up)
    int offline_stores() const;  ///< being drained
};

class ReadCoalescer;
class FactsCache;

/// Where reads come from. `co`: shared with concurrent callers
/// (read_coalescer.hpp: never a read sent before the call). `cache` with
/// max_age_ms > 0: answers up to that old are reused (facts_cache.hpp;
/// dry-runs only).
struct FactsSource {
    ReadCoalescer* co = nullptr;
    FactsCache* cache = nullptr;
    int max_age_ms = 0;
    /// Not the epoch: a coalesced read SENT at or after this moment serves
    /// (ReadCoalescer's relaxed rule; the first verification look after PD
    /// accepted the request). The epoch: only a read sent after the call.
    std::chrono::steady_clock::time_point sent_after{};
};

/// Fetch what `needs` asks for. Returns the first PD error as text in `error`.
std::optional<Facts> fetch_facts(pd::PdClient& pd, const FactNeeds& needs, std::string& error,
                                 const FactsSource& src);
inline std::optional<Facts> fetch_facts(pd::PdClient& pd, const FactNeeds& needs, std::string& error,
                                        ReadCoalescer* co = nullptr) {
    return fetch_facts(pd, needs, error, FactsSource{co, nullptr, 0});
}

/// The status word of PD's operator on a region ("RUNNING", "SUCCESS",
/// "CANCEL", "TIMEOUT", "REPLACE", ...), "" when PD has none.
std::string operator_status(pd::PdClient& pd, uint64_t region_id, std::string& error, ReadCoalescer* co = nullptr);

}  // namespace medic::actions
