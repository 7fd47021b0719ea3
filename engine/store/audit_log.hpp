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
// DbWriter owns one SQLite connection (synchronous=FULL) and one thread.
// Callers hand it jobs; it runs every job queued at that moment in one
// transaction (each job inside its own SAVEPOINT, so one failing job does not
// undo the others), commits, and only then wakes the callers: when run()
// returns, the job's rows are durable. This is what lets the engine write the
// audit row before it sends a PD request without paying one fsync per action.
//
// Secrets: detail JSON passes through redact_secrets() before it is hashed
// and stored.
#pragma once

#include "store/database.hpp"

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
    explicit AuditAppender(Database& db) : db_(db) {}
    /// Read the current head (call at the start of each transaction).
    void load_head();
    /// Append one row; returns its seq.
    int64_t append(AuditEvent ev);
    std::pair<int64_t, std::string> head() const { return {seq_, hash_}; }
    void set_head(std::pair<int64_t, std::string> h) { seq_ = h.first; hash_ = std::move(h.second); }

private:
    Database& db_;
    int64_t seq_ = 0;
    std::string hash_ = kGenesisHash;
};

class DbWriter {
public:
    using Job = std::function<void(Database&, AuditAppender&)>;

    /// Open `path` (migrating it) with synchronous=FULL (durable=false: NORMAL,
    /// which survives a process crash but not a power cut).
    explicit DbWriter(const std::string& path, bool durable = true);
    ~DbWriter();
    DbWriter(const DbWriter&) = delete;
    DbWriter& operator=(const DbWriter&) = delete;

    /// Run `job` in the next batch and wait until that batch committed.
    /// Rethrows what the job threw (its writes are rolled back, the others' kept).
    void run(Job job);
    /// Convenience: append one audit event durably; returns its seq.
    int64_t append(AuditEvent ev);
    const std::string& path() const { return path_; }
    uint64_t batches() const { return batches_; }

private:
    struct Pending {
        Job job;
        std::exception_ptr error;
        bool done = false;
    };
    void loop();
    void run_batch(std::vector<Pending*>& batch);

    std::string path_;
    std::unique_ptr<Database> db_;
    std::mutex mu_;
    std::condition_variable cv_work_, cv_done_;
    std::deque<Pending*> queue_;
    bool stop_ = false;
    uint64_t batches_ = 0;
    std::thread thread_;
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
