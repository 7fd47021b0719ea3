// engine/actions/read_coalescer.cpp: ReadCoalescer (read_coalescer.hpp).
#include "actions/read_coalescer.hpp"

namespace medic::actions {

std::shared_ptr<const void> ReadCoalescer::run(const std::string& key,
                                               const std::function<std::shared_ptr<const void>()>& fetch,
                                               Clock::time_point sent_after) {
    std::unique_lock lk(mu_);
    auto& owned = slots_[key];
    if (!owned) owned = std::make_unique<Slot>();
    Slot& s = *owned;
    ++s.users;
    // Strict (no sent_after): every generation begun so far started before
    // this call, so only a later one is fresh for it. Relaxed: any
    // generation begun at or after sent_after.
    const bool relaxed = sent_after != Clock::time_point{};
    const uint64_t need = s.started + 1;
    auto fresh_done = [&] { return relaxed ? s.finished > 0 && s.last && s.last_sent >= sent_after : s.finished >= need; };
    std::shared_ptr<const void> result;
    std::exception_ptr error;
    while (!fresh_done()) {
        if (s.running) {
            s.cv.wait(lk);  // a relaxed caller takes it if it began late enough (fresh_done), else the next
            continue;
        }
        s.running = true;
        uint64_t gen = ++s.started;
        s.running_sent = Clock::now();
        ++fetches_;
        lk.unlock();
        std::shared_ptr<const void> got;
        try {
            got = fetch();
        } catch (...) {
            error = std::current_exception();
        }
        lk.lock();
        s.running = false;
        s.cv.notify_all();
        if (error) break;  // the others start their own fetch
        s.last = std::move(got);
        s.finished = gen;
        s.last_sent = s.running_sent;
    }
    if (!error) result = s.last;
    if (--s.users == 0 && !s.running) slots_.erase(key);  // nobody waits: forget the key
    lk.unlock();
    if (error) std::rethrow_exception(error);
    return result;
}

uint64_t ReadCoalescer::fetches() const {
    std::lock_guard lk(mu_);
    return fetches_;
}

}  // namespace medic::actions
