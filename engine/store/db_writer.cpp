// engine/store/db_writer.cpp: the group-commit writer: batches, fsyncs,
// checkpoints, posted jobs and flush-on-read (db_writer.hpp).
#include "store/db_writer.hpp"

#include "store/action_store.hpp"
#include "store/deferred_flush.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <stdexcept>

namespace medic::store {

// ---------------------------------------------------------------- writer

DbWriter::DbWriter(const std::string& path, bool durable, int idle_sync_ms, int defer_ms)
    : path_(path), durable_(durable), defer_ms_(defer_ms), idle_sync_ms_(idle_sync_ms), db_(Database::open(path)) {
    if (const char* fn = sqlite3_db_filename(db_->handle(), "main")) filename_ = fn;
    set_full(false);  // durability comes from an fsync of the WAL after the commit (sync_durable)
    ensure_write_path_schema(*db_);  // outside any transaction (migrations open their own)
    // The job SAVEPOINTs are prepared once (exec() would parse them per job).
    for (const char* sql : {"SAVEPOINT job", "RELEASE job", "ROLLBACK TO job"}) db_->prepare(sql);
    db_->exec("PRAGMA wal_autocheckpoint=0");
    sqlite3_wal_hook(db_->handle(), &DbWriter::wal_hook, this);
    idle_thread_ = std::thread([this] { idle_sync_loop(); });
    detail::register_writer(this);
}

sqlite3* DbWriter::handle() const { return db_->handle(); }

void DbWriter::flush() {
    {
        std::lock_guard lk(mu_);
        if (posted_ == 0 && !committing_) return;
    }
    // An empty job queued behind every posted one: its batch holds them, or
    // an earlier batch did.
    run([](Database&, AuditAppender&) {}, Sync::Soon);
}

// Called by SQLite in the leader's thread after each commit (no lock held).
int DbWriter::wal_hook(void* self, sqlite3*, const char*, int frames) {
    auto* w = static_cast<DbWriter*>(self);
    // `frames` is the WAL's size in frames: it grows by what this commit
    // wrote, or starts over after a checkpoint let the WAL restart.
    w->frames_ += uint64_t(frames >= w->wal_frames_ ? frames - w->wal_frames_ : frames);
    w->wal_frames_ = frames;
    if (frames >= kCheckpointFrames && !w->checkpoint_due_.exchange(true)) {
        std::lock_guard lk(w->mu_);  // the idle thread checks the flag under it: no lost wake-up
        w->cv_idle_.notify_one();
    }
    return SQLITE_OK;
}

// PASSIVE checkpoints copy what no reader still needs into the database file
// and never wait; an error (a busy checkpointer elsewhere) only postpones the
// work to the next due point. Two passes, so that the WAL starts over instead
// of growing for as long as commits keep coming: SQLite restarts the WAL at
// a commit only if every frame was copied back when that commit's
// transaction began, and a checkpoint beside the commits never gets there
// (they add frames while it copies; under sustained load the WAL grew to
// 200 MB in 6,000 bench actions, every frame an append and every fsync with
// it). Pass 1 copies beside the commits; pass 2 holds the commit turn while
// it copies the few frames written meanwhile, then hands the turn back.
// Readers in other processes may still hold old frames: then the WAL keeps
// growing until a later checkpoint finds them gone.
void DbWriter::checkpoint() {
    try {
        if (!ckpt_db_) ckpt_db_ = Database::open(path_);
        sqlite3* h = ckpt_db_->handle();
        if (sqlite3_wal_checkpoint_v2(h, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr) != SQLITE_OK) return;
        std::unique_lock lk(mu_);
        checkpoint_turn_ = true;  // callers queue behind this pass instead of leading batches before it
        cv_done_.wait(lk, [&] { return !committing_ || stop_; });
        checkpoint_turn_ = false;
        if (stop_) {
            cv_done_.notify_all();
            return;
        }
        committing_ = true;  // no batch commits while the rest is copied
        lk.unlock();
        sqlite3_wal_checkpoint_v2(h, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        lk.lock();
        committing_ = false;
        cv_done_.notify_all();  // callers queued meanwhile: one of them leads the next batch
    } catch (const DbError&) {
    }
}

void DbWriter::set_full(bool full) {
    if (full == full_) return;
    db_->exec(full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
    full_ = full;
}

// Make every committed frame durable: fdatasync the WAL file (the commits
// wrote their frames with synchronous=NORMAL, no sync). fdatasync is what
// SQLite's own unix VFS uses for its WAL and database syncs: it flushes the
// data and the metadata needed to read it back (the file size when the WAL
// grew), and skips the timestamps, which on this ext4 (no journal) saves an
// inode write per sync. Any descriptor of the file flushes it; SQLite keeps
// its own open.
void DbWriter::sync_wal() {
    int fd = ::open((path_ + "-wal").c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;  // no WAL (checkpointed and truncated): nothing pending in it
    ::fdatasync(fd);
    ::close(fd);
    ++syncs_;
}

DbWriter::~DbWriter() {
    detail::unregister_writer(this);  // first: no reader flushes through a writer that is going
    {
        std::unique_lock lk(mu_);
        stop_ = true;
        cv_done_.wait(lk, [&] { return !committing_; });
        if (!queue_.empty()) lead(lk);  // posted jobs nobody committed yet
    }
    cv_idle_.notify_all();
    idle_thread_.join();
    if (unsynced_) sync_wal();
}

void DbWriter::run(Job job, Sync sync) {
    Pending p{std::move(job), sync, nullptr, false};
    {
        std::unique_lock lk(mu_);
        if (stop_) throw std::runtime_error("audit writer is stopped");
        queue_.push_back(&p);
        while (!p.done) {
            if (!p.committed) {
                if (may_lead()) lead(lk);  // our job is queued: this batch or an earlier one holds it
                else cv_done_.wait(lk);
            } else if (synced_no_ >= p.commit_no) {
                p.done = true;  // an fsync that started after our commit has finished
            } else if (!syncing_) {
                sync_durable(lk);
            } else {
                cv_synced_.wait(lk);  // the fsync in flight may predate our commit: wait, then maybe sync again
            }
        }
    }
    if (p.error) std::rethrow_exception(p.error);
}

namespace {

// A post()ed job failed: nobody waits for it, so say it where an operator sees it.
void report_posted_error(const std::exception_ptr& e) {
    try {
        std::rethrow_exception(e);
    } catch (const std::exception& x) {
        std::fprintf(stderr, "medic: a deferred record could not be written: %s\n", x.what());
    } catch (...) {
        std::fprintf(stderr, "medic: a deferred record could not be written\n");
    }
}

}  // namespace

// Run everything queued as one batch in this thread (mu_ held on entry and exit).
void DbWriter::lead(std::unique_lock<std::mutex>& lk) {
    committing_ = true;
    std::vector<Pending*> batch(queue_.begin(), queue_.end());
    queue_.clear();
    posted_ = 0;
    lk.unlock();
    run_batch(batch);
    int posted_done = 0;
    for (auto*& p : batch) {
        if (!p->posted) continue;
        if (p->error) report_posted_error(p->error);
        delete p;
        p = nullptr;
        ++posted_done;
    }
    if (posted_done) detail::g_posted_pending -= posted_done;
    lk.lock();
    uint64_t no = ++commits_;
    for (auto* p : batch) {
        if (!p) continue;
        // Committed; a Now job is done once an fsync covers this commit.
        if (p->sync == Sync::Now && durable_ && !p->error) {
            p->committed = true;
            p->commit_no = no;
        } else {
            p->done = true;
        }
    }
    ++batches_;
    committing_ = false;
    cv_done_.notify_all();
    if (posted_ > 0) cv_idle_.notify_one();  // posted meanwhile: the background thread commits them in time
}

// Make every commit so far durable (mu_ held on entry and exit; one fsync
// in flight at a time). The next batch commits meanwhile: callers of a later
// commit wait for the next fsync, which covers all of them at once.
void DbWriter::sync_durable(std::unique_lock<std::mutex>& lk) {
    syncing_ = true;
    uint64_t target = commits_;
    lk.unlock();
    sync_wal();
    lk.lock();
    synced_no_ = std::max(synced_no_, target);
    if (commits_ == target) unsynced_ = false;  // nothing committed since: the idle thread has nothing to do
    syncing_ = false;
    cv_synced_.notify_all();
}

void DbWriter::post(Job job) {
    auto* p = new Pending{std::move(job), Sync::Soon, nullptr, false, true};
    std::unique_lock lk(mu_);
    if (stop_) {
        delete p;
        throw std::runtime_error("audit writer is stopped");
    }
    queue_.push_back(p);
    ++detail::g_posted_pending;
    if (posted_++ == 0) {
        first_posted_ = std::chrono::steady_clock::now();
        cv_idle_.notify_one();
    }
    // Back-pressure: a caller posting faster than batches commit helps
    // commit them (or waits for the batch in progress), so the queue, the
    // memory it holds and what a crash could lose stay bounded.
    while (posted_ >= kMaxPosted) {
        if (may_lead()) lead(lk);
        else cv_done_.wait(lk);
    }
}

int64_t DbWriter::append(AuditEvent ev, Sync sync) {
    int64_t seq = 0;
    run([&](Database&, AuditAppender& a) { seq = a.append(std::move(ev)); }, sync);
    return seq;
}

// Soon batches are made durable within idle_sync_ms_ of their commit by an
// fsync of the WAL through a descriptor of this thread's own, never on a
// caller's commit path (the old "overdue FULL batch" made one caller in
// every idle_sync_ms_ wait for an fsync it did not need). The same thread
// runs the checkpoints.
void DbWriter::idle_sync_loop() {
    std::unique_lock lk(mu_);
    while (!stop_) {
        if (checkpoint_due_) {
            lk.unlock();
            checkpoint();
            checkpoint_due_ = false;
            lk.lock();
            continue;
        }
        if (posted_ > 0 && !committing_) {  // post()ed jobs: commit them within kDeferMs
            auto at = first_posted_ + std::chrono::milliseconds(defer_ms_);
            if (std::chrono::steady_clock::now() >= at) {
                lead(lk);
                continue;
            }
            if (!unsynced_ || at < unsynced_since_ + std::chrono::milliseconds(idle_sync_ms_)) {
                cv_idle_.wait_until(lk, at);
                continue;
            }
        }
        if (!unsynced_) {
            cv_idle_.wait(lk, [&] { return stop_ || checkpoint_due_ || unsynced_ || (posted_ > 0 && !committing_); });
            continue;
        }
        auto due = unsynced_since_ + std::chrono::milliseconds(idle_sync_ms_);
        if (std::chrono::steady_clock::now() < due) {
            cv_idle_.wait_until(lk, due);
            continue;
        }
        // Frames committed from here on may miss this fsync: they count as
        // unsynced since now.
        auto started = std::chrono::steady_clock::now();
        auto seen = last_commit_;
        uint64_t target = commits_;
        lk.unlock();
        sync_wal();
        lk.lock();
        if (last_commit_ == seen) unsynced_ = false;
        else unsynced_since_ = started;
        if (target > synced_no_) {  // covers Now callers of those commits too
            synced_no_ = target;
            cv_synced_.notify_all();
        }
    }
}

namespace {
// Set while this thread runs a writer's batch: the jobs' statements on the
// writer's own connection must not try to flush (deferred_flush.cpp).
thread_local bool t_in_batch = false;
}  // namespace

void DbWriter::run_batch(std::vector<Pending*>& batch) {
    struct InBatch {
        bool was = t_in_batch;
        InBatch() { t_in_batch = true; }
        ~InBatch() { t_in_batch = was; }
    } in_batch;
    // Every batch commits NORMAL (no fsync inside the commit, so the write
    // lock is held for microseconds); a batch holding Now jobs is made
    // durable by sync_durable() in its callers' threads after the commit,
    // while the next batch may already commit. Soon rows are fsynced by the
    // idle thread (or by the next such fsync).
    try {
        Transaction tx(*db_);
        AuditAppender app(*db_, /*defer_head=*/true);
        app.load_head();
        for (auto* p : batch) {
            auto head = app.head();
            db_->prepare("SAVEPOINT job").run();
            try {
                p->job(*db_, app);
                db_->prepare("RELEASE job").run();
            } catch (...) {
                p->error = std::current_exception();
                db_->prepare("ROLLBACK TO job").run();
                db_->prepare("RELEASE job").run();
                app.set_head(head);
            }
        }
        app.store_head();  // once per batch, in the same transaction as the rows
        tx.commit();
        std::lock_guard lk(mu_);
        last_commit_ = std::chrono::steady_clock::now();
        if (durable_ && !unsynced_) {
            unsynced_ = true;
            unsynced_since_ = last_commit_;
            cv_idle_.notify_one();
        }
    } catch (...) {
        // The commit itself failed (disk full, lock timeout): nothing of this
        // batch is durable, so every caller learns it.
        for (auto* p : batch)
            if (!p->error) p->error = std::current_exception();
    }
}

// ---------------------------------------------------------------- flush on read

namespace detail {

std::atomic<int> g_posted_pending{0};

namespace {
std::mutex g_writers_mu;
std::vector<DbWriter*>& writers() {
    static std::vector<DbWriter*> w;
    return w;
}
}  // namespace

void register_writer(DbWriter* w) {
    std::lock_guard lk(g_writers_mu);
    writers().push_back(w);
}

void unregister_writer(DbWriter* w) {
    std::lock_guard lk(g_writers_mu);
    auto& v = writers();
    v.erase(std::remove(v.begin(), v.end(), w), v.end());
}

void flush_posted_for(sqlite3* reader) {
    // Inside a batch (a job's statements) or a transaction (its snapshot or
    // write lock is already taken; a commit now would wait for it): no.
    if (t_in_batch || sqlite3_get_autocommit(reader) == 0) return;
    const char* fn = sqlite3_db_filename(reader, "main");
    if (!fn || !*fn) return;
    // Held while flushing: a writer cannot be destroyed meanwhile
    // (~DbWriter unregisters first).
    std::lock_guard lk(g_writers_mu);
    for (DbWriter* w : writers())
        if (w->handle() != reader && w->filename() == fn) w->flush();
}

}  // namespace detail

}  // namespace medic::store
