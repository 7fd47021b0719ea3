// engine/safety/policy.hpp: Policy, every number the safety gate enforces,
// with defaults in the spirit of PD's own schedule limits. Loaded from the
// settings table (settings_store) so every process applies the same policy.
// Data only.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace medic::safety {

/// A weekly maintenance window in UTC: days is a bit mask (bit 0 = Sunday).
struct MaintenanceWindow {
    uint8_t days = 0x7F;
    int start_minute = 0;  ///< minutes after 00:00 UTC
    int end_minute = 0;    ///< exclusive; may be < start (wraps past midnight)
};

struct Policy {
    // policy: autonomy — 0 observe, 1 every action needs approval,
    // 2 low risk automatic, 3 up to medium automatic. High/critical always
    // need a person, at every level.
    int autonomy = 1;
    bool observe_only = false;
    int64_t approval_timeout_ms = 5 * 60 * 1000;  // policy: approval_timeout

    // policy: rate_limit.* — token buckets (burst, refill per second).
    // Defaults sit a little above what PD would accept anyway (its operator
    // limits are per store and per minute); benchmarks raise them explicitly.
    double global_rate_per_s = 100;
    double global_burst = 200;
    double kind_rate_per_s = 50;        // per action kind
    double kind_burst = 100;

    // policy: cooldown_after_failure — the same kind on the same target
    // may not start again this soon after it failed.
    int64_t cooldown_ms = 30 * 1000;

    // policy: blast_radius.* — shares of the cluster one action or one run may move.
    double max_leader_share_per_action = 0.25;  ///< leaders moved / total leaders
    double max_region_share_per_action = 0.25;  ///< regions moved / total regions
    double max_leader_share_per_run = 0.5;
    double max_region_share_per_run = 0.5;
    int max_stores_draining = 1;                ///< stores Offline (being drained) at once
    // Never let Up stores fall below the replica count (hard rule, not tunable).

    // policy: maintenance_window — when non-empty, high/critical actions
    // only execute inside one of these windows.
    std::vector<MaintenanceWindow> maintenance_windows;
};

}  // namespace medic::safety
