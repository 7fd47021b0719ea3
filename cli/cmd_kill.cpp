// cli/cmd_kill.cpp: `medic kill on|off|status [--reason TEXT] [--pd URL]
// [--db PATH] [--as NAME]`. The switch is persisted in the database, so it
// survives restarts and stops engines running in other processes (they poll
// it). `on` also cancels the PD operators of medic's in-flight actions (when
// --pd is given) and lists the schedulers medic added, for removal.
#include "command.hpp"
#include "common_flags.hpp"

#include "actions/service.hpp"
#include "store/db_writer.hpp"
#include "store/settings_store.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace medic::cli {
namespace {

int run_kill(const Args& args) {
    if (args.empty() || (args[0] != "on" && args[0] != "off" && args[0] != "status")) {
        std::fprintf(stderr, "usage: medic kill on|off|status [--reason TEXT] [--pd URL] [--db PATH] [--as NAME]\n");
        return 2;
    }
    const char* envdb = std::getenv("MEDIC_DB");
    const char* user = std::getenv("USER");
    std::string db = envdb && *envdb ? envdb : "medic.db", who = user && *user ? user : "cli", reason = "manual", pd_url;
    for (size_t i = 1; i < args.size(); ++i) {
        if (i + 1 >= args.size()) return std::fprintf(stderr, "medic kill: %s needs a value\n", args[i].c_str()), 2;
        const std::string &a = args[i], &v = args[++i];
        if (a == "--db") db = v;
        else if (a == "--as") who = v;
        else if (a == "--reason") reason = v;
        else if (a == "--pd") pd_url = v;
        else return std::fprintf(stderr, "medic kill: unknown option %s\n", a.c_str()), 2;
    }
    std::string actor = who.find(':') == std::string::npos ? "user:" + who : who;
    // A wrong --db / $MEDIC_DB must not read as "off": status needs the
    // database to exist; on/off may create it, and say so.
    if (args[0] == "status") {
        if (!database_exists("kill", db)) return 1;
        auto d = store::Database::open(db);
        std::printf("kill switch: %s\n", store::kill_switch_on(*d) ? "on" : "off");
        return 0;
    }
    bool existed = std::filesystem::exists(db);
    store::DbWriter writer(db);
    if (!existed)
        std::fprintf(stderr, "medic kill: created a new database at %s: engines using another database do not see this switch\n",
                     db.c_str());
    if (args[0] == "off") {
        writer.run([&](store::Database& d, store::AuditAppender& a) {
            store::set_setting(d, "kill_switch", "off", actor);
            a.append({0, actor, "kill_switch_off", "engine", "{}"});
        });
        std::printf("kill switch: off\n");
        return 0;
    }
    std::unique_ptr<pd::PdClient> client;
    if (!pd_url.empty()) {
        auto eps = pd::parse_endpoints(pd_url);
        if (!eps.ok()) return std::fprintf(stderr, "medic kill: --pd: %s\n", eps.error().to_string().c_str()), 2;
        auto c = pd::PdClient::create({eps.value()});
        if (!c.ok()) return std::fprintf(stderr, "medic kill: %s\n", c.error().to_string().c_str()), 2;
        client = std::move(c.value());
    }
    auto rep = actions::engage_kill_switch_in_db(writer, client.get(), actor, reason);
    std::printf("kill switch: on (nothing new starts; %d pending approval(s) frozen)\n", rep.frozen_approvals);
    for (const auto& c : rep.cancelled_operators) std::printf("  cancelled operator: %s\n", c.c_str());
    for (const auto& e : rep.errors) std::printf("  NOT cancelled: %s\n", e.c_str());
    for (const auto& s : rep.schedulers_to_remove) std::printf("  left by medic: %s\n", s.c_str());
    return rep.errors.empty() ? 0 : 1;
}

}  // namespace

MEDIC_COMMAND("kill", "engage, release or show the engine-wide kill switch", run_kill);

}  // namespace medic::cli
