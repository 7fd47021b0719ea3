// cli/cmd_advise.cpp: `medic advise [--incident ID] [--pd URL] [--db PATH]
// [--llm openai|anthropic --llm-url URL --model NAME --api-key-env VAR
// [--structured] [--stream] [--timeout-s N]] [--json]`.
//
// Reads the cluster through one Monitor tick, asks the rule advisor (default)
// or an LLM for a proposal about the incident (or, without --incident, about
// the most severe problem the Monitor sees), records every decision and LLM
// exchange in the database, and prints the outcome class and the proposal or
// the reasons it was rejected. It never executes anything: a proposal's plan
// goes through `medic act` / the GUI like any hand-typed action.
// Exit codes: 0 proposal or no_proposal, 3 rejected_*, 4 error_* without
// fallback, 2 usage or setup errors.
#include "command.hpp"

#include <cstdio>
#include <cstdlib>
#include <optional>

#include "advisor/llm_advisor.hpp"
#include "advisor/proposal/render.hpp"
#include "advisor/record.hpp"
#include "advisor/rules/rule_advisor.hpp"
#include "model/monitor.hpp"
#include "pd/pd_client.hpp"
#include "store/incident_store.hpp"
#include "store/proposal_store.hpp"

namespace medic::cli {
namespace {

struct AdviseOptions {
    std::optional<int64_t> incident;
    std::string pd, db;
    std::string llm, llm_url, model, api_key_env;
    bool structured = false, stream = false, json = false;
    int timeout_s = 60;
};

std::string env_or(const char* name, const char* fallback) {
    const char* v = std::getenv(name);
    return v && *v ? v : fallback;
}

int usage(const char* why) {
    if (why) std::fprintf(stderr, "medic advise: %s\n", why);
    std::fprintf(stderr,
                 "usage: medic advise [--incident ID] [--pd URL] [--db PATH] [--json]\n"
                 "                    [--llm openai|anthropic --llm-url URL --model NAME [--api-key-env VAR]\n"
                 "                     [--structured] [--stream] [--timeout-s N]]\n");
    return 2;
}

bool parse_int(const std::string& s, int64_t& out) {
    char* end = nullptr;
    long long v = std::strtoll(s.c_str(), &end, 10);
    if (s.empty() || *end != '\0' || v <= 0) return false;
    out = v;
    return true;
}

std::optional<AdviseOptions> parse(const Args& args) {
    AdviseOptions o{std::nullopt, env_or("MEDIC_PD", "http://127.0.0.1:2379"), env_or("MEDIC_DB", "medic.db")};
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--json") { o.json = true; continue; }
        if (a == "--structured") { o.structured = true; continue; }
        if (a == "--stream") { o.stream = true; continue; }
        if (i + 1 >= args.size()) return usage(("missing value for " + a).c_str()), std::nullopt;
        const std::string& v = args[++i];
        int64_t n = 0;
        if (a == "--incident" && parse_int(v, n)) o.incident = n;
        else if (a == "--timeout-s" && parse_int(v, n)) o.timeout_s = int(n);
        else if (a == "--pd") o.pd = v;
        else if (a == "--db") o.db = v;
        else if (a == "--llm") o.llm = v;
        else if (a == "--llm-url") o.llm_url = v;
        else if (a == "--model") o.model = v;
        else if (a == "--api-key-env") o.api_key_env = v;
        else return usage(("bad option " + a + " " + v).c_str()), std::nullopt;
    }
    if (!o.llm.empty() && o.llm != "openai" && o.llm != "anthropic")
        return usage("--llm must be openai or anthropic"), std::nullopt;
    if (!o.llm.empty() && (o.llm_url.empty() || o.model.empty()))
        return usage("--llm needs --llm-url and --model"), std::nullopt;
    return o;
}

advisor::IncidentInput from_incident(const store::Incident& i, bool in_db) {
    return {in_db ? i.id : 0, i.kind, i.subject, store::severity_name(i.severity), i.summary, i.evidence};
}

/// The most severe open incident the Monitor sees (it runs on an in-memory
/// database, so its ids are not the shared database's: id 0).
advisor::IncidentInput pick_incident(const model::Monitor& mon) {
    std::optional<store::Incident> best;
    for (const auto& i : mon.open_incidents())
        if (!best || i.severity > best->severity) best = i;
    return best ? from_incident(*best, false) : advisor::IncidentInput{};
}

advisor::llm::LlmConfig llm_config(const AdviseOptions& o) {
    advisor::llm::LlmConfig c;
    c.provider = o.llm == "anthropic" ? advisor::llm::Provider::Anthropic : advisor::llm::Provider::OpenAI;
    c.base_url = o.llm_url;
    c.model = o.model;
    c.api_key_env = o.api_key_env;
    c.mode = o.structured ? advisor::llm::OutputMode::Structured : advisor::llm::OutputMode::Tool;
    c.stream = o.stream;
    c.timeout = std::chrono::seconds(o.timeout_s);
    // Local OpenAI-compatible servers want max_tokens; OpenAI proper wants max_completion_tokens.
    c.legacy_max_tokens = c.provider == advisor::llm::Provider::OpenAI && o.llm_url.find("api.openai.com") == std::string::npos;
    return c;
}

int exit_code(const advisor::ProposalEnvelope& env) {
    switch (env.outcome) {
    case advisor::Outcome::Proposal:
    case advisor::Outcome::NoProposal: return 0;
    case advisor::Outcome::RejectedInvalid:
    case advisor::Outcome::RejectedUnsafe: return 3;
    default: return 4;
    }
}

int run_advise(const Args& args) {
    if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) return usage(nullptr), 0;
    auto o = parse(args);
    if (!o) return 2;
    auto db = store::Database::open(o->db);
    advisor::AdviceRequest req;
    if (o->incident) {
        store::IncidentStore is(*db);
        auto inc = is.get(*o->incident);
        if (!inc) return std::fprintf(stderr, "medic advise: no incident %lld in %s\n", (long long)*o->incident, o->db.c_str()), 2;
        req.incident = from_incident(*inc, true);
    }
    auto eps = pd::parse_endpoints(o->pd);
    if (!eps.ok()) return std::fprintf(stderr, "medic advise: --pd: %s\n", eps.error().to_string().c_str()), 2;
    auto client = pd::PdClient::create({eps.value()});
    if (!client.ok()) return std::fprintf(stderr, "medic advise: %s\n", client.error().to_string().c_str()), 2;
    model::Monitor mon(*client.value(), model::MonitorOptions{});
    mon.request_full_refresh();
    auto rep = mon.tick_once();
    req.snapshot = mon.snapshot();
    if (!req.snapshot || req.snapshot->stores().empty()) {
        std::fprintf(stderr, "medic advise: cannot read the cluster from %s%s%s\n", o->pd.c_str(),
                     rep.errors.empty() ? "" : ": ", rep.errors.empty() ? "" : rep.errors.front().c_str());
        return 2;
    }
    if (!o->incident) req.incident = pick_incident(mon);

    store::ProposalStore ps(*db);
    advisor::ProposalEnvelope final_env;
    if (o->llm.empty()) {
        advisor::RuleAdvisor rules;
        final_env = rules.advise(req);
        advisor::record_envelope(ps, final_env);
    } else {
        advisor::LlmAdvisor adv{advisor::llm::LlmClient(llm_config(*o))};
        advisor::LlmAdvice advice = adv.run(req);
        advisor::record_advice(ps, advice);
        final_env = advice.final_envelope();
        if (advice.fallback && !o->json)
            std::printf("LLM outcome: %s (record #%lld)\n", advisor::outcome_name(advice.llm.outcome), (long long)advice.llm.id);
    }
    advisor::json::Value body = final_env.to_json();
    if (o->json) std::printf("%s\n", advisor::json::serialize(body).c_str());
    else std::printf("%s", advisor::render_envelope(body).c_str());
    return exit_code(final_env);
}

}  // namespace

MEDIC_COMMAND("advise", "ask the rule-based advisor (or an LLM) for a proposal; records it, executes nothing", run_advise);

}  // namespace medic::cli
