// cli/drill_catalog.hpp: the scripted chaos drills of `medic drill` and
// `medic demo`, as data. Each drill names the pdsim scenario it starts from,
// the chaos calls that inject its fault(s), the incident the Monitor must
// open, the remediation the rule advisor must propose, and the repair an
// operator makes after the remediation (e.g. the replaced node comes back).
//
// Drills are a C++ table rather than Lua files: they drive the engine itself
// (Monitor, advisor, ActionService), which the runbook sandbox deliberately
// cannot reach, and a table is checked by the compiler. The remediations they
// exercise are the Lua runbooks in workflows/.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace medic::cli {

struct ChaosCall {
    std::string path;   ///< under /chaos/: "store/4/kill"
    std::string body;   ///< JSON object
    std::string what;   ///< one line for the report and the demo narration
    double after_s = 0; ///< simulated seconds to advance after this call
};

struct Drill {
    std::string name;        ///< "store-failure"
    std::string summary;     ///< one line
    std::string scenario = "balanced";
    std::vector<ChaosCall> inject;   ///< the fault(s)
    /// Incident kinds (prefixes) that count as detection; one incident of
    /// each listed kind must open (two entries = two faults).
    std::vector<std::string> expect_incidents;
    /// Any of these step texts ("transfer_leader", "run_runbook:disk_full")
    /// in the proposal for the first expected incident counts as right.
    std::vector<std::string> expect_steps;
    std::vector<ChaosCall> repair;   ///< after remediation: what the operator fixes
    /// After the repair: the runbook the operator runs to finish it (e.g.
    /// restore_leaders once a replaced node is back), with its arguments.
    std::string followup_runbook;
    std::vector<std::pair<std::string, std::string>> followup_args;
    std::string watch;               ///< demo narration: what to look at in the GUI
    double detect_limit_s = 600;     ///< simulated seconds
    double heal_limit_s = 3600;      ///< simulated seconds
};

const std::vector<Drill>& drill_catalog();
const Drill* find_drill(const std::string& name);

}  // namespace medic::cli
