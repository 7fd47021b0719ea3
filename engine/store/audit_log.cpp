// engine/store/audit_log.cpp: hash chain, secret redaction, the appender
// and the verifier (audit_log.hpp).
#include "store/audit_log.hpp"

#include <openssl/evp.h>

#include <array>
#include <cctype>
#include <chrono>
#include <optional>
#include <utility>

namespace medic::store {
namespace {

int64_t now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string json_escape(std::string_view s) {
    std::string out;
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') { out += '\\'; out += char(c); }
        else if (c == '\n') out += "\\n";
        else if (c < 0x20) { char b[8]; std::snprintf(b, sizeof b, "\\u%04x", c); out += b; }
        else out += char(c);
    }
    return out;
}

// End of the JSON string starting at s[i] == '"' (index of the closing quote).
size_t string_end(std::string_view s, size_t i) {
    for (size_t j = i + 1; j < s.size(); ++j) {
        if (s[j] == '\\') ++j;
        else if (s[j] == '"') return j;
    }
    return s.size();
}

// Case-insensitive `key == s || key ends with "_" + s`, without allocating
// (it runs for every key of every audit detail).
bool is_secret_key(std::string_view key) {
    static constexpr std::string_view kSecret[] = {"url", "routing_key", "token", "password",
                                                   "authorization", "secret", "api_key", "webhook"};
    auto ieq = [](std::string_view a, std::string_view b) {
        for (size_t i = 0; i < a.size(); ++i)
            if (std::tolower(static_cast<unsigned char>(a[i])) != b[i]) return false;
        return true;
    };
    for (auto s : kSecret) {
        if (key.size() == s.size() && ieq(key, s)) return true;
        if (key.size() > s.size() && key[key.size() - s.size() - 1] == '_' && ieq(key.substr(key.size() - s.size()), s))
            return true;
    }
    return false;
}

}  // namespace

std::string sha256_hex(std::string_view data) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
    unsigned int len = 0;
    if (EVP_Digest(data.data(), data.size(), md.data(), &len, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("sha256: OpenSSL EVP_Digest failed");
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(len * 2);
    for (unsigned i = 0; i < len; ++i) {
        out += kHex[md[i] >> 4];
        out += kHex[md[i] & 15];
    }
    return out;
}

std::string audit_canonical(int64_t seq, const AuditEvent& ev, std::string_view prev_hash) {
    // Unit separators cannot appear unescaped in our JSON or names, so fields
    // cannot be shifted from one to the next without changing the hash.
    // The time's text must outlive the loop: a temporary string inside the
    // braced list dies before the loop reads it (C++20), which made every
    // hash read freed memory.
    const std::string at = std::to_string(ev.at_ms);
    std::string s = std::to_string(seq);
    for (std::string_view f : {std::string_view(at), std::string_view(ev.actor),
                               std::string_view(ev.event), std::string_view(ev.subject),
                               std::string_view(ev.detail), prev_hash}) {
        s += '\x1f';
        s += f;
    }
    return s;
}

std::string redact_secrets(std::string_view json) {
    std::string out;
    out.reserve(json.size());
    size_t i = 0;
    while (i < json.size()) {
        if (json[i] != '"') { out += json[i++]; continue; }
        size_t end = string_end(json, i);
        std::string_view key = json.substr(i + 1, end - i - 1);
        out.append(json.substr(i, end - i + 1));
        i = end + 1;
        size_t j = i;
        while (j < json.size() && json[j] == ' ') ++j;
        if (j >= json.size() || json[j] != ':' || !is_secret_key(key)) continue;
        size_t v = j + 1;
        while (v < json.size() && json[v] == ' ') ++v;
        if (v >= json.size() || json[v] != '"') continue;
        size_t vend = string_end(json, v);
        std::string value(json.substr(v + 1, vend - v - 1));
        out.append(json.substr(i, v - i));
        out += "\"***sha256:" + sha256_hex(value).substr(0, 8) + "\"";
        i = vend + 1;
    }
    return out;
}

// ---------------------------------------------------------------- appender

void AuditAppender::load_head() {
    auto& q = db_.prepare("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1");
    seq_ = 0;
    hash_ = kGenesisHash;
    if (q.step()) {
        seq_ = q.column_int(0);
        hash_ = q.column_text(1);
        q.reset();
    }
    head_stored_ = seq_;  // the head written with that row
}

int64_t AuditAppender::append(AuditEvent ev) {
    if (ev.at_ms == 0) ev.at_ms = now_ms();
    if (ev.detail.empty()) ev.detail = "{}";
    ev.detail = redact_secrets(ev.detail);
    int64_t seq = seq_ + 1;
    std::string hash = sha256_hex(audit_canonical(seq, ev, hash_));
    db_.prepare("INSERT INTO audit(seq, at_ms, actor, event, subject, detail, prev_hash, hash) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
        .bind(1, seq).bind(2, ev.at_ms).bind(3, ev.actor).bind(4, ev.event).bind(5, ev.subject)
        .bind(6, ev.detail).bind(7, hash_).bind(8, hash).run();
    seq_ = seq;
    hash_ = std::move(hash);
    if (!defer_head_) store_head();
    return seq;
}

void AuditAppender::store_head() {
    if (seq_ == head_stored_ || seq_ == 0) return;
    // The chain head, kept outside the audit table in the same transaction:
    // removing rows from the end leaves a valid chain, but not this head.
    db_.prepare("INSERT INTO settings(key, value, updated_at_ms, updated_by) VALUES (?1, ?2, ?3, 'audit') "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at_ms = excluded.updated_at_ms, "
                "updated_by = excluded.updated_by")
        .bind(1, std::string(kAuditHeadKey)).bind(2, std::to_string(seq_) + ":" + hash_).bind(3, now_ms()).run();
    head_stored_ = seq_;
}

// ---------------------------------------------------------------- read side

std::vector<AuditRow> read_audit(Database& db, int64_t after_seq, int64_t limit) {
    auto& q = db.prepare(
        "SELECT seq, at_ms, actor, event, subject, detail, prev_hash, hash FROM audit "
        "WHERE seq > ?1 ORDER BY seq LIMIT ?2");
    q.bind(1, after_seq).bind(2, limit);
    std::vector<AuditRow> rows;
    while (q.step()) {
        AuditRow r;
        r.seq = q.column_int(0);
        r.ev = {q.column_int(1), q.column_text(2), q.column_text(3), q.column_text(4), q.column_text(5)};
        r.prev_hash = q.column_text(6);
        r.hash = q.column_text(7);
        rows.push_back(std::move(r));
    }
    return rows;
}

namespace {

// The chain head recorded in the settings table ("seq:hash"); nullopt if none.
std::optional<std::pair<int64_t, std::string>> recorded_head(Database& db) {
    auto& q = db.prepare("SELECT value FROM settings WHERE key = ?1");
    q.bind(1, std::string(kAuditHeadKey));
    if (!q.step()) return std::nullopt;
    std::string v = q.column_text(0);
    q.reset();
    size_t colon = v.find(':');
    if (colon == std::string::npos) return std::pair<int64_t, std::string>{-1, v};
    try {
        return std::pair<int64_t, std::string>{std::stoll(v.substr(0, colon)), v.substr(colon + 1)};
    } catch (const std::exception&) {
        return std::pair<int64_t, std::string>{-1, v};
    }
}

// Compare the chain's last row with the recorded head.
void check_head(Database& db, int64_t last_seq, const std::string& last_hash, AuditVerifyResult& res) {
    auto head = recorded_head(db);
    if (!head) {
        if (last_seq > 0) {
            res.ok = false;
            res.bad_seq = last_seq;
            res.problem = "row " + std::to_string(last_seq) + ": the recorded chain head is missing (it was deleted, or the log was written without it)";
        }
        return;
    }
    if (head->first == last_seq && head->second == last_hash) return;
    res.ok = false;
    res.bad_seq = last_seq + 1;
    res.problem = "row " + std::to_string(last_seq + 1) + ": ";
    res.problem += head->first > last_seq
                      ? "the log ends at row " + std::to_string(last_seq) + " but its recorded head is row " +
                            std::to_string(head->first) + " (rows were removed from the end)"
                      : "the recorded chain head (row " + std::to_string(head->first) +
                            ") does not match the last row " + std::to_string(last_seq) + " (changed or replaced)";
}

}  // namespace

AuditVerifyResult verify_audit(Database& db) {
    // One read snapshot for the rows and the head: a writer appending
    // meanwhile must not look like a truncation.
    db.exec("SAVEPOINT verify_audit");
    try {
        auto res = verify_audit_rows(db);
        db.exec("RELEASE verify_audit");
        return res;
    } catch (...) {
        db.exec("ROLLBACK TO verify_audit");
        db.exec("RELEASE verify_audit");
        throw;
    }
}

AuditVerifyResult verify_audit_rows(Database& db) {
    AuditVerifyResult res;
    {
        // A dropped table is tampering too, not an SQL error to pass on.
        auto& t = db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'audit'");
        bool present = t.step() && t.column_int(0) == 1;
        t.reset();
        if (!present) {
            res.ok = false;
            res.bad_seq = 1;
            res.problem = "no audit table (it was dropped)";
            return res;
        }
    }
    auto& q = db.prepare(
        "SELECT seq, at_ms, actor, event, subject, detail, prev_hash, hash FROM audit ORDER BY seq");
    std::string prev = kGenesisHash;
    int64_t prev_seq = 0;
    auto fail = [&](int64_t seq, std::string why) {
        res.ok = false;
        res.bad_seq = seq;
        res.problem = "row " + std::to_string(seq) + ": " + why;
    };
    while (q.step()) {
        ++res.rows;
        AuditRow r;
        r.seq = q.column_int(0);
        r.ev = {q.column_int(1), q.column_text(2), q.column_text(3), q.column_text(4), q.column_text(5)};
        r.prev_hash = q.column_text(6);
        r.hash = q.column_text(7);
        if (r.seq != prev_seq + 1)
            fail(r.seq, "follows row " + std::to_string(prev_seq) + " (a row was removed or renumbered)");
        else if (r.prev_hash != prev)
            fail(r.seq, "prev_hash does not match the previous row's hash (a row was removed or moved)");
        else if (sha256_hex(audit_canonical(r.seq, r.ev, r.prev_hash)) != r.hash)
            fail(r.seq, "hash does not match its contents (the row was changed)");
        if (!res.ok) {
            q.reset();
            return res;
        }
        res.verified = res.rows;
        prev = r.hash;
        prev_seq = r.seq;
    }
    check_head(db, prev_seq, prev, res);
    return res;
}

std::string audit_row_json(const AuditRow& r) {
    return "{\"seq\":" + std::to_string(r.seq) + ",\"at_ms\":" + std::to_string(r.ev.at_ms) +
           ",\"actor\":\"" + json_escape(r.ev.actor) + "\",\"event\":\"" + json_escape(r.ev.event) +
           "\",\"subject\":\"" + json_escape(r.ev.subject) + "\",\"detail\":" +
           (r.ev.detail.empty() ? "{}" : r.ev.detail) + ",\"prev_hash\":\"" + r.prev_hash +
           "\",\"hash\":\"" + r.hash + "\"}";
}

}  // namespace medic::store
