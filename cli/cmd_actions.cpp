// cli/cmd_actions.cpp: `medic actions list [--status S] [--json] |
// show ID | approve ID [--as NAME] [--comment TEXT] | reject ID --reason TEXT
// [--as NAME] | cancel ID [--reason TEXT]` over the shared database
// (--db PATH, default $MEDIC_DB or medic.db). Decisions go through the
// database, so an engine running in another process picks them up; two
// approvers at once: one conditional UPDATE wins.
#include "command.hpp"
#include "common_flags.hpp"

#include "actions/service.hpp"
#include "store/action_store.hpp"
#include "store/approval_store.hpp"

#include <cstdio>
#include <cstdlib>
#include <ctime>

namespace medic::cli {
namespace {

struct Opts {
    std::string db, who, reason, status;
    bool json = false;
    int limit = 50;
    std::vector<std::string> positional;
};

// --limit N: 1..1000000 (atoi read "x" as 0 and listed nothing).
bool parse_limit(const std::string& v, int& out) {
    std::string err;
    auto n = parse_whole("--limit", v, 1, 1000000, &err);
    if (!n) return std::fprintf(stderr, "medic actions: %s\n", err.c_str()), false;
    out = int(*n);
    return true;
}

// --status S: one of the statuses an action can have (a typo listed nothing).
bool valid_status(const std::string& s) {
    if (s.empty() || actions::parse_status(s)) return true;
    std::string names;
    for (const char* n : actions::kActionStatusNames) names += std::string(names.empty() ? "" : ", ") + n;
    std::fprintf(stderr, "medic actions: --status must be one of %s; got '%s'\n", names.c_str(), s.c_str());
    return false;
}

bool parse(const Args& args, Opts& o) {
    const char* db = std::getenv("MEDIC_DB");
    const char* user = std::getenv("USER");
    o.db = db && *db ? db : "medic.db";
    o.who = user && *user ? user : "";
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--json") { o.json = true; continue; }
        bool takes = a == "--db" || a == "--as" || a == "--reason" || a == "--comment" || a == "--status" || a == "--limit";
        if (takes) {
            if (i + 1 >= args.size()) return std::fprintf(stderr, "medic actions: %s needs a value\n", a.c_str()), false;
            const std::string& v = args[++i];
            if (a == "--db") o.db = v;
            else if (a == "--as") o.who = v;
            else if (a == "--reason" || a == "--comment") o.reason = v;
            else if (a == "--status") o.status = v;
            else if (!parse_limit(v, o.limit)) return false;
            continue;
        }
        if (a.rfind("--", 0) == 0) return std::fprintf(stderr, "medic actions: unknown option %s\n", a.c_str()), false;
        o.positional.push_back(a);
    }
    return true;
}

std::string when(int64_t ms) {
    std::time_t t = std::time_t(ms / 1000);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", std::gmtime(&t));
    return buf;
}

int list(const Opts& o) {
    auto db = store::Database::open(o.db);
    store::ensure_write_path_schema(*db);
    auto rows = store::list_actions(*db, o.status, o.limit);
    if (o.json) {
        std::printf("[");
        for (size_t i = 0; i < rows.size(); ++i) std::printf("%s%s", i ? "," : "", store::action_json(rows[i]).c_str());
        std::printf("]\n");
        return 0;
    }
    if (rows.empty()) std::printf("no actions\n");
    for (const auto& r : rows)
        std::printf("%6lld  %-18s %-17s %-8s %-7s %s  %s\n", (long long)r.id, r.kind.c_str(), actions::status_name(r.status),
                    r.risk.c_str(), r.mode.c_str(), r.actor.c_str(), r.description.empty() ? r.params.c_str() : r.description.c_str());
    return 0;
}

// The text value of "key" in a detail JSON object the engine wrote (a plain
// string without escapes, e.g. "steps"); "" when absent or not that shape.
// The row comes from a file anyone may have edited: only printable ASCII is
// returned, at most 200 characters.
std::string detail_text(const std::string& detail, const std::string& key) {
    auto at = detail.find("\"" + key + "\":\"");
    if (at == std::string::npos) return "";
    at += key.size() + 4;
    auto end = detail.find('"', at);
    if (end == std::string::npos || end - at > 200) return "";
    std::string v = detail.substr(at, end - at);
    for (char ch : v)
        if (ch < 0x20 || ch > 0x7e || ch == '\\') return "";
    return v;
}

int show(const Opts& o, int64_t id) {
    auto db = store::Database::open(o.db);
    store::ensure_write_path_schema(*db);
    auto r = store::get_action(*db, id);
    if (!r) return std::fprintf(stderr, "medic actions: action %lld not found\n", (long long)id), 1;
    if (o.json) return std::printf("%s\n", store::action_json(*r).c_str()), 0;
    std::printf("action %lld  %s  %s\n  params:    %s\n  risk:      %s   mode: %s\n  requester: %s (origin %s)\n",
                (long long)id, r->kind.c_str(), actions::status_name(r->status), r->params.c_str(), r->risk.c_str(),
                r->mode.c_str(), r->requester.c_str(), r->actor.c_str());
    std::printf("  change:    %s\n  facts:     %s\n  hash:      %s\n", r->description.c_str(), r->facts.c_str(),
                r->params_hash.c_str());
    if (!r->pd_request.empty()) std::printf("  request:   %s\n", r->pd_request.c_str());
    if (!r->result.empty()) std::printf("  observed:  %s\n", r->result.c_str());
    if (!r->error.empty()) std::printf("  error:     %s\n", r->error.c_str());
    if (auto ap = store::latest_approval(*db, id))
        std::printf("  approval:  %s%s%s\n", ap->decision.c_str(), ap->decided_by.empty() ? "" : " by ",
                    ap->decided_by.c_str());
    std::printf("  transitions:\n");
    for (const auto& t : store::list_transitions(*db, id)) {
        std::printf("    %s  %-17s -> %-17s %-22s %s\n", when(t.at_ms).c_str(), t.from.empty() ? "-" : t.from.c_str(),
                    t.to.c_str(), t.actor.c_str(), t.reason.c_str());
        // A folded record (one row for several steps) names its steps.
        std::string steps = detail_text(t.detail, "steps"), by = detail_text(t.detail, "approved_by");
        if (!steps.empty())
            std::printf("%25s(steps: %s%s%s)\n", "", steps.c_str(), by.empty() ? "" : "; approved by ", by.c_str());
    }
    return 0;
}

int decide(const std::string& verb, const Opts& o, int64_t id) {
    actions::ServiceOptions so;
    so.db_path = o.db;
    actions::ActionService svc(so);
    std::string err;
    if (verb == "approve") {
        if (o.who.empty()) return std::fprintf(stderr, "medic actions approve: say who approves with --as NAME\n"), 2;
        err = svc.approve(id, o.who, o.reason);
    } else if (verb == "reject") {
        if (o.reason.empty()) return std::fprintf(stderr, "medic actions reject: --reason TEXT is required\n"), 2;
        err = svc.reject(id, o.who.empty() ? "cli" : o.who, o.reason);
    } else {
        err = svc.cancel(id, o.who.empty() ? "cli" : o.who, o.reason.empty() ? "cancelled from the CLI" : o.reason);
    }
    if (!err.empty()) return std::fprintf(stderr, "medic actions %s: %s\n", verb.c_str(), err.c_str()), 1;
    std::printf("action %lld: %s\n", (long long)id, verb == "approve" ? "approved" : verb == "reject" ? "rejected" : "cancelled");
    return 0;
}

int run_actions(const Args& args) {
    Opts o;
    if (!parse(args, o)) return 2;
    if (o.positional.empty()) {
        std::fprintf(stderr, "usage: medic actions list|show ID|approve ID [--as NAME]|reject ID --reason TEXT|cancel ID\n");
        return 2;
    }
    const std::string verb = o.positional[0];
    if (verb == "list") return !valid_status(o.status) ? 2 : !database_exists("actions", o.db) ? 1 : list(o);
    if (o.positional.size() < 2) return std::fprintf(stderr, "medic actions %s: needs an action id\n", verb.c_str()), 2;
    char* end = nullptr;
    long long id = std::strtoll(o.positional[1].c_str(), &end, 10);
    if (*end || id <= 0) return std::fprintf(stderr, "medic actions: '%s' is not an action id\n", o.positional[1].c_str()), 2;
    if (verb == "show") return database_exists("actions", o.db) ? show(o, id) : 1;
    if (verb == "approve" || verb == "reject" || verb == "cancel") return database_exists("actions", o.db) ? decide(verb, o, id) : 1;
    std::fprintf(stderr, "medic actions: unknown verb '%s'\n", verb.c_str());
    return 2;
}

}  // namespace

MEDIC_COMMAND("actions", "list, show, approve, reject or cancel actions", run_actions);

}  // namespace medic::cli
