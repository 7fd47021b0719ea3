// engine/store/db_writer.hpp: DbWriter, the group-commit writer every
// write-path store uses (the audit chain itself is audit_log.hpp).
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
// Checkpoints: the writer's connection never checkpoints itself
// (wal_autocheckpoint=0); once its WAL holds kCheckpointFrames frames the
// idle thread, on a connection of its own, runs a PASSIVE checkpoint beside
// the commits, then a second one holding the commit turn that copies what
// they wrote meanwhile, so the next commit starts the WAL over (without
// that second pass a WAL under steady commits only ever grew).
#pragma once

#include "store/audit_log.hpp"
#include "store/database.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace medic::store {

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
    // Two wake-up lists, so that a commit does not wake the callers waiting
    // for an fsync, nor an fsync those waiting for a batch (8 callers woke
    // one another needlessly: futex was 12% of the engine's CPU samples).
    std::condition_variable cv_done_;    // a batch committed, the commit turn is free, stop
    std::condition_variable cv_synced_;  // an fsync ended: synced_no_ / syncing_ changed
    std::condition_variable cv_idle_;
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

}  // namespace medic::store
