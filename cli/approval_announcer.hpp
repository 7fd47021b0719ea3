// cli/approval_announcer.hpp: while `medic run --execute` or `medic act
// --execute` runs, tells the person at the terminal, once per action, that an
// action of this process waits for a decision, and how to give it. The engine parks
// such actions in the shared database (the run's coroutine is suspended and
// nothing else would say so until the approval times out); this polls it.
#pragma once

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <set>
#include <string>
#include <memory>
#include <thread>

#include "store/database.hpp"

namespace medic::cli {

class ApprovalAnnouncer {
public:
    /// `who` starts each line ("medic run", "medic act").
    ApprovalAnnouncer(std::string db_path, std::FILE* out, std::string who = "medic run");
    ~ApprovalAnnouncer();  ///< stops the poller and joins it
    ApprovalAnnouncer(const ApprovalAnnouncer&) = delete;
    ApprovalAnnouncer& operator=(const ApprovalAnnouncer&) = delete;

private:
    void loop();
    void poll_once(std::unique_ptr<store::Database>& db);

    std::string db_path_;
    std::FILE* out_;
    std::string who_;
    std::set<long long> announced_;
    int64_t floor_id_ = 0;  ///< the newest action id when watching began
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

}  // namespace medic::cli
