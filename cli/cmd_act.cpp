// cli/cmd_act.cpp: `medic act KIND --param value ... [--execute] [--pd URL]
// [--db PATH] [--as NAME] [--no-wait] [--json]`: one action through the same
// safety gate runbooks use. Dry-run unless --execute. With --execute an
// action that needs approval waits (polling the database) for a decision
// made with `medic actions approve` in another terminal, unless --no-wait;
// while it waits, stderr says which action waits and how to decide it.
#include "approval_announcer.hpp"
#include "command.hpp"

#include "actions/service.hpp"

#include <cstdio>
#include <cstdlib>
#include <memory>

namespace medic::cli {
namespace {

std::string env_or(const char* name, const char* fallback) {
    const char* v = std::getenv(name);
    return v && *v ? v : fallback;
}

void usage() {
    std::fprintf(stderr,
                 "usage: medic act KIND [--PARAM VALUE ...] [--execute] [--pd URL] [--db PATH] [--as NAME]\n"
                 "                 [--no-wait] [--json]\n\nactions:\n");
    for (const auto& s : actions::action_specs()) {
        std::string params;
        for (const auto& p : s.params) params += " --" + p.name + (p.required ? "" : "?");
        std::fprintf(stderr, "  %-20s %-8s %s\n      %s\n", s.name.c_str(), actions::risk_name(s.risk), s.summary.c_str(),
                     params.c_str());
    }
}

void print_outcome(const actions::ActionOutcome& o, bool json) {
    if (json) {
        std::printf("{\"action\":%lld,\"status\":\"%s\",\"description\":\"%s\",\"error_code\":\"%s\",\"error\":\"%s\","
                    "\"observed\":\"%s\",\"hash\":\"%s\"}\n",
                    (long long)o.action_id, actions::status_name(o.status), actions::json_escape(o.description).c_str(),
                    o.error_code.c_str(), actions::json_escape(o.error).c_str(), actions::json_escape(o.observed).c_str(),
                    o.hash.c_str());
        return;
    }
    std::printf("action %lld: %s\n", (long long)o.action_id, actions::status_name(o.status));
    if (!o.description.empty()) std::printf("  change:   %s\n", o.description.c_str());
    // Only an action that got as far as executing sent its request; for the
    // others (dry-run, waiting, rejected, refused) it is what would be sent.
    using S = actions::ActionStatus;
    bool sent = o.phases.post_us > 0 || o.status == S::Executing || o.status == S::Verifying ||
                o.status == S::Succeeded || o.status == S::Interrupted;
    for (const auto& c : o.calls) std::printf("  %s %s\n", sent ? "request: " : "would send:", c.text().c_str());
    for (const auto& v : o.verdicts)
        if (!v.allowed() || o.status == actions::ActionStatus::DryRun) std::printf("  gate:     %s\n", v.to_string().c_str());
    if (!o.observed.empty()) std::printf("  observed: %s\n", o.observed.c_str());
    if (!o.error.empty()) std::fprintf(stderr, "medic act: %s\n", o.error.c_str());
    if (o.status == actions::ActionStatus::AwaitingApproval)
        std::printf("  approve with: medic actions approve %lld --as NAME   (hash %s)\n", (long long)o.action_id,
                    o.hash.substr(0, 16).c_str());
}

int run_act(const Args& args) {
    if (args.empty() || args[0] == "--help" || args[0] == "-h") return usage(), args.empty() ? 2 : 0;
    actions::ActionRequest req;
    req.kind = args[0];
    auto* spec = actions::find_action_spec(req.kind);
    if (!spec) {
        std::fprintf(stderr, "medic act: unknown action '%s' (see medic act --help)\n", req.kind.c_str());
        return 2;
    }
    std::string pd_url = env_or("MEDIC_PD", ""), db = env_or("MEDIC_DB", "medic.db"), who = env_or("USER", "cli");
    bool json = false;
    for (size_t i = 1; i < args.size(); ++i) {
        std::string a = args[i];
        if (a == "--execute") { req.mode = actions::Mode::Execute; continue; }
        if (a == "--no-wait") { req.wait_for_approval = false; continue; }
        if (a == "--json") { json = true; continue; }
        if (a.rfind("--", 0) != 0 || i + 1 >= args.size()) {
            std::fprintf(stderr, "medic act: expected --NAME VALUE, got '%s'\n", a.c_str());
            return 2;
        }
        std::string value = args[++i], name = a.substr(2);
        if (name == "pd") { pd_url = value; continue; }
        if (name == "db") { db = value; continue; }
        if (name == "as") { who = value; continue; }
        for (auto& ch : name) if (ch == '-') ch = '_';
        auto* p = spec->param(name);
        if (!p) {
            req.params[name] = value;  // check_params names it as unknown
            continue;
        }
        std::string err;
        auto v = actions::parse_param_text(*p, value, err);
        if (!err.empty()) {
            std::fprintf(stderr, "medic act: %s: %s\n", req.kind.c_str(), err.c_str());
            return 2;
        }
        req.params[name] = std::move(v);
    }
    req.actor = who.find(':') == std::string::npos ? "user:" + who : who;
    actions::ServiceOptions opts;
    opts.db_path = db;
    if (!pd_url.empty()) {
        auto eps = pd::parse_endpoints(pd_url);
        if (!eps.ok()) return std::fprintf(stderr, "medic act: --pd: %s\n", eps.error().to_string().c_str()), 2;
        auto client = pd::PdClient::create({eps.value()});
        if (!client.ok()) return std::fprintf(stderr, "medic act: %s\n", client.error().to_string().c_str()), 2;
        opts.pd = std::shared_ptr<pd::PdClient>(std::move(client.value()));
    }
    // Before the service reserves its action ids: the announcer watches ids above today's newest.
    std::unique_ptr<ApprovalAnnouncer> announcer;
    if (req.mode == actions::Mode::Execute && req.wait_for_approval)
        announcer = std::make_unique<ApprovalAnnouncer>(db, stderr, "medic act");
    actions::ActionService svc(opts);
    for (int64_t id : svc.recovered())
        std::fprintf(stderr, "medic act: action %lld was interrupted by a crash (not re-sent)\n", (long long)id);
    auto out = svc.submit(req);
    announcer.reset();
    print_outcome(out, json);
    if (out.status == actions::ActionStatus::AwaitingApproval) return 3;
    return out.ok() ? 0 : 1;
}

}  // namespace

MEDIC_COMMAND("act", "run one typed action through the safety gate (dry-run unless --execute)", run_act);

}  // namespace medic::cli
