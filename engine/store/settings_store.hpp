// engine/store/settings_store.hpp: typed access to the shared `settings`
// table: the kill switch, the safety policy (autonomy, limits), notification
// targets. Every process reads the same rows, so `medic kill on` in one
// terminal stops an engine running in another.
#pragma once

#include "safety/policy.hpp"
#include "store/database.hpp"

#include <optional>
#include <string>

namespace medic::store {

std::optional<std::string> get_setting(Database& db, std::string_view key);
/// Upsert; `by` is the actor ("user:alice", "cli").
void set_setting(Database& db, std::string_view key, std::string_view value, std::string_view by);

/// The persisted kill switch (key kill_switch, 'on' | 'off'; missing = off).
bool kill_switch_on(Database& db);

/// Policy from settings, falling back to Policy's defaults for missing keys.
/// Keys: autonomy, observe_only, approval_timeout_s, rate.global_per_s,
/// rate.global_burst, rate.kind_per_s, rate.kind_burst, cooldown_s,
/// blast.leader_share_action, blast.region_share_action, blast.leader_share_run,
/// blast.region_share_run, blast.max_stores_draining,
/// maintenance_windows ("days:HH:MM-HH:MM;..." days as a 7-char mask SMTWTFS,
/// e.g. "0111110:01:00-05:00"). A malformed value throws std::invalid_argument
/// naming the key.
safety::Policy load_policy(Database& db);

/// Setting pd.max_inflight: PD requests (and so keep-alive connections) one
/// engine has open at once, 1..1024; `fallback` when unset. A malformed value
/// throws std::invalid_argument naming the key.
int pd_max_inflight(Database& db, int fallback);

/// Setting actions.dry_run_facts_max_age_ms: how old the facts a dry-run
/// validates on may be (0 = always read fresh), 0..60000; `fallback` when
/// unset. A malformed value throws std::invalid_argument naming the key.
int dry_run_facts_max_age_ms(Database& db, int fallback);

}  // namespace medic::store
