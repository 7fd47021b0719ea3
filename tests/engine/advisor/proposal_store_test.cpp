// tests/engine/advisor/proposal_store_test.cpp: advisor decisions recorded in
// a real SQLite file — envelopes of every outcome, LLM exchanges (redacted),
// the fallback link, the audit row — and read back.
#include <catch2/catch.hpp>

#include <filesystem>
#include <random>

#include "advisor_test_util.hpp"
#include "engine/advisor/proposal/render.hpp"
#include "engine/advisor/record.hpp"
#include "engine/advisor/rules/rule_advisor.hpp"
#include "store/audit_log.hpp"
#include "store/database.hpp"
#include "store/incident_store.hpp"
#include "store/proposal_store.hpp"

using namespace medic::advisor;
namespace fs = std::filesystem;

namespace {
struct TempDb {
    fs::path dir;
    TempDb() {
        dir = fs::temp_directory_path() / ("medic-advisor-" + std::to_string(std::random_device{}()));
        fs::create_directories(dir);
    }
    ~TempDb() { fs::remove_all(dir); }
    std::string path() const { return (dir / "medic.db").string(); }
};
}  // namespace

TEST_CASE("advisor/store: rules and LLM decisions are recorded with exchanges and audit", "[advisor][store]") {
    TempDb tmp;
    auto db = medic::store::Database::open(tmp.path());
    medic::store::ProposalStore ps(*db);

    medic::store::IncidentStore incidents(*db);
    auto opened = incidents.open_or_update({"hot_region:12", "hot_region", "region:12", medic::store::Severity::Warning,
                                            "region 12 is hot", "{\"region_id\":12}"}, 1755770000000);
    AdviceRequest req = hot_region_request();
    req.incident.id = opened.incident.id;
    RuleAdvisor rules;
    ProposalEnvelope env = rules.advise(req);
    int64_t rid = record_envelope(ps, env);
    CHECK(env.id == rid);

    auto run = advise_with({medic::test::load_example("anthropic_error_401.json")}, req,
                           llm::Provider::Anthropic);
    int64_t final_id = record_advice(ps, run.advice);
    REQUIRE(run.advice.fallback);
    CHECK(final_id == run.advice.fallback->id);
    CHECK(run.advice.llm.id == final_id - 1);

    auto db2 = medic::store::Database::open(tmp.path());  // a second connection sees committed rows
    medic::store::ProposalStore ps2(*db2);
    auto rows = ps2.list(10);
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].advisor == "rules");
    CHECK(rows[0].fallback_of == run.advice.llm.id);
    CHECK(rows[0].outcome == "proposal");
    CHECK(rows[0].status == "proposed");
    CHECK(rows[1].advisor == "llm:anthropic/test-model");
    CHECK(rows[1].outcome == "error_fatal");
    CHECK(rows[1].status == "no_action");
    CHECK(rows[2].incident_id == opened.incident.id);
    auto body = json::parse(rows[0].body);
    REQUIRE(body.ok());
    CHECK(body->find("id")->int64() == rows[0].id);
    CHECK(body->find("source")->find("fallback")->find("llm_proposal_id")->int64() == rows[1].id);
    std::string text = render_envelope(body.value());
    CHECK(text.find("outcome: proposal") == 0);
    CHECK(text.find("fallback: LLM anthropic/test-model failed") != std::string::npos);

    auto ex = ps2.exchanges(rows[1].id);
    REQUIRE(ex.size() == 1);
    CHECK(ex[0].status == 401);
    CHECK(ex[0].error.find("authentication_error") != std::string::npos);
    CHECK(ex[0].request_headers.find("<redacted>") != std::string::npos);
    CHECK(ex[0].request_headers.find("SECRET") == std::string::npos);
    CHECK(ex[0].request_body.find("propose_remediation") != std::string::npos);
    CHECK(ps2.exchanges(rows[0].id).empty());

    auto& q = db2->prepare("SELECT count(*) FROM audit WHERE event = 'proposal_recorded'");
    REQUIRE(q.step());
    CHECK(q.column_int(0) == 3);
    q.reset();
    CHECK(ps2.list(10, opened.incident.id).size() == 3);
    // an incident id this database does not know is recorded without the link, never dropped
    ProposalEnvelope stray = rules.advise(hot_region_request());
    stray.incident_id = 4242;
    int64_t sid = record_envelope(ps2, stray);
    REQUIRE(ps2.get(sid).has_value());
    CHECK_FALSE(ps2.get(sid)->incident_id.has_value());
    CHECK(ps2.list(10, 99).empty());
    CHECK_FALSE(ps2.get(12345).has_value());
}

TEST_CASE("advisor/store: a proposal's status changes with its reason, audited, and the chain holds", "[advisor][store]") {
    TempDb tmp;
    auto db = medic::store::Database::open(tmp.path());
    medic::store::ProposalStore ps(*db);
    RuleAdvisor rules;
    ProposalEnvelope env = rules.advise(hot_region_request());
    int64_t id = record_envelope(ps, env);
    CHECK(ps.get(id)->status_reason.empty());

    REQUIRE(ps.set_status(id, "superseded", "engine:pipeline", "runbook hot_region is already awaiting approval"));
    auto row = ps.get(id);
    REQUIRE(row);
    CHECK(row->status == "superseded");
    CHECK(row->status_reason == "runbook hot_region is already awaiting approval");
    CHECK_FALSE(ps.set_status(id + 100, "expired", "engine:pipeline", "no such proposal"));

    auto& q = db->prepare("SELECT actor, subject, detail FROM audit WHERE event = 'proposal_superseded'");
    REQUIRE(q.step());
    CHECK(q.column_text(0) == "engine:pipeline");
    CHECK(q.column_text(1) == "proposal:" + std::to_string(id));
    CHECK(q.column_text(2).find("already awaiting approval") != std::string::npos);
    CHECK_FALSE(q.step());
    q.reset();
    CHECK(medic::store::verify_audit(*db).ok);
}
