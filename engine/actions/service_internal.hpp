// engine/actions/service_internal.hpp: ActionService::Ctx, the state of one
// action while it moves through the pipeline, and small helpers shared by
// service*.cpp. Internal to engine/actions.
#pragma once

#include "actions/service.hpp"
#include "store/action_store.hpp"
#include "store/approval_store.hpp"
#include "store/db_writer.hpp"

#include <chrono>
#include <string>

namespace medic::actions {

struct ActionService::Ctx {
    ActionRequest req;
    const ActionSpec* spec = nullptr;
    const KindImpl* kind = nullptr;  ///< nullptr for wait / log / notify
    ParamMap params;
    std::string params_json;
    int64_t id = 0;
    ActionStatus status = ActionStatus::Proposed;
    Facts facts;
    Plan plan;
    std::string hash;
    std::vector<safety::Verdict> verdicts;
    std::string error_code, error, observed;
    std::string approved_by;  ///< the person whose approval released it ("" = policy)
    /// Records not written yet. Transitions before the PD request are staged
    /// and written in one batch: with the executing row and the pd_request
    /// audit row durably (Sync::Now) right before the request, or (dry-run,
    /// refusal, outcome) in one Sync::Soon batch. Nothing outside the process
    /// depends on a staged record before it is flushed.
    std::vector<store::DbWriter::Job> staged;
    /// A dry-run whose row is not staged yet: if it ends as dry_run, its
    /// whole record is ONE job (store::insert_dry_run: action row, one
    /// transition, one audit row); if it ends earlier (invalid, skipped,
    /// PD unreachable), `rec` is inserted as proposed and walked as usual.
    /// An executed PD action is slim the same way until its PD request:
    /// validated and approved are kept here (validated_at_ms, approved_*)
    /// and written as ONE job with executing (store::insert_executing); a
    /// path that leaves it earlier (refusal, approval wait) stages the
    /// ordinary records first (unfold()).
    bool slim = false;
    bool row_staged = false;  ///< the job inserting its row is staged (or written)
    std::string approved_actor, approved_reason, approved_detail;
    int64_t approved_at_ms = 0;
    /// PD accepted the request of a folded action and `verifying` is not
    /// staged yet: if the post-condition holds at the first look, verifying
    /// and succeeded are written as one job (store::finish_verified);
    /// otherwise unfold() stages the verifying transition before anything else.
    /// When PD accepted the request: the first verification look may use
    /// any read sent from then on (ReadCoalescer's relaxed rule).
    std::chrono::steady_clock::time_point accepted_at{};
    bool folded = false;  ///< its records up to executing were written as one (insert_executing)
    bool verifying_pending = false;
    int64_t verifying_at_ms = 0;
    std::string verifying_reason, verifying_detail;
    store::ActionRecord rec;
    int64_t validated_at_ms = 0;
    bool deferred = false;   ///< a dry-run whose records are post()ed (ServiceOptions::defer_dry_run_records)
    int64_t lock_owner = 0;  ///< LockTable holder (the id, or a token before the id exists)
    PhaseTimes phases;
    std::chrono::steady_clock::time_point mark = std::chrono::steady_clock::now();

    /// Add the time since the last lap to `phase` (PhaseTimes).
    void lap(int64_t PhaseTimes::*phase) {
        auto now = std::chrono::steady_clock::now();
        phases.*phase += std::chrono::duration_cast<std::chrono::microseconds>(now - mark).count();
        mark = now;
    }

    const std::string& actor() const { return req.actor; }
    const std::string& requester() const { return req.requester.empty() ? req.actor : req.requester; }
    bool human() const { return req.actor.rfind("user:", 0) == 0; }
    std::string subject() const { return "action:" + std::to_string(id); }
    std::string cooldown_key() const { return req.kind + params_json; }
};

/// Queue a record of `c` for its next flush().
inline void stage(ActionService::Ctx& c, store::DbWriter::Job job) { c.staged.push_back(std::move(job)); }
/// Stage the transition c.status -> `to` (timed now) and set c.status.
void stage_move(ActionService::Ctx& c, ActionStatus to, std::string actor, std::string reason,
                std::string detail = "{}", int64_t at_ms = 0);
/// Stage the insert of c.rec as a proposed action, once (slim dry-runs that
/// end before dry_run(), and every other action).
void stage_row(ActionService::Ctx& c);
/// Stage the ordinary records of what a slim action has kept back (its row,
/// validated, approved; or a pending verifying), so that the next record can
/// be written the usual way. No-op when nothing is kept back.
void unfold(ActionService::Ctx& c);
/// The validated transition's detail JSON.
std::string validated_detail(const ActionService::Ctx& c);
/// Write every staged record of `c` as one job (one transaction, shared with
/// whatever else the writer has queued) with durability `sync`.
void flush(store::DbWriter& w, ActionService::Ctx& c, store::Sync sync);

/// Holds one of the service's PD request slots (ServiceOptions::max_pd_inflight).
class PdSlot {
public:
    explicit PdSlot(std::counting_semaphore<>& s) : s_(s) { s_.acquire(); }
    ~PdSlot() { s_.release(); }
    PdSlot(const PdSlot&) = delete;
    PdSlot& operator=(const PdSlot&) = delete;

private:
    std::counting_semaphore<>& s_;
};

inline int64_t wall_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

inline safety::RiskLevel risk_level(Risk r) { return safety::RiskLevel(int(r)); }

/// JSON array of the calls ("would_send" / "sent").
std::string calls_json(const std::vector<PdCall>& calls);
/// JSON array of verdicts.
std::string verdicts_json(const std::vector<safety::Verdict>& v);
/// The approval hash: SHA-256 over kind, canonical params and the facts.
std::string action_hash(const std::string& kind, const std::string& params_json, const std::string& facts_json);
/// Build an outcome from a context.
ActionOutcome outcome_of(const ActionService::Ctx& c);

}  // namespace medic::actions
