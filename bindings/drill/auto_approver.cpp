// bindings/drill/auto_approver.cpp: AutoApprover (auto_approver.hpp).
#include "bindings/drill/auto_approver.hpp"

#include <chrono>
#include <cstdio>
#include <vector>

#include "actions/service.hpp"
#include "store/database.hpp"

namespace medic::drill {

AutoApprover::AutoApprover(actions::ActionService& svc, std::string db_path, int poll_ms)
    : svc_(svc), db_path_(std::move(db_path)), poll_ms_(poll_ms < 1 ? 1 : poll_ms) {
    thread_ = std::thread([this] { loop(); });
}

AutoApprover::~AutoApprover() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
}

void AutoApprover::loop() {
    std::unique_ptr<store::Database> db;
    while (!stop_) {
        try {
            if (!db) db = store::Database::open(db_path_);
            std::vector<int64_t> ids;
            auto& q = db->prepare("SELECT DISTINCT action_id FROM approvals WHERE decision = 'pending' "
                                  "AND action_id IS NOT NULL ORDER BY action_id");
            while (q.step()) ids.push_back(q.column_int(0));
            for (int64_t id : ids)
                if (svc_.approve(id, kAutoApprover, "approved by --auto-approve").empty()) ++granted_;
        } catch (const std::exception& e) {
            // A busy database or a racing decision: try again on the next round.
            std::fprintf(stderr, "medic: auto-approver: %s\n", e.what());
            db.reset();
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(poll_ms_));
    }
}

}  // namespace medic::drill
