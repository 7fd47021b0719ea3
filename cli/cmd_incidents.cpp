// cli/cmd_incidents.cpp: `medic incidents list [--all] [--db PATH] [--json]`
// and `medic incidents show ID [--db PATH] [--json]`: read the incidents the
// monitor recorded. Never creates a database.
#include <cstdio>
#include <cstdlib>

#include "command.hpp"
#include "common_flags.hpp"
#include "model/json_out.hpp"
#include "store/incident_store.hpp"

namespace medic::cli {

namespace {

void incident_json(model::JsonOut& j, const store::Incident& i) {
    j.begin_object().kv("id", i.id).kv("key", i.dedup_key).kv("kind", i.kind).kv("subject", i.subject);
    j.kv("severity", store::severity_name(i.severity)).kv("status", i.open ? "open" : "closed");
    j.kv("summary", i.summary).kv("opened_at_ms", i.opened_at_ms).kv("updated_at_ms", i.updated_at_ms);
    if (i.closed_at_ms) j.kv("closed_at_ms", *i.closed_at_ms).kv("close_reason", i.close_reason);
    j.kv("observations", i.observations).key("evidence").raw(i.evidence).end_object();
}

int list(store::IncidentStore& s, bool all, bool json) {
    auto rows = s.list(all, 1000);
    if (json) {
        model::JsonOut j;
        j.begin_array();
        for (const auto& i : rows) incident_json(j, i);
        j.end_array();
        std::printf("%s\n", j.str().c_str());
        return 0;
    }
    if (rows.empty()) std::printf(all ? "no incidents\n" : "no open incidents\n");
    for (const auto& i : rows)
        std::printf("%-6lld %-7s %-9s %-30s %s\n", (long long)i.id, i.open ? "open" : "closed",
                    store::severity_name(i.severity), i.dedup_key.c_str(), i.summary.c_str());
    return 0;
}

int show(store::IncidentStore& s, const std::string& id_text, bool json) {
    char* end = nullptr;
    long long id = std::strtoll(id_text.c_str(), &end, 10);
    if (id_text.empty() || *end || id <= 0) return fail("incidents", "ID must be a positive integer, got '" + id_text + "'", 2);
    auto i = s.get(id);
    if (!i) return fail("incidents", "no incident #" + id_text);
    if (json) {
        model::JsonOut j;
        incident_json(j, *i);
        std::printf("%s\n", j.str().c_str());
        return 0;
    }
    std::printf("incident #%lld  %s  %s\n", (long long)i->id, i->open ? "OPEN" : "CLOSED", store::severity_name(i->severity));
    std::printf("key:          %s\nsubject:      %s\nsummary:      %s\n", i->dedup_key.c_str(), i->subject.c_str(),
                i->summary.c_str());
    std::printf("opened_at_ms: %lld\nupdated_at_ms: %lld\nobservations: %lld\n", (long long)i->opened_at_ms,
                (long long)i->updated_at_ms, (long long)i->observations);
    if (i->closed_at_ms)
        std::printf("closed_at_ms: %lld (%s)\n", (long long)*i->closed_at_ms, i->close_reason.c_str());
    std::printf("evidence:     %s\n", i->evidence.c_str());
    return 0;
}

int run_incidents(const Args& args) {
    CommonFlags flags;
    if (auto err = parse_common_flags(args, flags)) return fail("incidents", *err, 2);
    bool all = take_switch(flags.rest, "--all");
    if (flags.rest.empty()) return fail("incidents", "usage: medic incidents list [--all] | show ID  [--db PATH] [--json]", 2);
    std::string verb = flags.rest[0];
    std::unique_ptr<store::Database> db;
    try {
        store::Database::Options o;
        o.create = false;  // reading incidents must not leave an empty database behind
        db = store::Database::open(flags.db, o);
    } catch (const std::exception& e) {
        return fail("incidents", e.what());
    }
    store::IncidentStore s(*db);
    try {
        if (verb == "list" && flags.rest.size() == 1) return list(s, all, flags.json);
        if (verb == "show" && flags.rest.size() == 2) return show(s, flags.rest[1], flags.json);
    } catch (const std::exception& e) {
        return fail("incidents", e.what());
    }
    return fail("incidents", "usage: medic incidents list [--all] | show ID  [--db PATH] [--json]", 2);
}

}  // namespace

MEDIC_COMMAND("incidents", "list or show recorded incidents", run_incidents);

}  // namespace medic::cli
