// engine/store/action_store.hpp: rows of `actions` and `action_transitions`,
// plus the write-path schema additions (migrate_component "write_path").
//
// Contract: a status change is one conditional UPDATE (WHERE status = from)
// plus one transition row plus one audit row, in the caller's transaction;
// an illegal move (actions/status.hpp table) or a lost race throws
// TransitionConflict and writes nothing. Callers write the transition BEFORE
// doing what depends on it (principle 3).
#pragma once

#include "actions/status.hpp"
#include "store/audit_log.hpp"
#include "store/database.hpp"

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace medic::store {

/// Create/upgrade the columns and indexes the write path adds to schema v1.
void ensure_write_path_schema(Database& db);

class TransitionConflict : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ActionRecord {
    int64_t id = 0;
    std::string kind;
    std::string params;       ///< canonical JSON
    std::string params_hash;  ///< approval hash (kind + params + facts)
    std::string risk;
    std::string mode;         ///< "dry_run" | "execute"
    actions::ActionStatus status = actions::ActionStatus::Proposed;
    std::string actor;        ///< origin: "user:alice", "runbook:drain.lua:12", "advisor:rules"
    std::string requester;    ///< who asked (cannot approve)
    std::string description;  ///< the one-line expected change
    std::string facts;        ///< JSON of the snapshot facts it was validated against
    std::string pd_request;   ///< "POST /pd/api/v1/operators {...}" once sent
    std::string result;
    std::string error;
    int64_t owner_pid = 0;
    int64_t created_at_ms = 0;
    int64_t updated_at_ms = 0;
};

struct TransitionRecord {
    int64_t id = 0;
    int64_t action_id = 0;
    std::string from, to, actor, reason, detail;
    int64_t at_ms = 0;
};

/// Insert a new action in status proposed (with its transition and audit row).
/// rec.created_at_ms = 0 means now (else: when it was proposed). rec.id = 0:
/// the next id; else an id this process reserved with reserve_action_ids().
int64_t insert_action(Database& db, AuditAppender& audit, ActionRecord& rec);

/// A dry-run's whole record (status dry_run from the start), written as
/// three rows instead of the ten or so a proposed -> validated -> dry_run walk
/// costs: the action row in its final state, ONE transition row
/// (proposed -> dry_run; its detail names the validation step and its time)
/// and ONE hash-chained audit row `action_dry_run` that carries everything
/// `medic audit` shows of it: kind, params, who asked, what it would send,
/// the gate's verdicts, the facts it was validated on and their age.
struct DryRunRecord {
    ActionRecord rec;             ///< kind, params, params_hash, risk, actor, requester, description, facts, owner_pid, created_at_ms, id
    int64_t validated_at_ms = 0;
    int64_t at_ms = 0;            ///< when it ended as dry_run
    int64_t facts_age_ms = 0;
    std::string would_send;       ///< JSON array of the PD calls it would make
    std::string verdicts;         ///< JSON array of the gate's verdicts
    std::string reason;           ///< one line for the transition row
};
/// Insert it (rec.id = 0: the next id; else a reserved one). Returns the id.
int64_t insert_dry_run(Database& db, AuditAppender& audit, const DryRunRecord& d);

/// An executed action's records up to its PD request, folded like a
/// dry-run's (all of them are written in the one durable batch before the
/// request anyway): the action row inserted in status executing with every
/// field set, ONE transition row (proposed -> executing; its detail names the
/// validated and approved steps, their times, actors and details) and ONE
/// hash-chained audit row `action_executing` carrying kind, params, who asked,
/// the expected change, the approval hash, the facts and their age, the
/// gate's verdicts, who approved and what is sent. Was 4 transitions, 4 audit
/// rows and 6 updates. The step moves are checked against the transition
/// table (proposed -> validated -> approved -> executing).
struct ExecutingRecord {
    ActionRecord rec;  ///< kind, params, params_hash, risk, mode, actor, requester, description, facts, pd_request, owner_pid, created_at_ms
    int64_t validated_at_ms = 0;
    int64_t approved_at_ms = 0;
    int64_t at_ms = 0;             ///< when it moved to executing
    int64_t facts_age_ms = 0;
    std::string approved_by;       ///< actor of the approval step ("engine" = policy)
    std::string approval_reason;   ///< "policy autonomy: ..."
    std::string verdicts;          ///< JSON array of the gate's verdicts
    std::string sent;              ///< JSON array of the PD calls about to be sent
};
/// Insert it (status executing). Returns the id.
int64_t insert_executing(Database& db, AuditAppender& audit, const ExecutingRecord& e);

/// executing -> verifying -> succeeded folded into one status UPDATE (result
/// = what verification observed), ONE transition row (executing ->
/// succeeded; its detail names the verifying step, its time and reason) and
/// ONE audit row `action_succeeded`. For a post-condition that held at the
/// first look, when `verifying` was never written on its own. Throws
/// TransitionConflict if the action is no longer executing.
struct VerifiedRecord {
    int64_t id = 0;
    int64_t verifying_at_ms = 0;
    std::string verifying_reason;  ///< "PD accepted the request; verifying on observed state"
    std::string verifying_detail;  ///< JSON object ({"attempt":1})
    int64_t at_ms = 0;             ///< when the post-condition was seen to hold
    std::string observed;
};
void finish_verified(Database& db, AuditAppender& audit, const VerifiedRecord& v);

/// Reserve `n` action ids for rows this process will insert later with an
/// explicit id (no other writer, in any process, is given them). Returns
/// the first; call inside a write transaction.
int64_t reserve_action_ids(Database& db, int64_t n);

/// Move action `id` from `from` to `to`; throws TransitionConflict. `at_ms`:
/// when the transition happened (0 = now); a record written in a later
/// batch keeps the time of the event.
void transition_action(Database& db, AuditAppender& audit, int64_t id, actions::ActionStatus from,
                       actions::ActionStatus to, const std::string& actor, const std::string& reason,
                       const std::string& detail = "{}", int64_t at_ms = 0);

/// Update informational columns (no status change).
void update_action_fields(Database& db, int64_t id, const std::string* facts,
                          const std::string* params_hash, const std::string* description,
                          const std::string* pd_request, const std::string* result,
                          const std::string* error);

std::optional<ActionRecord> get_action(Database& db, int64_t id);
/// Newest first; status_filter "" = all.
std::vector<ActionRecord> list_actions(Database& db, const std::string& status_filter = "", int limit = 100);
std::vector<TransitionRecord> list_transitions(Database& db, int64_t action_id);

/// Crash recovery: every action left executing/verifying by a process that
/// is gone (owner_pid not alive, or == dead_pid_hint) becomes interrupted.
/// Nothing is re-sent. Returns the ids marked.
std::vector<int64_t> mark_interrupted(Database& db, AuditAppender& audit, const std::string& actor);

/// One action as a JSON object (CLI --json, GUI).
std::string action_json(const ActionRecord& r);

}  // namespace medic::store
