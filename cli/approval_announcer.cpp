// cli/approval_announcer.cpp: ApprovalAnnouncer (approval_announcer.hpp).
#include "approval_announcer.hpp"

#include <unistd.h>

#include <chrono>
#include <memory>


namespace medic::cli {

ApprovalAnnouncer::ApprovalAnnouncer(std::string db_path, std::FILE* out, std::string who)
    : db_path_(std::move(db_path)), out_(out), who_(std::move(who)) {
    // Before any run starts: older actions are not this process's.
    try {
        auto db = store::Database::open(db_path_);
        auto& top = db->prepare("SELECT coalesce(max(id), 0) FROM actions");
        if (top.step()) floor_id_ = top.column_int(0);
    } catch (const std::exception&) {
        // poll_once reports it.
    }
    thread_ = std::thread([this] { loop(); });
}

ApprovalAnnouncer::~ApprovalAnnouncer() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
}

void ApprovalAnnouncer::loop() {
    // A decision is a person's: checking twice a second is prompt enough and
    // costs one indexed query.
    std::unique_ptr<store::Database> db;
    while (!stop_) {
        poll_once(db);
        for (int i = 0; i < 10 && !stop_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

void ApprovalAnnouncer::poll_once(std::unique_ptr<store::Database>& db) {
    try {
        if (!db) db = store::Database::open(db_path_);
        // Also an action decided between two polls: the person may have
        // seen it elsewhere, but this terminal still says it waited.
        auto& q = db->prepare(
            "SELECT id, kind, params, requester FROM actions a WHERE id > ?2 AND owner_pid = ?1 AND kind != 'approval' "
            "AND (status = 'awaiting_approval' OR EXISTS (SELECT 1 FROM action_transitions t "
            "WHERE t.action_id = a.id AND t.to_status = 'awaiting_approval'))");
        q.bind(1, int64_t(::getpid())).bind(2, floor_id_);
        while (q.step()) {
            long long id = q.column_int(0);
            if (!announced_.insert(id).second) continue;
            std::fprintf(out_,
                         "%s: %s: action %lld %s %s waits for a person: `medic actions approve %lld --as NAME` "
                         "or `medic actions reject %lld --reason TEXT` from any terminal, or the GUI\n",
                         who_.c_str(), q.column_text(3).c_str(), id, q.column_text(1).c_str(), q.column_text(2).c_str(), id, id);
            std::fflush(out_);
        }
    } catch (const std::exception& e) {
        // The run itself reports database trouble; one line here is enough.
        db.reset();
        if (announced_.insert(-1).second) std::fprintf(out_, "%s: cannot watch for approvals: %s\n", who_.c_str(), e.what());
    }
}

}  // namespace medic::cli
