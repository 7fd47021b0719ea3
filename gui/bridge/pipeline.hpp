// gui/bridge/pipeline.hpp: ProposalPipeline, incident -> proposal -> gated
// actions, on its own thread. Every open incident in the shared database
// without a proposal is advised on by the rule advisor against the Monitor's
// latest snapshot; the envelope is recorded (ProposalStore) before anything
// else; a valid plan's steps are submitted to ActionService (dry-run or
// live per the execution_mode setting; nothing at all in observe-only), each
// action linked to its proposal. Actions the gate parks for a person are
// watched; once decided (in the GUI or with `medic` elsewhere) they are
// resumed on an executor thread, so no decision ever blocks the GUI.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

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

    ProposalPipeline(actions::ActionService& service, std::string db_path, SnapshotFn snapshot, Notice notice);
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

    actions::ActionService& service_;
    std::string db_path_;
    SnapshotFn snapshot_;
    Notice notice_;
    std::unique_ptr<store::Database> db_;   // pipeline thread only
    std::set<std::int64_t> parked_;          // actions awaiting a decision (pipeline thread only)

    std::mutex exec_mu_;
    std::condition_variable exec_cv_;
    std::deque<std::int64_t> to_resume_;
    std::atomic<bool> stop_{false};
    std::thread thread_, executor_;
};

}  // namespace medic::gui::bridge
