// cli/drill_runner.hpp: runs one drill (drill_catalog.hpp) end to end and
// reports it: a Session (embedded pdsim in step mode, or --pd), the fault
// injected through pdsim's chaos API, the Monitor ticked until the expected
// incidents open, the rule advisor's proposal recorded, then (auto-approve)
// the proposal approved by "drill:auto-approve" and its plan executed
// through ActionService or the proposed Lua runbook, the operator's repair,
// time advanced until the incidents close, and the audit trail checked
// (proposal, approval, execution rows; hash chain verifies).
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "drill_catalog.hpp"

namespace medic::cli {

struct DrillOptions {
    bool auto_approve = false;
    std::string pd;          ///< "" = embedded pdsim in step mode
    std::string db;          ///< "" = a temp database removed at the end
    int seed = 1;
};

struct DrillReport {
    std::string name, summary, db_path;
    bool passed = false;
    std::vector<std::string> failures;   ///< failed assertions, one line each
    std::vector<std::string> timeline;   ///< "t=+12s chaos: store 4 is killed"
    std::vector<std::string> incidents;  ///< "#3 store_down store:4"
    std::vector<std::string> proposals;  ///< "#2 (incident #3) headline; plan: ..."
    bool diagnosis_right = false;
    std::vector<std::string> actions;    ///< "action 7 evict_leader {...}: succeeded"
    std::vector<std::string> to_approve; ///< commands a person runs (no --auto-approve)
    double detect_sim_s = -1, detect_wall_s = -1;
    double propose_sim_s = -1, propose_wall_s = -1;
    double remediate_sim_s = -1, remediate_wall_s = -1;
    double heal_sim_s = -1;
    int64_t audit_rows = 0, approval_rows = 0, execution_rows = 0, proposal_rows = 0;
    bool audit_ok = false;
    std::string audit_problem;
};

/// Resolve workflows/<name>.lua: $MEDIC_WORKFLOWS, ./workflows, or next to the binary's source tree.
std::string find_runbook(const std::string& name);

DrillReport run_drill(const Drill& drill, const DrillOptions& opts);
/// The JSON body to POST for `call`: a hot-spot body with empty keys gets
/// the keys of one real region (the 13th by key order, from PD's
/// /regions/key). Throws std::runtime_error when PD cannot say.
std::string resolve_chaos_body(const std::string& pd_url, const ChaosCall& call);
void print_drill_report(const DrillReport& r, std::FILE* out);
std::string drill_report_json(const DrillReport& r);

}  // namespace medic::cli
