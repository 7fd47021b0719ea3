// engine/safety/checks.cpp: the gate's rules (checks.hpp).
#include "safety/checks.hpp"

#include <cstdio>

namespace medic::safety {
namespace {

std::string fmt(const char* f, double a, double b = 0, double c = 0) {
    char buf[256];
    std::snprintf(buf, sizeof buf, f, a, b, c);
    return buf;
}

const char* risk_text(RiskLevel r) {
    switch (r) {
        case RiskLevel::Low: return "low";
        case RiskLevel::Medium: return "medium";
        case RiskLevel::High: return "high";
        default: return "critical";
    }
}

}  // namespace

Verdict check_kill_switch(bool engaged) {
    if (engaged) return Verdict::refuse("kill_switch", "the kill switch is on; nothing new starts");
    return Verdict::allow("kill_switch");
}

Verdict check_observe_only(const Policy& p, bool execute) {
    if (execute && (p.observe_only || p.autonomy == 0))
        return Verdict::refuse("observe_only", "medic is in observe-only mode (autonomy 0): no writes");
    return Verdict::allow("observe_only");
}

Verdict check_autonomy(const Policy& p, RiskLevel risk, bool reversible, bool human_execute) {
    std::string level = "autonomy level " + std::to_string(p.autonomy);
    if (risk >= RiskLevel::High)
        return Verdict::need_approval("autonomy", std::string(risk_text(risk)) +
                                                      " risk always needs a person's approval");
    if (!reversible)
        return Verdict::need_approval("autonomy", "irreversible actions always need a person's approval");
    if (human_execute) return Verdict::allow("autonomy", "executed explicitly by a person");
    bool automatic = (p.autonomy >= 2 && risk == RiskLevel::Low) ||
                     (p.autonomy >= 3 && risk == RiskLevel::Medium);
    if (automatic) return Verdict::allow("autonomy", level + " runs " + risk_text(risk) + " risk automatically");
    return Verdict::need_approval("autonomy", level + ": " + risk_text(risk) + " risk needs approval");
}

Verdict check_rate(const std::string& refused_by, double rate, double burst) {
    if (refused_by.empty()) return Verdict::allow("rate_limit");
    return Verdict::refuse(refused_by, fmt("more than %.0f actions/s (burst %.0f) requested", rate, burst));
}

Verdict check_cooldown(const Policy& p, int64_t last_failure_ms, int64_t now_ms) {
    if (last_failure_ms > 0 && now_ms - last_failure_ms < p.cooldown_ms)
        return Verdict::refuse("cooldown_after_failure",
                               fmt("the same action failed %.1f s ago; cooldown is %.0f s",
                                   double(now_ms - last_failure_ms) / 1000.0, double(p.cooldown_ms) / 1000.0));
    return Verdict::allow("cooldown_after_failure");
}

namespace {

Verdict check_share(const char* policy, const char* what, uint64_t moved, uint64_t total, double max_share) {
    if (moved == 0) return Verdict::allow(policy);
    double share = total ? double(moved) / double(total) : 1.0;
    if (share > max_share)
        return Verdict::refuse(policy, std::string(what) + fmt(" moved %.0f of %.0f (%.1f%%)", double(moved),
                                                                double(total), share * 100) +
                                           fmt(" exceeds %.1f%%", max_share * 100));
    return Verdict::allow(policy);
}

}  // namespace

Verdict check_blast_radius(const Policy& p, const Influence& inf, const ClusterTotals& t,
                           uint64_t run_leaders, uint64_t run_regions) {
    if (inf.stores_to_drain > 0) {
        // policy: blast_radius.min_up_stores — hard rule: PD could no longer place every replica.
        int after = t.up_stores - inf.stores_to_drain;
        if (after < int(t.max_replicas))
            return Verdict::refuse("blast_radius.min_up_stores",
                                   fmt("draining would leave %.0f Up stores, fewer than max-replicas %.0f",
                                       after, double(t.max_replicas)));
        if (t.stores_draining + inf.stores_to_drain > p.max_stores_draining)
            return Verdict::refuse("blast_radius.stores_draining",
                                   fmt("%.0f stores already draining; at most %.0f at once",
                                       t.stores_draining, p.max_stores_draining));
    }
    auto v = check_share("blast_radius.leaders_per_action", "leaders", inf.leaders_moved, t.total_leaders,
                         p.max_leader_share_per_action);
    if (v.refused()) return v;
    v = check_share("blast_radius.regions_per_action", "regions", inf.regions_moved, t.total_regions,
                    p.max_region_share_per_action);
    if (v.refused()) return v;
    // The run's budget limits what an action adds to it: an action that moves
    // nothing (resume_scheduler, remove_evict_leader: often a compensation)
    // is never refused because the run already moved a lot.
    if (inf.leaders_moved > 0) {
        v = check_share("blast_radius.leaders_per_run", "leaders (this run)", run_leaders + inf.leaders_moved,
                        t.total_leaders, p.max_leader_share_per_run);
        if (v.refused()) return v;
    }
    if (inf.regions_moved > 0) {
        v = check_share("blast_radius.regions_per_run", "regions (this run)", run_regions + inf.regions_moved,
                        t.total_regions, p.max_region_share_per_run);
        if (v.refused()) return v;
    }
    return Verdict::allow("blast_radius");
}

Verdict check_maintenance_window(const Policy& p, RiskLevel risk, int64_t now_ms) {
    if (risk < RiskLevel::High || p.maintenance_windows.empty()) return Verdict::allow("maintenance_window");
    int64_t secs = now_ms / 1000;
    int day = int((secs / 86400 + 4) % 7);  // 1970-01-01 was a Thursday (4)
    int minute = int((secs % 86400) / 60);
    for (const auto& w : p.maintenance_windows) {
        bool in = w.start_minute <= w.end_minute ? (minute >= w.start_minute && minute < w.end_minute)
                                                 : (minute >= w.start_minute || minute < w.end_minute);
        if (in && (w.days >> day & 1)) return Verdict::allow("maintenance_window");
    }
    return Verdict::refuse("maintenance_window",
                           std::string(risk_text(risk)) +
                               fmt(" risk actions run only inside one of %.0f maintenance windows; "
                                   "now is weekday %.0f, minute %.0f UTC",
                                   double(p.maintenance_windows.size()), day, minute));
}

Verdict check_self_approval(const std::string& requester, const std::string& approver) {
    if (approver.empty()) return Verdict::refuse("no_self_approval", "an approval needs an approver name");
    if (approver == requester)
        return Verdict::refuse("no_self_approval", "'" + approver + "' requested this action and cannot approve it");
    if (approver.rfind("advisor", 0) == 0 || approver.rfind("runbook", 0) == 0 || approver == "engine")
        return Verdict::refuse("no_self_approval", "'" + approver + "' is not a person; only people approve");
    return Verdict::allow("no_self_approval");
}

}  // namespace medic::safety
