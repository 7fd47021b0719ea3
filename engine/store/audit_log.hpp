// engine/store/audit_log.hpp: the append-only, hash-chained audit log
// (rows are written through DbWriter, db_writer.hpp).
//
// Chain: row n stores prev_hash = hash of row n-1 (64 zeros for the first)
// and hash = SHA-256(canonical(seq, at_ms, actor, event, subject, detail,
// prev_hash)), hex. verify_audit() recomputes the chain and reports the first
// row that was changed, removed or moved. The schema's triggers refuse UPDATE
// and DELETE on the table; the chain catches edits made around them (a tool
// that drops the trigger, a patched file).
//
// Secrets: detail JSON passes through redact_secrets() before it is hashed
// and stored.
#pragma once

#include "store/database.hpp"

#include <cstdint>
#include <string>
#include <string_view>
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

/// Read side (any connection): rows in seq order from `after_seq`, at most `limit`.
std::vector<AuditRow> read_audit(Database& db, int64_t after_seq = 0, int64_t limit = -1);

struct AuditVerifyResult {
    bool ok = true;
    int64_t rows = 0;      ///< rows read (a bad row included)
    int64_t verified = 0;  ///< rows whose place and hash checked out, from the first on
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
