// engine/store/deferred_flush.hpp: "flush on read" for records a DbWriter
// has queued with post() but not committed yet (deferred dry-run records).
// Internal to engine/store.
//
// Every DbWriter registers itself here. Database::prepare() on any other
// connection of this process checks one global counter of posted-but-not-
// committed jobs; when it is non-zero and that connection is not inside a
// transaction, the writers of the same database file commit their queue
// first, so a reader in the same process (`list`, `show`, the GUI, a
// runbook test reading the audit) always sees every record submit() has
// returned for. Readers in other processes see them within the writer's
// defer window (a few ms).
#pragma once

#include <atomic>

struct sqlite3;

namespace medic::store {
class DbWriter;
}

namespace medic::store::detail {

/// post()ed jobs not committed yet, over every DbWriter of the process.
extern std::atomic<int> g_posted_pending;

/// Commit the posted jobs of every writer of `reader`'s database file
/// (called by Database::prepare when g_posted_pending > 0). No-op inside a
/// writer's own batch, or when `reader` is inside a transaction.
void flush_posted_for(sqlite3* reader);

void register_writer(DbWriter* w);
void unregister_writer(DbWriter* w);

}  // namespace medic::store::detail
