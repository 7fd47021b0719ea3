// engine/store/approval_store.hpp: rows of `approvals`, the cross-process
// channel for human decisions. The engine that waits for a decision polls
// these rows; `medic actions approve` in another terminal (or the GUI)
// decides with one conditional UPDATE (WHERE decision = 'pending' and not
// expired), so of two concurrent approvers exactly one wins.
#pragma once

#include "store/audit_log.hpp"
#include "store/database.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace medic::store {

struct ApprovalRecord {
    int64_t id = 0;
    int64_t action_id = 0;
    std::string action_hash;  ///< hash of kind + params + facts shown to the approver
    std::string decision;     ///< pending | approved | rejected | expired
    std::string requester;
    int64_t requested_at_ms = 0;
    int64_t expires_at_ms = 0;
    int64_t decided_at_ms = 0;
    std::string decided_by;
    std::string comment;
};

/// Open a pending approval for `action_id` (audited). Returns its id.
int64_t request_approval(Database& db, AuditAppender& audit, int64_t action_id, const std::string& hash,
                         const std::string& requester, int64_t expires_at_ms);

enum class DecideResult { Decided, NotPending, NotFound, Expired };

/// Decide the newest pending approval of `action_id`: decision is "approved"
/// or "rejected". Exactly one concurrent caller gets Decided. Audited.
DecideResult decide_approval(Database& db, AuditAppender& audit, int64_t action_id,
                             const std::string& decision, const std::string& by,
                             const std::string& comment, int64_t now_ms);

/// Mark every pending approval whose deadline passed as expired; returns
/// their action ids (audited).
std::vector<int64_t> expire_approvals(Database& db, AuditAppender& audit, int64_t now_ms);

/// Mark the pending approval of an action void (the action changed); audited.
void void_approval(Database& db, AuditAppender& audit, int64_t action_id, const std::string& reason);

/// Newest approval row of an action.
std::optional<ApprovalRecord> latest_approval(Database& db, int64_t action_id);

}  // namespace medic::store
