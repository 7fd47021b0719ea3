// bindings/drill/session.hpp: Session, one engine wired to one cluster for
// `medic test`, `medic drill` and `medic demo`: a PD (an embedded pdsim in
// step mode by default, or a given URL), a PdClient, the Monitor, the
// ActionService and the SQLite database they share (a temp file unless a
// path is given), a clock, and SessionServices, the RunServices that connect
// runbook runs to all of it.
//
// With an embedded pdsim in --step mode the clock is a SimClock: every wait
// of a runbook advances pdsim's simulated clock (POST /chaos/clock/advance)
// instead of sleeping, so an hour-long drain completes in seconds. Against a
// real PD (or pdsim in real time) it is the real clock.
//
// run_runbook() runs one runbook to the end on the calling thread's scheduler
// and returns what happened. A Session is used from one thread.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "bindings/lua/run.hpp"

namespace medic::actions {
class ActionService;
}
namespace medic::model {
class Monitor;
}
namespace medic::pd {
class PdClient;
}
namespace medic::lua {
class Clock;
}

namespace medic::drill {

class AutoApprover;
class ClockGate;
class EmbeddedPdsim;
class SessionServices;

struct SessionOptions {
    /// Empty: start an embedded pdsim with `scenario` etc.; else PD URLs.
    std::string pd_url;
    std::string scenario = "balanced";
    int stores = 0;      ///< 0: the scenario's default
    int regions = 0;     ///< 0: the scenario's default
    int seed = 1;
    bool step = true;    ///< embedded pdsim in --step mode (simulated clock)
    std::string db_path; ///< empty: a fresh temp file, removed at the end
    bool auto_approve = true;  ///< approvals granted by an AutoApprover ("drill:auto-approve")
    /// Keep the Monitor's incidents in memory, not in db_path: for a session
    /// that joins a database another engine (the GUI) already monitors.
    bool private_incidents = false;
};

/// What one runbook run did (plain data, for tests and reports).
struct RunReport {
    std::string runbook;          ///< header name
    std::string status;           ///< ok | error | cancelled
    std::string error;            ///< one-line failure ("" when ok)
    std::string error_code;       ///< "E_SAFETY_REQUIRE", ...
    double sim_seconds = 0;       ///< clock time the run took
    std::vector<lua::ActionRecord> actions;
    std::vector<lua::StepRecord> steps;
    std::vector<lua::LogLine> logs;
};

struct RunOptions {
    lua::RunMode mode = lua::RunMode::Live;
    std::vector<std::pair<std::string, std::string>> args;  ///< name=value, as `medic run --arg`
    double cancel_after_s = 0;    ///< > 0: cancel (with compensation) after this much clock time
};

class Session {
public:
    explicit Session(SessionOptions opts);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    const std::string& pd_url() const { return pd_url_; }
    const std::string& db_path() const { return db_path_; }
    bool simulated() const { return sim_clock_; }
    /// Simulated, and the engine's verification waits on this session's
    /// clock (ClockGate): the clock then steps only when every live action
    /// in flight has looked at the cluster since the last step.
    bool gated() const { return gated_; }
    /// Approvals are granted by the session's AutoApprover (else a person).
    bool auto_approve() const { return opts_.auto_approve; }
    ClockGate& gate() { return *gate_; }
    EmbeddedPdsim* pdsim() { return pdsim_.get(); }
    pd::PdClient& pd() { return *pd_; }
    model::Monitor& monitor() { return *monitor_; }
    actions::ActionService& service() { return *service_; }
    lua::Clock& clock() { return *clock_; }
    SessionServices& services() { return *services_; }

    /// Clock time now (seconds; simulated in step mode).
    double now() const;
    /// Advance the clock by `seconds` (step mode: pdsim's clock too; real: sleep).
    void advance(double seconds);
    /// Refresh the snapshot and incidents now: one Monitor tick; `full`
    /// forces the slow checks and the /regions scan, else the Monitor runs
    /// them on its own schedule (every 5 s / 10 s of clock time).
    void refresh(bool full = true);

    /// Run the runbook in `file` to its end.
    RunReport run_runbook(const std::string& file, const RunOptions& ro);

private:
    SessionOptions opts_;
    std::string pd_url_, db_path_;
    bool own_db_ = false;
    bool sim_clock_ = false;
    bool gated_ = false;
    std::atomic<double> sim_now_{0};  ///< the SimClock's time, readable from workers
    std::unique_ptr<ClockGate> gate_;
    std::unique_ptr<EmbeddedPdsim> pdsim_;
    std::shared_ptr<pd::PdClient> pd_;
    std::unique_ptr<model::Monitor> monitor_;
    std::unique_ptr<actions::ActionService> service_;
    std::unique_ptr<lua::Clock> clock_;
    std::unique_ptr<SessionServices> services_;
    std::unique_ptr<AutoApprover> approver_;  ///< when opts.auto_approve
};

/// Read a whole file; throws std::runtime_error with the path when it cannot.
std::string read_text_file(const std::string& path);

}  // namespace medic::drill
