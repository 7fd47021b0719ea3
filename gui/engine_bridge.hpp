// gui/engine_bridge.hpp: EngineBridge runs the engine for the window and is
// the only place where GUI and engine meet. Its threads:
//  - PD thread: ticks the engine's Monitor (stores, status probes, checks,
//    region scans; it opens and closes incidents in the database) and folds
//    its snapshot into the cluster part; probes pdsim's chaos API to enable
//    demo mode.
//  - pipeline threads (engine/advisor/pipeline/proposal_pipeline.hpp): open incidents -> rule advisor
//    -> recorded proposal -> actions through ActionService's gate; resume
//    actions once a person decided.
//  - DB thread: reads the shared SQLite database (kill switch, autonomy,
//    incidents, actions waiting for a person, runs, audit), so decisions made
//    with `medic` in another terminal show within a poll (300 ms).
//  - runbook threads (bindings/runner/runbook_runner.hpp): one Lua host scheduler per
//    run started from the Runbooks panel, journaled like `medic run`.
//  - command thread: executes the typed commands panels emit through the
//    engine API (ActionService approve/reject, kill switch; settings; chaos),
//    the same gate and audit path as everyone else.
// Each thread publishes a fresh immutable UiSnapshot when its part changes;
// the GUI thread only reads the latest one and never waits.
#pragma once

#include <atomic>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "gui/bridge/cluster_view.hpp"
#include "gui/bridge/db_view.hpp"
#include "gui/commands.hpp"
#include "gui/snapshot_source.hpp"

namespace medic::pd {
class PdClient;
}
namespace medic::actions {
class ActionService;
}
namespace medic::model {
class Monitor;
}
namespace medic::advisor {
class ProposalPipeline;
}
namespace medic::lua {
class RunbookRunner;
}

namespace medic::gui {

struct BridgeOptions {
    std::string pd;               ///< "--pd" text: URL[,URL...]
    std::string db_path;          ///< the shared SQLite database
    std::string actor;            ///< who the GUI user is in the audit log: "gui:alice"
    int pd_poll_ms = 1000;
    int region_scan_ms = 5000;
    int db_poll_ms = 300;
    std::string workflows_dir;    ///< runbooks for the Runbooks panel ("" : none)
    bool embedded_pd = false;     ///< --pd was not given: medic started pdsim itself
};

class EngineBridge {
public:
    EngineBridge(BridgeOptions options, SnapshotSource& out);
    ~EngineBridge();
    EngineBridge(const EngineBridge&) = delete;
    EngineBridge& operator=(const EngineBridge&) = delete;

    /// Connects the engine (PD client, database, ActionService) and starts the
    /// threads. @return "" or why the engine could not start (bad --pd, bad DB).
    std::string start();
    /// Where panels put commands (thread-safe, never blocks).
    CommandSink& sink() { return queue_; }

private:
    void pd_loop();
    void db_loop();
    void command_loop();
    void poll_pd();
    void poll_chaos();
    void execute(const Command& cmd);
    void approve(const ApproveProposal& c);
    void reject(const RejectProposal& c);
    void set_kill(const SetKillSwitch& c);
    void set_autonomy(const SetAutonomy& c);
    void chaos(const ChaosRequest& c);
    void start_runbook(const StartRunbook& c);
    void cancel_run(const CancelRun& c);
    void scan_runbooks();
    const ProposalView* find_proposal(std::int64_t id);
    void notice(Severity s, std::string text);
    void publish();

    BridgeOptions opts_;
    SnapshotSource& out_;
    CommandQueue queue_;
    std::shared_ptr<pd::PdClient> pd_;
    std::unique_ptr<actions::ActionService> service_;
    std::unique_ptr<bridge::DbView> db_view_;  // used by the DB thread only
    bridge::ClusterView cluster_view_;          // used by the PD thread only
    std::unique_ptr<model::Monitor> monitor_;
    std::unique_ptr<advisor::ProposalPipeline> pipeline_;
    std::unique_ptr<lua::RunbookRunner> runner_;

    std::mutex mu_;  // guards everything below
    bridge::ClusterPart cluster_;
    ConnectionView connection_;
    bridge::DbPart db_;
    ChaosView chaos_;
    std::vector<RunbookView> runbooks_;
    struct TimedNotice {
        NoticeView view;
        std::int64_t at_ms;
    };
    std::deque<TimedNotice> notices_;
    SetAuditFilter filter_;
    bool verify_requested_ = true;
    std::uint64_t version_ = 0;

    std::atomic<bool> stop_{false};
    std::thread pd_thread_, db_thread_, cmd_thread_;
};

/// "gui:<login>" from $USER, else the uid's login name (or "gui:unknown").
std::string default_gui_actor();

}  // namespace medic::gui
