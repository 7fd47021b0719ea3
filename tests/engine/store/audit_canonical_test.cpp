// tests/engine/store/audit_canonical_test.cpp: the text an audit row's hash
// covers (audit_canonical) holds every field exactly, and a row appended with
// such a timestamp verifies. The timestamp used to be formatted into a
// temporary std::string that died before it was appended (a dangling
// string_view: stack-use-after-scope under ASan for 13-digit times,
// heap-use-after-free for longer ones), so the hash could cover bytes that
// were no longer the timestamp.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

#include "store/audit_log.hpp"
#include "store/database.hpp"
#include "temp_dir.hpp"

using namespace medic::store;
using medic::test::TempDir;

namespace {

std::string expected(int64_t seq, const AuditEvent& ev, const std::string& prev) {
    const char us = '\x1f';
    return std::to_string(seq) + us + std::to_string(ev.at_ms) + us + ev.actor + us + ev.event + us + ev.subject + us +
           ev.detail + us + prev;
}

}  // namespace

TEST_CASE("audit_canonical holds the timestamp and every field", "[store][audit]") {
    // 13 digits (milliseconds since the epoch today) fit a std::string's
    // inline buffer; 19 digits need a heap block of their own.
    for (int64_t at : {int64_t(1763900000123), int64_t(1234567890123456789), int64_t(-42)}) {
        AuditEvent ev{at, "user:alice", "pd_request", "action:12", "{\"kind\":\"set_store_limit\"}"};
        INFO(at);
        CHECK(audit_canonical(7, ev, kGenesisHash) == expected(7, ev, kGenesisHash));
    }
}

TEST_CASE("audit rows with long timestamps verify", "[store][audit]") {
    TempDir dir;
    auto db = Database::open(dir.file("a.db"));
    {
        Transaction tx(*db);
        AuditAppender app(*db);
        app.load_head();
        for (int64_t at : {int64_t(1763900000123), int64_t(1234567890123456789), int64_t(999999999999999999)})
            app.append({at, "engine", "test", "store:1", "{}"});
        tx.commit();
    }
    auto hash_of = [&](int64_t seq) {
        auto& q = db->prepare("SELECT hash FROM audit WHERE seq = ?1");
        q.bind(1, seq);
        REQUIRE(q.step());
        std::string h = q.column_text(0);
        q.reset();
        return h;
    };
    AuditEvent second{1234567890123456789, "engine", "test", "store:1", "{}"};
    CHECK(hash_of(2) == sha256_hex(expected(2, second, hash_of(1))));
    CHECK(verify_audit(*db).ok);
}
