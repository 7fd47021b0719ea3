// cli/cmd_proposals.cpp: `medic proposals list [--incident ID] [--limit N]
// [--db PATH] [--json]` and `medic proposals show ID [--exchanges] [--db PATH]
// [--json]`: read the advisor's recorded decisions (every outcome, including
// failed LLM attempts and their redacted HTTP exchanges).
#include "command.hpp"

#include <cstdio>
#include <cstdlib>

#include "advisor/json/json_value.hpp"
#include "advisor/proposal/render.hpp"
#include "store/proposal_store.hpp"

namespace medic::cli {
namespace {

int usage(const char* why) {
    if (why) std::fprintf(stderr, "medic proposals: %s\n", why);
    std::fprintf(stderr,
                 "usage: medic proposals list [--incident ID] [--limit N] [--db PATH] [--json]\n"
                 "       medic proposals show ID [--exchanges] [--db PATH] [--json]\n");
    return 2;
}

struct Opts {
    std::string db;
    int64_t incident = 0, limit = 50, id = 0;
    bool json = false, exchanges = false;
};

bool to_int(const std::string& s, int64_t& out) {
    char* end = nullptr;
    long long v = std::strtoll(s.c_str(), &end, 10);
    if (s.empty() || *end != '\0' || v <= 0) return false;
    out = v;
    return true;
}

bool parse(const Args& args, size_t from, Opts& o) {
    const char* env = std::getenv("MEDIC_DB");
    o.db = env && *env ? env : "medic.db";
    for (size_t i = from; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--json") { o.json = true; continue; }
        if (a == "--exchanges") { o.exchanges = true; continue; }
        if (i + 1 >= args.size()) return usage(("missing value for " + a).c_str()), false;
        const std::string& v = args[++i];
        if (a == "--db") o.db = v;
        else if (!((a == "--incident" && to_int(v, o.incident)) || (a == "--limit" && to_int(v, o.limit))))
            return usage(("bad option " + a + " " + v).c_str()), false;
    }
    return true;
}

advisor::json::Value body_of(const store::ProposalRow& r) {
    auto v = advisor::json::parse(r.body);
    if (v.ok()) return std::move(v).value();
    advisor::json::Value fallback = advisor::json::Value::make_object();  // a damaged row still lists
    fallback.set("id", advisor::json::Value::make_int(r.id));
    fallback.set("outcome", advisor::json::Value::make_string(r.outcome));
    fallback.set("headline", advisor::json::Value::make_string("unreadable body: " + v.error().message));
    return fallback;
}

int list(const Opts& o) {
    auto db = store::Database::open(o.db);
    store::ProposalStore ps(*db);
    auto rows = ps.list(o.limit, o.incident ? std::optional<int64_t>(o.incident) : std::nullopt);
    if (o.json) {
        advisor::json::Value arr = advisor::json::Value::make_array();
        for (const auto& r : rows) arr.push(body_of(r));
        std::printf("%s\n", advisor::json::serialize(arr).c_str());
        return 0;
    }
    if (rows.empty()) std::printf("no proposals in %s\n", o.db.c_str());
    for (const auto& r : rows) std::printf("%s\n", advisor::render_envelope_line(body_of(r)).c_str());
    return 0;
}

int show(const Opts& o) {
    auto db = store::Database::open(o.db);
    store::ProposalStore ps(*db);
    auto row = ps.get(o.id);
    if (!row) return std::fprintf(stderr, "medic proposals: no proposal %lld in %s\n", (long long)o.id, o.db.c_str()), 1;
    advisor::json::Value body = body_of(*row);
    auto ex = o.exchanges ? ps.exchanges(o.id) : std::vector<store::ExchangeRow>{};
    if (o.json) {
        if (o.exchanges) {
            auto& arr = body.set("exchanges", advisor::json::Value::make_array());
            for (const auto& e : ex) {
                auto& x = arr.push(advisor::json::Value::make_object());
                x.set("attempt", advisor::json::Value::make_int(e.attempt));
                x.set("url", advisor::json::Value::make_string(e.url));
                x.set("status", advisor::json::Value::make_int(e.status));
                x.set("error", advisor::json::Value::make_string(e.error));
                x.set("request_headers", advisor::json::Value::make_string(e.request_headers));
                x.set("response_headers", advisor::json::Value::make_string(e.response_headers));
                x.set("response_body", advisor::json::Value::make_string(e.response_body));
            }
        }
        std::printf("%s\n", advisor::json::serialize(body).c_str());
        return 0;
    }
    std::printf("%s", advisor::render_envelope(body).c_str());
    std::printf("status: %s\n", row->status.c_str());
    for (const auto& e : ex)
        std::printf("exchange %d: %s -> http %lld in %lld ms%s%s\n", e.attempt, e.url.c_str(), (long long)e.status,
                    (long long)e.elapsed_ms, e.error.empty() ? "" : ": ", e.error.c_str());
    return 0;
}

int run_proposals(const Args& args) {
    if (args.empty()) return usage(nullptr);
    Opts o;
    if (args[0] == "list") return parse(args, 1, o) ? list(o) : 2;
    if (args[0] == "show") {
        if (args.size() < 2 || !to_int(args[1], o.id)) return usage("show needs a proposal id");
        return parse(args, 2, o) ? show(o) : 2;
    }
    return usage(("unknown subcommand '" + args[0] + "'").c_str());
}

}  // namespace

MEDIC_COMMAND("proposals", "list or show the advisor's recorded proposals and LLM exchanges", run_proposals);

}  // namespace medic::cli
