// gui/bridge/pipeline.hpp: ProposalPipeline, incident -> proposal -> gated
// actions, on its own thread. Every open incident in the shared database
// without a proposal is advised on by the rule advisor against the Monitor's
// latest snapshot; the envelope is recorded (ProposalStore) before anything
// else; a valid plan's steps are submitted to ActionService (dry-run or
// live per the execution_mode setting; nothing at all in observe-only), each
// action linked to its proposal. Actions the gate parks for a person are
// watched; once decided (in the GUI or with `medic` elsewhere) they are
// resumed on an executor thread, so no decision ever blocks the GUI.
// A plan step that runs a runbook is, in live mode, an `approval` action
// ("start runbook X with these parameters") linked to the proposal: Approve
// in the Proposal panel starts the run (its own actions are gated again);
// in dry-run mode the runbook is started as a dry run at once (a preview).
// One fault often opens several incidents (a hot spot makes three stores
// hot) whose plans are the same runbook: a plan whose runbook and arguments
// are already awaiting approval or running live is recorded as superseded
// instead of asking the person twice. A question nobody answered before its
// incident closed is withdrawn (the action declined by the engine, the
// proposal expired),
// so the person never approves a fix for a fault that is gone.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "gui/ui_snapshot.hpp"
#include "model/cluster_snapshot.hpp"

namespace medic::actions {
class ActionService;
}
namespace medic::store {
class Database;
}

namespace medic::gui::bridge {

class ProposalPipeline {
public:
    using Notice = std::function<void(Severity, std::string)>;
    using SnapshotFn = std::function<model::SnapshotPtr()>;
    /// Starts runbook `name` with `params`, live or as a dry run (EngineBridge::start_runbook).
    using StartRunbookFn = std::function<void(const std::string& name, const std::vector<KeyValue>& params, bool live)>;

    ProposalPipeline(actions::ActionService& service, std::string db_path, SnapshotFn snapshot, Notice notice,
                     StartRunbookFn start_runbook = nullptr);
    ~ProposalPipeline();
    ProposalPipeline(const ProposalPipeline&) = delete;
    ProposalPipeline& operator=(const ProposalPipeline&) = delete;

    void start();

private:
    void loop();
    void executor_loop();
    void advise_open_incidents();
    void advise(std::int64_t incident_id, const model::SnapshotPtr& snap);
    void poll_parked();
    /// Declines parked actions whose proposal's incident has closed.
    void withdraw_for_closed_incidents();
    /// Why a runbook plan need not be asked for ("" = ask): the same runbook
    /// and arguments await approval, or the runbook runs live now.
    std::string already_covered(const std::string& key, const std::string& name);
    /// A run_runbook plan step: a dry run now, or (live) an approval to ask for.
    void propose_runbook(std::int64_t proposal_id, const std::string& name, std::vector<KeyValue> params, bool live,
                         const std::string& actor);

    actions::ActionService& service_;
    std::string db_path_;
    SnapshotFn snapshot_;
    Notice notice_;
    StartRunbookFn start_runbook_;
    std::unique_ptr<store::Database> db_;   // pipeline thread only
    std::set<std::int64_t> parked_;          // actions awaiting a decision (pipeline thread only)

    std::mutex exec_mu_;
    std::condition_variable exec_cv_;
    std::deque<std::int64_t> to_resume_;
    struct RunbookOnApproval {
        std::string name;
        std::vector<KeyValue> params;
        std::string key;  // name and arguments, for spotting the same plan twice
        std::int64_t proposal_id = 0;
    };
    /// approval action id -> the runbook it starts once approved (exec_mu_).
    std::map<std::int64_t, RunbookOnApproval> runbook_on_approval_;
    std::atomic<bool> stop_{false};
    std::thread thread_, executor_;
};

}  // namespace medic::gui::bridge
