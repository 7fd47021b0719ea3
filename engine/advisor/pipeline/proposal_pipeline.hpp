// engine/advisor/pipeline/proposal_pipeline.hpp: ProposalPipeline, incident ->
// proposal -> gated actions, on its own thread. The GUI and the headless
// `medic monitor --propose` run the same pipeline. Every open incident in the shared database
// without a proposal is advised on by the rule advisor against the Monitor's
// latest snapshot; the envelope is recorded (ProposalStore) before anything
// else; a valid plan's steps are submitted to ActionService (dry-run or
// live per the execution_mode setting; nothing at all in observe-only), each
// action linked to its proposal. Actions the gate parks for a person are
// watched; once decided (in the GUI or with `medic actions approve`
// elsewhere) they are resumed on an executor thread, so no decision ever
// blocks the caller.
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
// so the person never approves a fix for a fault that is gone. An incident
// that stays open is advised again once its last proposal is settled and a
// while old; only a changed plan is recorded (e.g. leader_rebalance while a
// store was dead becomes restore_leaders once it is back, because medic's
// own evict-leader scheduler is what keeps its leaders away).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "model/cluster_snapshot.hpp"

namespace medic::actions {
class ActionService;
struct ActionOutcome;
}
namespace medic::store {
class Database;
}

namespace medic::advisor {

enum class NoticeLevel { Info, Warning, Critical };
/// Runbook arguments as `--arg k=v` text pairs, in the plan's order.
using RunbookArgs = std::vector<std::pair<std::string, std::string>>;

struct PipelineOptions {
    std::string db_path;
    /// Where plan steps go: "settings" = live when the database's
    /// execution_mode setting is "live" (the GUI's Autonomy panel), else
    /// "dry_run" or "live" as given (`medic monitor --propose [--execute]`).
    std::string execution = "settings";
    /// The actor named on proposals' withdrawals and supersessions.
    std::string engine_actor = "engine:pipeline";
    /// An incident still open this long after its newest proposal, with
    /// nothing of it waiting or running, is advised again; a different plan
    /// becomes a new proposal (the cluster moved under the old one).
    std::int64_t readvise_after_ms = 60'000;
};

class ProposalPipeline {
public:
    using Notice = std::function<void(NoticeLevel, std::string)>;
    using SnapshotFn = std::function<model::SnapshotPtr()>;
    /// Starts runbook `name` with `params`, live or as a dry run (EngineBridge::start_runbook).
    using StartRunbookFn = std::function<void(const std::string& name, const RunbookArgs& params, bool live)>;

    ProposalPipeline(actions::ActionService& service, PipelineOptions options, SnapshotFn snapshot, Notice notice,
                     StartRunbookFn start_runbook = nullptr);
    ~ProposalPipeline();
    ProposalPipeline(const ProposalPipeline&) = delete;
    ProposalPipeline& operator=(const ProposalPipeline&) = delete;

    void start();

private:
    void loop();
    void executor_loop();
    void advise_open_incidents();
    struct PreviousAdvice {
        std::string plan_hash;  ///< of the incident's newest proposal
        std::string shape;      ///< its steps' "kind:runbook,..."
        bool asking = false;    ///< a question of the incident waits for a person
    };
    /// Advises on one incident and records the proposal. `previous` set
    /// (re-advice): recorded only when the plan differs from it.
    void advise(std::int64_t incident_id, const model::SnapshotPtr& snap, const std::optional<PreviousAdvice>& previous);
    void readvise_open_incidents(const model::SnapshotPtr& snap);
    void poll_parked();
    /// Declines parked actions whose proposal's incident has closed.
    void withdraw_for_closed_incidents();
    /// Declines the questions of `incident_id`'s older proposals: a newer
    /// proposal with a different kind of fix replaces them.
    void supersede_questions(std::int64_t incident_id, std::int64_t by_proposal, const std::string& headline);
    /// Declines one parked question if nobody decided it yet; its proposal
    /// gets `proposal_status` and `why`.
    void decline_question(std::int64_t action_id, std::int64_t proposal_id, const std::string& why,
                          const std::string& proposal_status);
    /// Why a runbook plan need not be asked for ("" = ask): the same runbook
    /// and arguments await approval, or the runbook runs live now.
    std::string already_covered(const std::string& key, const std::string& name);
    /// A run_runbook plan step: a dry run now, or (live) an approval to ask for.
    void propose_runbook(std::int64_t proposal_id, const std::string& name, RunbookArgs params, bool live,
                         const std::string& actor);
    bool live_now();
    void notice_step(std::int64_t proposal_id, const std::string& kind, const actions::ActionOutcome& out);

    actions::ActionService& service_;
    PipelineOptions opts_;
    SnapshotFn snapshot_;
    Notice notice_;
    StartRunbookFn start_runbook_;
    std::unique_ptr<store::Database> db_;   // pipeline thread only
    std::set<std::int64_t> parked_;          // actions awaiting a decision (pipeline thread only)
    std::map<std::int64_t, std::int64_t> last_readvised_ms_;  // incident -> when (pipeline thread only)

    std::mutex exec_mu_;
    std::condition_variable exec_cv_;
    std::deque<std::int64_t> to_resume_;
    std::vector<std::int64_t> to_repark_;  // resumed but asking again (executor -> pipeline thread)
    std::set<std::int64_t> withdrawn_;     // declined by the pipeline itself: resumed without a notice
    struct RunbookOnApproval {
        std::string name;
        RunbookArgs params;
        std::string key;  // name and arguments, for spotting the same plan twice
        std::int64_t proposal_id = 0;
    };
    /// approval action id -> the runbook it starts once approved (exec_mu_).
    std::map<std::int64_t, RunbookOnApproval> runbook_on_approval_;
    std::atomic<bool> stop_{false};
    std::thread thread_, executor_;
};

}  // namespace medic::advisor
