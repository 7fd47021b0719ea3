// engine/store/audit_log.hpp: the append-only, hash-chained audit log and
// DbWriter, the group-commit writer every write-path store uses.
//
// Chain: row n stores prev_hash = hash of row n-1 (64 zeros for the first)
// and hash = SHA-256(canonical(seq, at_ms, actor, event, subject, detail,
// prev_hash)), hex. verify_audit() recomputes the chain and reports the first
// row that was changed, removed or moved. The schema's triggers refuse UPDATE
// and DELETE on the table; the chain catches edits made around them (a tool
// that drops the trigger, a patched file).
//
// DbWriter owns one SQLite connection. Callers hand it jobs; every job
// queued at that moment runs in one transaction (each job inside its own
// SAVEPOINT, so one failing job does not undo the others), commits, and only
// then are the callers woken (group commit: concurrent callers share one
// commit and one fsync). Leader/follower: the caller that finds no commit in
// progress runs the batch in its own thread (no hand-off to a writer thread
// and back); the others queue their jobs and wait for the batch that holds
// them. A small background thread fsyncs the WAL for Soon batches.
// Each job says how durable it must be when run() returns (Sync):
//  - Now:  durable: the batch commits (synchronous=NORMAL, so the write
//          lock is held for microseconds), then the WAL is fsynced and only
//          then does run() return. One fsync is in flight at a time; the next
//          batch commits while it runs, and its Now callers share the next
//          fsync (pipelined group commit). The audit row before a PD request
//          is written like this.
//  - Soon: committed (visible to every process, survives a process crash),
//          made durable by the next Now batch or within kIdleSyncMs by an
//          fsync of the WAL file from a small background thread (never on a
//          caller's commit path). Records
//          with no outside effect pending on them (dry-runs, outcomes after
//          the PD request was recorded) use it: no fsync per action.
// A process crash loses nothing committed; a power cut nothing a Now
// caller was told is durable.
// post()ed jobs share the queue with run() jobs, in order: a durable batch
// written after a post() commits the posted job first (in it or before it),
// so the audit order is the order of the calls. A reader on another
// connection of this process commits posted jobs first (deferred_flush.hpp).
// Checkpoints run off the commit path: the writer's connection never
// checkpoints itself (wal_autocheckpoint=0); once its WAL holds
// kCheckpointFrames frames the idle thread runs a PASSIVE checkpoint on a
// connection of its own (it waits for no writer and blocks none).
//
// Secrets: detail JSON passes through redact_secrets() before it is hashed
// and stored.
#pragma once

#include "store/database.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace medic::store {

/// Lower-case hex SHA-256 of `data` (OpenSSL EVP).
std::string sha256_hex(std::string_view data);

inline constexpr const char* kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

struct AuditEvent {
    int64_t at_ms = 0;    ///< 0 = now
    std::string actor;    ///< "engine", "user:alice", "runbook:drain.lua:12", "advisor:rules"
    std::string event;    ///< "action_proposed", "pd_request", "pd_response", ...
    std::string subject;  ///< "action:12", "store:4"
    std::string detail;   ///< JSON object text
};

struct AuditRow {
    int64_t seq = 0;
    AuditEvent ev;
    std::string prev_hash;
    std::string hash;
};

/// The text that is hashed for one row.
std::string audit_canonical(int64_t seq, const AuditEvent& ev, std::string_view prev_hash);

/// Replace the values of secret-looking JSON keys ("url", "routing_key",
/// "token", "password", "authorization", "secret", "api_key") with a redaction
/// that keeps a short SHA-256 fingerprint: "***sha256:1a2b3c4d".
std::string redact_secrets(std::string_view json);

/// Appends audit rows inside a write transaction, keeping the chain head.
class AuditAppender {
public:
    /// defer_head: record the chain head (settings `audit_head`) only when
    /// store_head() is called (DbWriter: once per batch), not with every row.
    explicit AuditAppender(Database& db, bool defer_head = false) : db_(db), defer_head_(defer_head) {}
    /// Read the current head (call at the start of each transaction).
    void load_head();
    /// Append one row; returns its seq.
    int64_t append(AuditEvent ev);
    /// Record the chain head if rows were appended since it was last recorded.
    void store_head();
    std::pair<int64_t, std::string> head() const { return {seq_, hash_}; }
    void set_head(std::pair<int64_t, std::string> h) { seq_ = h.first; hash_ = std::move(h.second); }

private:
    Database& db_;
    bool defer_head_ = false;
    int64_t head_stored_ = -1;  // seq last written to settings (-1: unknown)
    int64_t seq_ = 0;
    std::string hash_ = kGenesisHash;
};

/// How durable a job's rows must be when DbWriter::run() returns.
enum class Sync : unsigned char {
    Now,   ///< durable (fsynced)
    Soon,  ///< committed now, durable within kIdleSyncMs or with the next Now batch
};

class DbWriter {
public:
    using Job = std::function<void(Database&, AuditAppender&)>;
    static constexpr int kIdleSyncMs = 20;
    static constexpr int kCheckpointFrames = 1000;  ///< SQLite's own autocheckpoint default

    /// Open `path` (migrating it). durable=false: every batch commits with
    /// synchronous=NORMAL and nothing is fsynced by the writer (survives a
    /// process crash but not a power cut), whatever the job's Sync says.
    /// `idle_sync_ms`: how long Soon rows may stay un-fsynced (tests raise it
    /// to count only the fsyncs Now jobs force).
    /// `defer_ms`: how long post()ed jobs may wait for a batch (kDeferMs).
    explicit DbWriter(const std::string& path, bool durable = true, int idle_sync_ms = kIdleSyncMs,
                      int defer_ms = kDeferMs);
    ~DbWriter();
    DbWriter(const DbWriter&) = delete;
    DbWriter& operator=(const DbWriter&) = delete;

    /// Run `job` in the next batch and wait until that batch committed (and,
    /// for Sync::Now, is durable). Rethrows what the job threw (its writes are
    /// rolled back, the others' kept).
    void run(Job job, Sync sync = Sync::Now);
    /// Queue `job` and return (at once unless kMaxPosted are already
    /// queued: then the caller commits or waits): it runs with the next batch any
    /// caller commits, or within kDeferMs on the background thread. Nothing
    /// waits for it, so a process crash in that window loses it, and its
    /// errors only go to stderr. For records nothing outside depends on yet
    /// (deferred dry-runs, service.hpp).
    void post(Job job);
    static constexpr int kDeferMs = 2;
    static constexpr int kMaxPosted = 512;  ///< post() waits while this many are queued
    /// Commit every job post()ed so far (returns once they are committed;
    /// at once when none is queued). Readers in this process get this
    /// automatically (deferred_flush.hpp).
    void flush();
    /// The writer's own connection and its database file (deferred_flush.cpp).
    struct sqlite3* handle() const;
    const std::string& filename() const { return filename_; }
    /// Convenience: append one audit event; returns its seq.
    int64_t append(AuditEvent ev, Sync sync = Sync::Now);
    const std::string& path() const { return path_; }
    uint64_t batches() const { return batches_; }
    /// fsyncs issued: for Now jobs plus idle syncs of Soon batches.
    uint64_t syncs() const { return syncs_; }
    /// WAL frames (pages) the writer's commits wrote so far.
    uint64_t frames() const { return frames_; }

private:
    struct Pending {
        Job job;
        Sync sync = Sync::Now;
        std::exception_ptr error;
        bool done = false;
        bool posted = false;  ///< post(): owned by the queue, nobody waits
        bool committed = false;  ///< Now job committed, waiting for an fsync covering commit_no
        uint64_t commit_no = 0;
    };
    void sync_durable(std::unique_lock<std::mutex>& lk);
    void lead(std::unique_lock<std::mutex>& lk);
    void idle_sync_loop();
    void run_batch(std::vector<Pending*>& batch);
    void set_full(bool full);
    void sync_wal();
    void checkpoint();
    /// A caller may lead the next batch (mu_ held): none is committing and
    /// the checkpoint is not waiting for its turn (checkpoint()).
    bool may_lead() const { return !committing_ && !checkpoint_turn_; }
    static int wal_hook(void* self, struct sqlite3* db, const char* name, int frames);

    std::string path_;
    std::string filename_;  // sqlite3_db_filename: what readers of the same file report
    bool durable_ = true;
    int defer_ms_ = kDeferMs;
    int idle_sync_ms_ = kIdleSyncMs;
    bool full_ = false;  // the connection's current synchronous=FULL (leader only)
    std::unique_ptr<Database> db_;  // used by the current leader only
    std::mutex mu_;
    std::condition_variable cv_done_, cv_idle_;
    std::deque<Pending*> queue_;
    bool committing_ = false;  // a leader is running a batch (or the checkpoint's second pass)
    bool checkpoint_turn_ = false;  // the checkpoint waits for the commit turn: nobody else takes it
    uint64_t commits_ = 0;     // batches committed
    uint64_t synced_no_ = 0;   // every commit up to this one is fsynced
    bool syncing_ = false;     // an fsync of the WAL is in flight (sync_durable)
    int posted_ = 0;           // post()ed jobs queued
    std::chrono::steady_clock::time_point first_posted_;
    std::atomic<bool> checkpoint_due_{false};
    std::unique_ptr<Database> ckpt_db_;  // the idle thread's connection for checkpoints
    bool stop_ = false;
    // Guarded by mu_: Soon batches committed since the last fsync.
    bool unsynced_ = false;
    std::chrono::steady_clock::time_point unsynced_since_, last_commit_;
    uint64_t batches_ = 0;
    std::atomic<uint64_t> syncs_{0};
    std::atomic<uint64_t> frames_{0};  // wal_hook (leader's thread, one commit at a time)
    int wal_frames_ = 0;
    std::thread idle_thread_;
};

/// Read side (any connection): rows in seq order from `after_seq`, at most `limit`.
std::vector<AuditRow> read_audit(Database& db, int64_t after_seq = 0, int64_t limit = -1);

struct AuditVerifyResult {
    bool ok = true;
    int64_t rows = 0;
    int64_t bad_seq = 0;  ///< first row that does not verify
    std::string problem;  ///< "row 7: hash does not match its contents (changed)"
};

/// settings key holding the chain head "seq:hash", updated with every row.
inline constexpr std::string_view kAuditHeadKey = "audit_head";

/// Recompute the whole chain and compare its last row with the recorded head
/// (catches rows removed from the end), in one read snapshot.
AuditVerifyResult verify_audit(Database& db);
/// The same without opening the snapshot (the caller holds a transaction).
AuditVerifyResult verify_audit_rows(Database& db);

/// One row as a JSON object (for `medic audit --json`).
std::string audit_row_json(const AuditRow& r);

}  // namespace medic::store
