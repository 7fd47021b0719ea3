// cli/monitor_proposer.hpp: `medic monitor --propose`, the engine's incident
// -> proposal pipeline without a window. Every incident the Monitor opens is
// advised on by the rule advisor; the proposal is recorded, and its plan
// goes through the safety gate as dry-runs (default) or, with --execute,
// live: what the gate parks for a person waits for `medic actions approve
// ID` from another terminal, and a runbook plan starts once its approval is
// given. What happens is printed as it happens (JSON lines with --json).
#pragma once

#include <functional>
#include <memory>
#include <string>

namespace medic::pd {
class PdClient;
}
namespace medic::model {
class Monitor;
}
namespace medic::actions {
class ActionService;
}
namespace medic::lua {
class RunbookRunner;
}
namespace medic::advisor {
class ProposalPipeline;
}

namespace medic::cli {

struct ProposerOptions {
    std::string db_path;
    bool execute = false;       ///< live plans (still gated); default dry-run
    std::string workflows_dir;  ///< runbooks a plan may name: <dir>/<name>.lua
    bool json = false;
    double readvise_s = 60;     ///< see advisor::PipelineOptions::readvise_after_ms
};

class MonitorProposer {
public:
    using Print = std::function<void(const std::string& line)>;
    /// `pd` must outlive this object; `monitor` supplies the snapshots.
    MonitorProposer(ProposerOptions options, pd::PdClient& pd, model::Monitor& monitor, Print print);
    ~MonitorProposer();
    MonitorProposer(const MonitorProposer&) = delete;
    MonitorProposer& operator=(const MonitorProposer&) = delete;

    /// Opens the gate's service and starts the pipeline: "" or why not.
    std::string start();

private:
    void start_runbook(const std::string& name, const std::vector<std::pair<std::string, std::string>>& args,
                       bool live);

    ProposerOptions opts_;
    pd::PdClient& pd_;
    model::Monitor& monitor_;
    Print print_;
    std::unique_ptr<actions::ActionService> service_;
    std::unique_ptr<lua::RunbookRunner> runner_;
    std::unique_ptr<advisor::ProposalPipeline> pipeline_;
};

}  // namespace medic::cli
