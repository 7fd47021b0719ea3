// engine/actions/read_coalescer.cpp: ReadCoalescer (read_coalescer.hpp).
#include "actions/read_coalescer.hpp"

namespace medic::actions {

std::shared_ptr<const void> ReadCoalescer::run(const std::string& key,
                                               const std::function<std::shared_ptr<const void>()>& fetch) {
    std::unique_lock lk(mu_);
    auto& owned = slots_[key];
    if (!owned) owned = std::make_unique<Slot>();
    Slot& s = *owned;
    ++s.users;
    // Every generation begun so far started before this call: only a later
    // one is fresh for it.
    const uint64_t need = s.started + 1;
    std::shared_ptr<const void> result;
    std::exception_ptr error;
    while (s.finished < need) {
        if (s.running) {
            s.cv.wait(lk);
            continue;
        }
        s.running = true;
        uint64_t gen = ++s.started;
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
