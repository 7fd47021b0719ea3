// engine/safety/kill_switch.hpp: the engine-wide kill switch, in memory.
// The persisted value lives in the settings table (settings_store); the
// service mirrors it here and polls the database for changes made by other
// processes (`medic kill on`).
//
// Contract: an action may only send its PD request inside a StartGuard that
// reported !engaged(). engage() takes the exclusive side of the same lock, so
// when it returns ("acknowledged") every start that saw the switch off has
// finished sending, and no new one can begin: zero actions start after the
// acknowledgement, whatever the concurrency.
#pragma once

#include <atomic>
#include <mutex>
#include <shared_mutex>

namespace medic::safety {

class KillSwitch {
public:
    /// Held while an action decides to start and sends its request.
    class StartGuard {
    public:
        explicit StartGuard(KillSwitch& k) : lk_(k.mu_), engaged_(k.on_.load()) {}
        bool engaged() const { return engaged_; }

    private:
        std::shared_lock<std::shared_mutex> lk_;
        bool engaged_;
    };

    /// Turn on; returns once no start is in progress (the acknowledgement).
    /// The flag is raised before the exclusive lock is requested: with glibc's
    /// reader-preferring shared_mutex, 100 threads taking StartGuards back to
    /// back would otherwise starve engage() indefinitely. Guards taken after
    /// the store see `engaged()` and send nothing; the lock then only waits
    /// for guards that read the flag before it was raised.
    void engage() {
        on_.store(true);
        std::unique_lock lk(mu_);
    }
    void release() {
        std::unique_lock lk(mu_);
        on_.store(false);
    }
    bool engaged() const { return on_.load(); }

private:
    std::shared_mutex mu_;
    std::atomic<bool> on_{false};
};

}  // namespace medic::safety
