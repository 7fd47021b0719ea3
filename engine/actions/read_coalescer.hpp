// engine/actions/read_coalescer.hpp: ReadCoalescer, group commit for PD
// reads. Concurrent actions that need the same read (GET /stores, one
// region, /config/schedule) share one request, without ever getting a stale
// answer: a caller only takes the result of a request that was SENT AFTER it
// asked. If a request for the key is already in flight (it started before
// this caller arrived) the caller waits for it to end and then joins the next
// one, which also serves everyone who arrived meanwhile. One caller alone
// pays nothing extra; N concurrent callers cost at most two requests' time
// and one request per round instead of N.
//
// Verification may relax "sent after the caller asked" to "sent after a
// given moment" (`sent_after`): the first look at an action's post-condition
// only needs PD's state after PD accepted the action's request, so a read
// of the key that was SENT after that moment serves it, whether it is still
// in flight or already answered (another action's verification read).
// Concurrent verifications then share one read instead of queueing for one
// round each. Never older than that moment: the post-condition is still
// judged on state observed after the request.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace medic::actions {

class ReadCoalescer {
public:
    /// The result of `fetch()` for `key`, from a call that began after this one.
    using Clock = std::chrono::steady_clock;

    /// The result of `fetch()` for `key`, from a call that began after this
    /// one; or, when `sent_after` is set (not the epoch), from any call that
    /// began at or after `sent_after`.
    template <class T>
    T get(const std::string& key, const std::function<T()>& fetch, Clock::time_point sent_after = {}) {
        auto any = run(
            key, [&] { return std::shared_ptr<const void>(std::make_shared<const T>(fetch())); }, sent_after);
        return *std::static_pointer_cast<const T>(any);
    }

    /// Requests actually sent (for tests and the benchmark).
    uint64_t fetches() const;

private:
    struct Slot {
        std::condition_variable cv;
        bool running = false;
        uint64_t started = 0;   ///< generation of the newest fetch begun
        uint64_t finished = 0;  ///< generation whose result is in `last`
        int users = 0;          ///< callers inside run() for this key
        Clock::time_point running_sent;  ///< when the fetch in flight began
        Clock::time_point last_sent;     ///< when the fetch of `last` began
        std::shared_ptr<const void> last;
    };
    std::shared_ptr<const void> run(const std::string& key, const std::function<std::shared_ptr<const void>()>& fetch,
                                    Clock::time_point sent_after);

    mutable std::mutex mu_;
    std::unordered_map<std::string, std::unique_ptr<Slot>> slots_;
    uint64_t fetches_ = 0;
};

}  // namespace medic::actions
