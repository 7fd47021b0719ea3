// bindings/runner/runbook_runner.hpp: RunbookRunner starts runbooks in the
// background for a long-lived process (the GUI, `medic monitor --propose`)
// the way `medic run` does (cli/cmd_run.cpp): a Lua host Scheduler on a VM
// thread of its own per run, EngineServices over the bridge's Monitor
// snapshot and ActionService (the safety gate), wrapped in JournalServices
// so every run, step, log line and action lands in the shared SQLite journal
// that every other process reads. Cancels go through the journal (run_cancel), so
// they also stop runs started with `medic run` in another terminal.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "pd/types.hpp"

namespace medic::actions {
class ActionService;
}
namespace medic::pd {
class PdClient;
}
namespace medic::model {
class ClusterSnapshot;
}
namespace medic::lua {
struct Run;
class Scheduler;
}

namespace medic::lua {

class RunbookRunner {
public:
    using SnapshotFn = std::function<std::shared_ptr<const model::ClusterSnapshot>()>;
    /// PD's operators now, for cluster.operators() (throws api::HostError).
    using OperatorsFn = std::function<std::vector<pd::OperatorInfo>()>;
    RunbookRunner(std::string db_path, SnapshotFn snapshot, actions::ActionService* service,
                  OperatorsFn operators = nullptr);
    /// cluster.operators() answered by `pd` (GET /operators; failures are E_PD).
    static OperatorsFn operators_of(std::shared_ptr<pd::PdClient> pd);
    /// Cancels the runs still going (they stop at their next API call) and joins them.
    ~RunbookRunner();
    RunbookRunner(const RunbookRunner&) = delete;
    RunbookRunner& operator=(const RunbookRunner&) = delete;

    /// Start `path` with `params` (validated by the host against its header);
    /// dry-run unless `live`. Returns at once; "" or why it did not start.
    std::string start(const std::string& path, const std::vector<std::pair<std::string, std::string>>& params, bool live);
    /// Ask run `id` to stop (through the journal). "" or why not.
    std::string cancel(std::int64_t run_id);
    /// Runs started here that have not finished.
    int active() const;

private:
    struct Active {
        std::thread thread;
        std::atomic<bool> done{false};
        std::mutex mu;
        lua::Scheduler* scheduler = nullptr;  // while running
        lua::Run* run = nullptr;
    };
    void execute(Active& a, std::string path, std::string source,
                 std::vector<std::pair<std::string, std::string>> args, bool live);
    void reap();
    OperatorsFn operators_;

    std::string db_path_;
    SnapshotFn snapshot_;
    actions::ActionService* service_;
    std::atomic<bool> stopping_{false};
    mutable std::mutex mu_;
    std::vector<std::unique_ptr<Active>> runs_;
};

}  // namespace medic::lua
