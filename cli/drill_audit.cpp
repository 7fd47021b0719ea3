// cli/drill_audit.cpp: the audit-trail check at the end of a drill: every
// proposal is recorded, every action that needed a person has an approval
// row, the plan's actions were executed (auto-approve), the drill's own
// auto-approval is an audit row labelled "drill:auto-approve", and the
// hash chain verifies (`medic audit --verify`).
#include <string>
#include <vector>

#include "drill_runner.hpp"
#include "store/audit_log.hpp"
#include "store/database.hpp"

namespace medic::cli {

void check_audit(DrillReport& rep, const std::vector<int64_t>& pids, bool auto_approve) {
    if (rep.db_path.empty()) return;
    try {
        auto db = store::Database::open(rep.db_path);
        for (int64_t pid : pids) {
            auto& q = db->prepare("SELECT count(*) FROM proposals WHERE id = ?1");
            q.bind(1, pid);
            int64_t n = q.step() ? q.column_int(0) : 0;
            rep.proposal_rows += n;
            if (n != 1) rep.failures.push_back("audit: proposal #" + std::to_string(pid) + " has no row");
            auto& a = db->prepare("SELECT count(*), sum(status IN ('succeeded','skipped')) FROM actions "
                                  "WHERE proposal_id = ?1 AND mode = 'execute'");
            a.bind(1, pid);
            int64_t execd = a.step() ? a.column_int(1) : 0;
            rep.execution_rows += execd;
            // An approval the engine voided (the cluster moved before the
            // action ran) is followed by a fresh request; it counts as neither.
            auto& ap = db->prepare("SELECT count(*), sum(decision = 'approved' AND decided_by = 'drill:auto-approve'), "
                                   "sum(decision = 'pending'), sum(decided_by = 'engine' AND comment LIKE 'void:%') "
                                   "FROM approvals WHERE action_id IN "
                                   "(SELECT id FROM actions WHERE proposal_id = ?1)");
            ap.bind(1, pid);
            int64_t total = 0, by_drill = 0, pending = 0, voided = 0;
            if (ap.step()) {
                total = ap.column_int(0);
                by_drill = ap.column_int(1);
                pending = ap.column_int(2);
                voided = ap.column_int(3);
            }
            total -= voided;
            rep.approval_rows += total;
            if (!auto_approve) continue;
            auto& lab = db->prepare("SELECT count(*) FROM audit WHERE actor = 'drill:auto-approve' AND "
                                    "event = 'proposal_approved' AND subject = ?1");
            const std::string subject = "proposal:" + std::to_string(pid);
            lab.bind(1, subject);
            if (!(lab.step() && lab.column_int(0) == 1))
                rep.failures.push_back("audit: no drill:auto-approve row for proposal #" + std::to_string(pid));
            if (execd == 0)
                rep.failures.push_back("audit: proposal #" + std::to_string(pid) + " has no executed action");
            if (pending > 0 || by_drill != total)
                rep.failures.push_back("audit: proposal #" + std::to_string(pid) + ": " + std::to_string(total) +
                                       " approval(s), " + std::to_string(by_drill) + " by drill:auto-approve, " +
                                       std::to_string(pending) + " pending");
        }
        store::AuditVerifyResult v = store::verify_audit(*db);
        rep.audit_rows = v.rows;
        rep.audit_ok = v.ok;
        rep.audit_problem = v.problem;
        if (!v.ok) rep.failures.push_back("audit --verify: " + v.problem);
    } catch (const std::exception& e) {
        rep.failures.push_back(std::string("audit check: ") + e.what());
    }
}

}  // namespace medic::cli
