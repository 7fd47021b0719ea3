// bindings/lua/scheduler.hpp: runs are coroutines on one VM thread.
//
// Each submitted runbook gets its own Run and sandboxed lua_State, and its
// body runs in a coroutine of that state. runbook.wait, wait_until, waiting
// for a PD operator and waiting for an approval yield that coroutine with a
// Suspension; the scheduler resumes it when the timer expires or the poll
// says done, so thousands of runs can wait at once on one thread. Deadlines
// and cancels are checked for waiting runs too. When a run fails (or is
// cancelled with compensation) the undo functions of its finished steps run
// in a fresh coroutine with a small budget of their own. Everything here
// happens on the thread that calls run_until_idle (a 16 MiB VM thread).
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "bindings/lua/clock.hpp"
#include "bindings/lua/run.hpp"
#include "bindings/lua/services.hpp"

namespace medic::lua {

struct RunRequest {
    std::string file;    ///< shown in messages by its base name ("drain.lua")
    std::string source;  ///< runbook text (never bytecode)
    RunMode mode = RunMode::DryRun;
    Limits limits;
    std::vector<std::pair<std::string, std::string>> args;
};

class Scheduler {
public:
    Scheduler(Clock& clock, RunServices& services);
    ~Scheduler();
    Scheduler(const Scheduler&) = delete;
    Scheduler& operator=(const Scheduler&) = delete;

    /// Create the run (state, chunk). A run that cannot start (syntax error,
    /// allocation) is finished immediately with its failure.
    Run& submit(RunRequest req);

    /// Run until every submitted run has finished.
    void run_until_idle();

    /// Ask a run to stop at its next API call or limit check (thread-safe).
    void cancel(Run& r, bool compensate);

    const std::vector<std::unique_ptr<Run>>& runs() const { return runs_; }
    size_t active() const;

    /// How often waiting runs are checked for cancels from the journal (s).
    double cancel_poll_s = 0.5;

private:
    void start(Run& r);
    void resume(Run& r);
    void after_error(Run& r);
    bool start_compensation(Run& r);
    void finish(Run& r);
    void poll_waiting(Run& r, double now, double& next);
    void ready_with(Run& r, bool ok, const api::Value* v, const api::HostError* e);

    Clock& clock_;
    RunServices& services_;
    std::vector<std::unique_ptr<Run>> runs_;
    std::vector<Run*> ready_;
    double last_cancel_poll_ = 0;
};

/// The chunk name for a file: its base name, restricted to [A-Za-z0-9._-].
std::string chunk_name_for(const std::string& file);

}  // namespace medic::lua
