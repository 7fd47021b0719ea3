// engine/safety/checks.hpp: the admission gate's rules, one
// check_x(...) -> Verdict per rule (Redis scriptVerifyX style). Lua-agnostic
// and free of I/O: callers pass in the facts (risk, counts, clock). The
// ActionService runs them in front of every execution and writes each
// verdict to the audit log. Risk comes from the action registry and routing
// from policy, never from a model's confidence.
#pragma once

#include "safety/policy.hpp"
#include "safety/verdict.hpp"

#include <cstdint>
#include <string>

namespace medic::safety {

enum class RiskLevel : unsigned char { Low, Medium, High, Critical };

/// What one action would move (PD's operator Influence, in TiKV terms).
struct Influence {
    uint64_t leaders_moved = 0;
    uint64_t regions_moved = 0;   ///< replicas created or removed
    int stores_to_drain = 0;      ///< 1 for drain_store
};

/// Cluster-wide counts the blast-radius rules compare against.
struct ClusterTotals {
    uint64_t total_leaders = 0;
    uint64_t total_regions = 0;
    int up_stores = 0;
    int stores_draining = 0;  ///< stores currently Offline
    uint64_t max_replicas = 3;
};

/// policy: kill_switch — nothing new starts while it is on.
Verdict check_kill_switch(bool engaged);

/// policy: observe_only — the engine reads, never writes.
Verdict check_observe_only(const Policy& p, bool execute);

/// policy: autonomy — route by risk and autonomy level. `human_execute`: a
/// person asked for execution explicitly (CLI --execute, a GUI click), which
/// counts as their decision for low and medium risk. High and critical risk,
/// and irreversible actions, always need an approval.
Verdict check_autonomy(const Policy& p, RiskLevel risk, bool reversible, bool human_execute);

/// policy: rate_limit.global / rate_limit.kind — `refused_by` is what
/// RateLimiter::take returned ("" = a token was taken).
Verdict check_rate(const std::string& refused_by, double rate, double burst);

/// policy: cooldown_after_failure.
Verdict check_cooldown(const Policy& p, int64_t last_failure_ms, int64_t now_ms);

/// policy: blast_radius.* — this action's influence against the per-action
/// shares, the run's running total (pass run_leaders/run_regions moved so far
/// by the same run, 0 for a single action) against the per-run shares, and
/// the drain rules (stores draining at once; never below max_replicas Up stores).
Verdict check_blast_radius(const Policy& p, const Influence& inf, const ClusterTotals& t,
                           uint64_t run_leaders, uint64_t run_regions);

/// policy: maintenance_window — high and critical actions only inside a window
/// (when any is configured). now_ms is Unix ms (UTC).
Verdict check_maintenance_window(const Policy& p, RiskLevel risk, int64_t now_ms);

/// policy: no_self_approval — whoever requested an action can never approve it.
Verdict check_self_approval(const std::string& requester, const std::string& approver);

}  // namespace medic::safety
