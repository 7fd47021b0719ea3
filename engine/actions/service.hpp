// engine/actions/service.hpp: ActionService, the one entry point through
// which runbooks, the advisor, the CLI and the GUI act on the cluster.
//
// submit() runs the whole gated pipeline for one action:
//   check params -> proposed -> fetch facts, plan (validate, idempotency)
//   -> validated | skipped | failed -> dry_run (default: nothing sent)
//   or the gate (kill switch, observe-only, maintenance window, cooldown,
//   blast radius, autonomy) -> approved | awaiting_approval | rejected
//   -> (approval decided in the database by a person; re-validated; an
//   approval bound to facts that changed is void) -> rate limit, locks,
//   kill switch -> executing (audited durably BEFORE the PD request) ->
//   verifying (post-condition polled on observed state) -> succeeded | failed.
// Every transition is written (time, actor, reason) before what depends on it.
// Steps written in the same batch are folded into one row that names them
// with their times: a dry-run (proposed -> dry_run), an executed action that
// goes straight through the gate (proposed -> executing, written durably
// before the PD request) and a post-condition that held at the first look
// (executing -> succeeded); store/action_store.hpp. Every other walk is
// written step by step.
//
// Waiting for an approval never needs a blocked thread: submit() with
// wait_for_approval=false returns awaiting_approval; the caller polls
// approval_state() (one indexed read) and calls resume() once decided, or
// uses submit_async() whose callback fires when the action ends.
//
// Thread-safe: any number of threads may call submit() concurrently.
#pragma once

#include "actions/kind.hpp"
#include "actions/params.hpp"
#include "actions/spec.hpp"
#include "actions/status.hpp"
#include "pd/pd_client.hpp"
#include "safety/kill_switch.hpp"
#include "safety/locks.hpp"
#include "safety/policy.hpp"
#include "safety/token_bucket.hpp"
#include "safety/verdict.hpp"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <semaphore>
#include <string>
#include <thread>
#include <vector>

namespace medic::store {
class Database;
class DbWriter;
}  // namespace medic::store

namespace medic::actions {

enum class Mode : unsigned char { DryRun, Execute };

struct ActionRequest {
    std::string kind;        ///< "transfer_leader"
    ParamMap params;
    std::string actor;       ///< origin: "user:alice", "runbook:drain.lua:12", "advisor:rules", "engine"
    std::string requester;   ///< who asks; "" = actor. Can never approve this action.
    Mode mode = Mode::DryRun;
    int64_t run_id = 0;      ///< runbook run (per-run blast-radius budget); 0 = none
    bool wait_for_approval = true;  ///< false: return awaiting_approval at once
};

/// Where one action's wall time went, in microseconds (0: the phase did not
/// run). For the benchmark's per-phase breakdown; nothing decides on it.
struct PhaseTimes {
    int64_t facts_us = 0;    ///< params check, facts read from PD, validation / plan
    int64_t gate_us = 0;     ///< gate verdicts, rate limit, locks, staging the records
    int64_t durable_us = 0;  ///< the durable record before the PD request (commit + fsync wait)
    int64_t post_us = 0;     ///< the PD request(s)
    int64_t verify_us = 0;   ///< post-condition reads until it holds
    int64_t outcome_us = 0;  ///< the outcome record (committed; its fsync is deferred)
};

struct ActionOutcome {
    int64_t action_id = 0;
    ActionStatus status = ActionStatus::Failed;
    std::string description;  ///< the expected change, one line
    std::vector<safety::Verdict> verdicts;
    std::string error_code;   ///< "" or e.g. "store_not_up", "kill_switch", "pd_error", "timeout"
    std::string error;        ///< one line
    std::string observed;     ///< what verification saw
    std::string hash;         ///< approval hash (kind + params + facts)
    std::vector<PdCall> calls;  ///< what was (or in dry-run: would be) sent
    PhaseTimes phases;        ///< where the time went (benchmark breakdown)

    bool ok() const {
        return status == ActionStatus::Succeeded || status == ActionStatus::Skipped || status == ActionStatus::DryRun;
    }
};

enum class ApprovalState { None, Pending, Approved, Rejected, Expired };

inline constexpr int kDefaultPdInflight = 16;
inline constexpr int kDefaultDryRunFactsMaxAgeMs = 250;
inline constexpr int kDefaultDryRunDeferMs = 2;

struct ServiceOptions {
    std::string db_path;
    std::shared_ptr<pd::PdClient> pd;   ///< required for PD actions
    bool durable = true;                ///< synchronous=FULL group commit (false: NORMAL)
    /// Records with no outside effect waiting on them (Sync::Soon) are
    /// fsynced at most this long after they commit (store::DbWriter).
    int idle_sync_ms = 20;
    std::optional<safety::Policy> policy;  ///< nullopt: load from the settings table
    int approval_poll_ms = 100;
    int verify_poll_ms = 50;
    /// Time of verification waits, for sessions on a simulated clock (both
    /// set, or neither): now_s() is the clock in seconds (verification
    /// deadlines: plan timeout_s of clock time), verify_pause() replaces the
    /// verify_poll_ms sleep between two polls and returns once the clock has
    /// moved. Unset: real time.
    std::function<double()> now_s;
    std::function<void()> verify_pause;
    int db_poll_ms = 100;               ///< kill switch watcher
    int workers = 4;                    ///< submit_async threads
    /// PD requests this service has in flight at once. Every request holds a
    /// pooled keep-alive connection (PdClient reuses its handles), so this
    /// also bounds the connections medic keeps open to PD: an HTTP server
    /// with a fixed worker pool serves a kept-alive connection until it goes
    /// idle, and more connections than workers stall each other.
    /// 0 = the setting `pd.max_inflight` (settings table), default 16.
    int max_pd_inflight = 0;
    /// Dry-runs validate on facts up to this old (ms), shared by every dry-run
    /// in that window (facts_cache.hpp); the record states the age used.
    /// Executed actions always read fresh facts. 0 = always fresh;
    /// -1 = the setting `actions.dry_run_facts_max_age_ms`, default 250.
    int dry_run_facts_max_age_ms = -1;
    /// Deferred dry-run records (the default): a dry-run's record (its
    /// action row with an id reserved in advance, one transition row, one
    /// audit row; store::insert_dry_run) is queued and committed with the
    /// next batch, many dry-runs per commit, and submit() returns without
    /// waiting for the commit. Why the default: a dry-run sends nothing to
    /// PD, and a commit per dry-run (~90 us p50 here, bench/RESULTS.md
    /// `## write path`) caps one caller far below 20,000 dry-runs/s. What
    /// still holds (tests/engine/actions/deferred_test.cpp):
    ///  - a queued record is committed before any later batch, so before
    ///    the durable batch of a live action submitted after it: the audit
    ///    order is the order of the calls;
    ///  - it is committed within dry_run_defer_ms otherwise, and when the
    ///    service is destroyed;
    ///  - any reader in this process (`list`, `show`, the GUI, test.audit)
    ///    commits queued records before it reads (store/deferred_flush.hpp).
    /// The price: another process sees the record up to dry_run_defer_ms
    /// after submit() returned, and a crash in that window loses it (no
    /// cluster change goes unrecorded: a dry-run sends nothing).
    /// false: submit() returns once the record is committed.
    bool defer_dry_run_records = true;
    /// How long a deferred record may wait for a batch (ms).
    int dry_run_defer_ms = kDefaultDryRunDeferMs;
    /// Test hook: "after_audit_before_pd" or "after_pd_before_audit" makes the
    /// process exit(99) at that point (crash-injection tests). Default: the
    /// MEDIC_CRASH_AT environment variable.
    std::string crash_at;
};

/// What engaging the kill switch did.
struct KillReport {
    std::vector<std::string> cancelled_operators;  ///< "region 12 (action 7)"
    std::vector<std::string> errors;
    std::vector<std::string> schedulers_to_remove; ///< "evict-leader-scheduler store 4 (action 9): medic act remove_evict_leader --store 4"
    int frozen_approvals = 0;
};

class ReadCoalescer;
class FactsCache;

class ActionService {
public:
    explicit ActionService(ServiceOptions opts);
    ~ActionService();
    ActionService(const ActionService&) = delete;
    ActionService& operator=(const ActionService&) = delete;

    /// Run one action through the gate (see the file comment).
    ActionOutcome submit(const ActionRequest& req);
    /// Same, on a worker thread; `done` gets the final outcome (also after an
    /// approval wait, without a thread blocked meanwhile).
    void submit_async(ActionRequest req, std::function<void(const ActionOutcome&)> done);

    /// The decision state of an action's newest approval (expires due ones).
    ApprovalState approval_state(int64_t action_id);
    /// Continue an action that was awaiting approval (after approval_state()
    /// left Pending). Blocks for execution and verification.
    ActionOutcome resume(int64_t action_id);

    /// Decide as `approver` (never the requester; refused while the kill switch is on).
    /// Returns "" on success, else why not.
    std::string approve(int64_t action_id, const std::string& approver, const std::string& comment = "");
    std::string reject(int64_t action_id, const std::string& by, const std::string& reason);
    /// Cancel an action that has not started executing.
    std::string cancel(int64_t action_id, const std::string& by, const std::string& reason);

    /// Kill switch (persisted; survives restart). engage() returns once no
    /// action can start any more, then cancels medic's in-flight operators.
    KillReport engage_kill_switch(const std::string& by, const std::string& reason);
    void release_kill_switch(const std::string& by);
    bool kill_switch_engaged() const { return kill_.engaged(); }

    /// Actions marked interrupted when this service started (crash recovery).
    const std::vector<int64_t>& recovered() const { return recovered_; }
    /// A copy: set_policy() may replace it meanwhile.
    safety::Policy policy() const;
    void set_policy(const safety::Policy& p);
    store::DbWriter& writer() { return *writer_; }

    /// Pipeline state of one action (service_internal.hpp); internal.
    struct Ctx;

private:
    // service.cpp
    ActionOutcome run(Ctx& c);
    bool propose(Ctx& c);
    bool plan(Ctx& c, bool revalidate);
    ActionOutcome dry_run(Ctx& c);
    bool gate(Ctx& c);
    std::vector<safety::Verdict> gate_verdicts(Ctx& c);
    ActionOutcome finish(Ctx& c, ActionStatus to, const std::string& code, const std::string& msg);
    void move(Ctx& c, ActionStatus to, const std::string& actor, const std::string& reason,
              const std::string& detail = "{}");
    // service_approval.cpp
    ActionOutcome await_approval(Ctx& c);
    ActionOutcome after_decision(Ctx& c, ApprovalState st);
    void watcher_loop();
    // service_exec.cpp
    ActionOutcome execute(Ctx& c);
    ActionOutcome run_local(Ctx& c);
    bool send(Ctx& c, ActionOutcome& out);
    void stage_executing(Ctx& c);
    ActionOutcome verify(Ctx& c);
    void crash_point(const char* where);

    ServiceOptions opts_;
    safety::Policy policy_;
    std::unique_ptr<store::DbWriter> writer_;
    std::mutex read_mu_;
    std::unique_ptr<store::Database> reader_;
    safety::KillSwitch kill_;
    // Held while the kill switch is engaged and medic's in-flight operators
    // listed and cancelled: an action that sees the switch while verifying
    // ends only after that, so it cannot leave `verifying` (and the list)
    // before its PD operator was cancelled.
    std::mutex kill_mu_;
    std::unique_ptr<std::counting_semaphore<>> pd_slots_;  // opts_.max_pd_inflight
    std::unique_ptr<ReadCoalescer> reads_;                 // concurrent identical PD reads share a request
    std::unique_ptr<FactsCache> dry_facts_;                // dry-runs' bounded-age facts
    std::mutex ids_mu_;                                    // action ids reserved for deferred dry-runs
    int64_t next_id_ = 0, end_id_ = 0;
    int64_t reserve_id();
    safety::LockTable locks_;
    // Replaced by set_policy() under state_mu_: readers take a copy of the
    // pointer (execute()) so a replacement never frees one in use.
    std::shared_ptr<safety::RateLimiter> rate_;
    mutable std::mutex state_mu_;  // policy_, rate_ and the maps below
    std::map<std::string, int64_t> last_failure_ms_;             // cooldown key -> time
    std::map<int64_t, std::pair<uint64_t, uint64_t>> run_moved_;  // run -> leaders, regions
    std::map<int64_t, std::shared_ptr<Ctx>> parked_;             // awaiting approval (resume())
    std::vector<int64_t> recovered_;

    // submit_async: a small pool plus the approval watcher.
    std::mutex pool_mu_;
    std::condition_variable pool_cv_;
    std::vector<std::function<void()>> tasks_;
    std::vector<std::thread> pool_;
    std::map<int64_t, std::function<void(const ActionOutcome&)>> async_waiting_;
    std::atomic<bool> stop_{false};
    std::thread watcher_;
    void post(std::function<void()> task);
};

/// `medic kill on` from a process without a running service: persist the
/// switch, cancel PD operators of actions still executing/verifying (when
/// `pd` is given), and list what medic's actions left behind.
KillReport engage_kill_switch_in_db(store::DbWriter& writer, pd::PdClient* pd, const std::string& by,
                                    const std::string& reason);

}  // namespace medic::actions
