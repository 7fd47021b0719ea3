// gui/bridge/db_view.hpp: reads the shared SQLite database (the durable
// queue between the GUI, the CLI and the engine, DESIGN "Store") into the
// database part of a UiSnapshot: kill switch, autonomy, incidents, actions
// waiting for (or decided by) a person as proposals, runs with their steps
// and log tail, and the filtered audit log with its hash-chain status.
// Read-only; one connection owned by the bridge's DB thread.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "gui/commands.hpp"
#include "gui/ui_snapshot.hpp"

namespace medic::store {
class Database;
}

namespace medic::gui::bridge {

struct DbPart {
    bool ok = false;
    std::string error;
    KillSwitchView kill;
    AutonomyView autonomy;
    std::vector<IncidentView> incidents;
    std::vector<ProposalView> proposals;
    std::vector<RunView> runs;
    AuditView audit;
    /// Actions a person may decide now, per ProposalView id (the bridge approves these).
    std::map<std::int64_t, std::vector<std::int64_t>> awaiting;
};

class DbView {
public:
    /// Opens (creating and migrating if needed) the database at `path`.
    /// Throws store::DbError when it cannot be opened.
    explicit DbView(const std::string& path);
    ~DbView();

    /// Reads everything. `verify_chain` recomputes the audit hash chain.
    DbPart read(const SetAuditFilter& filter, bool verify_chain);

private:
    void read_settings(DbPart& p);
    void read_incidents(DbPart& p);
    void read_proposals(DbPart& p);
    void read_standalone_actions(DbPart& p);
    void read_runs(DbPart& p);
    void read_audit(DbPart& p, const SetAuditFilter& f);
    std::unique_ptr<store::Database> db_;
    AuditView chain_;  // last chain verification, kept between reads
};

/// Autonomy level names, 0..3 (engine/safety/policy.hpp).
const std::vector<std::string>& autonomy_levels();

}  // namespace medic::gui::bridge
