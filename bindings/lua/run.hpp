// bindings/lua/run.hpp: Run, everything the host knows about one runbook run:
// its limits and the flags that end it, CPU accounting, the Lua state that
// belongs to it alone, the header the runbook declared, its log lines and
// actions, and how it ended.
//
// A Run is the allocator's userdata (lua_getallocf), so every host function,
// the count hook and the allocator reach it in O(1) from any lua_State of the
// run (SANDBOX 2.1 "every host function gets run_ctx"). It must outlive
// lua_close of its state.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "bindings/api/errors.hpp"
#include "bindings/api/spec.hpp"
#include "bindings/api/value.hpp"

struct lua_State;

namespace medic::lua {

class Clock;
class RunServices;

/// Per-run resource limits. Defaults are the `medic run` defaults.
struct Limits {
    double cpu_s = 2.0;            ///< CPU time of the run: Lua and host work, not waits or I/O
    double wall_s = 0;             ///< 0: the header's deadline_s (or kDefaultDeadlineS)
    size_t memory_bytes = size_t(64) << 20;
    size_t log_bytes = size_t(256) << 10;  ///< total log output
    size_t log_line_bytes = 2048;          ///< one line is cut here
    int max_actions = 200;
    int max_steps = 1000;          ///< runbook.step calls (each is a journal row and host memory)
    int max_nesting = 8;           ///< gsub / sort / coroutine.resume nesting (SANDBOX 2.2)
    size_t max_string_rep = size_t(16) << 20;
    // Compensations get a fresh, bounded budget of their own, whatever ended
    // the run (a limit included): the run's own budget may be spent.
    double compensation_cpu_s = 1.0;   ///< CPU for all undo functions of a run
    double compensation_wall_s = 300;  ///< wall time for all of them (waits count)
    size_t compensation_memory_bytes = size_t(8) << 20;  ///< heap above what is live after a full GC
    size_t compensation_log_bytes = size_t(32) << 10;    ///< log output above what the run wrote
    int compensation_actions = 50;     ///< actions above what the run submitted
};
inline constexpr double kDefaultDeadlineS = 600;
/// The shortest wait a run can ask for (runbook.wait, wait_until's
/// interval): shorter ones are rounded up. Every wait is a suspension and a
/// resume on the scheduler, host work the run's CPU budget does not see, so
/// `while true do runbook.wait(1e-9) end` must not spin until the deadline.
inline constexpr double kMinWaitS = 0.01;

/// Why a run was stopped from outside the script. Sticky: once set it stays.
enum class Termination : uint8_t { None, Cpu, Wall, Memory, Log, Actions, Nesting, Cancelled, Steps, Count };
inline constexpr api::ErrorCode kTerminationCodes[] = {
    api::ErrorCode::E_HOST,       api::ErrorCode::E_LIMIT_CPU,     api::ErrorCode::E_LIMIT_WALL,
    api::ErrorCode::E_LIMIT_MEMORY, api::ErrorCode::E_LIMIT_LOG,   api::ErrorCode::E_LIMIT_ACTIONS,
    api::ErrorCode::E_LIMIT_NESTING, api::ErrorCode::E_CANCELLED,  api::ErrorCode::E_LIMIT_STEPS};
inline constexpr const char* kTerminationMessages[] = {
    "",
    "cpu time limit exceeded",
    "wall-clock deadline exceeded",
    "memory limit exceeded",
    "log output limit exceeded",
    "action count limit exceeded",
    "callback nesting limit exceeded",
    "run cancelled",
    "step count limit exceeded"};
static_assert(std::size(kTerminationCodes) == size_t(Termination::Count));
static_assert(std::size(kTerminationMessages) == size_t(Termination::Count));

enum class RunMode : uint8_t { DryRun, Live, Count };
inline constexpr const char* kRunModeNames[] = {"dry_run", "live"};
static_assert(std::size(kRunModeNames) == size_t(RunMode::Count));

enum class RunStatus : uint8_t { Pending, Running, Waiting, Compensating, Ok, Error, Cancelled, Interrupted, Count };
inline constexpr const char* kRunStatusNames[] = {"pending", "running",  "waiting",   "compensating",
                                                  "ok",      "error",    "cancelled", "interrupted"};
static_assert(std::size(kRunStatusNames) == size_t(RunStatus::Count));

/// Free lists for the run's small Lua objects (alloc.cpp): blocks of up to
/// kMax bytes in classes of kGrain bytes, carved from chunks the run owns
/// and frees when it is destroyed (after lua_close). glibc's malloc/free
/// cost ~350 instructions a pair here, a pool ~30: a typed action call
/// allocates four blocks (its argument table and the result table).
struct SmallPool {
    static constexpr size_t kGrain = 16;
    static constexpr size_t kMax = 512;
    static constexpr size_t kClasses = kMax / kGrain;
    void* free_list[kClasses + 1] = {};
    char* bump = nullptr;      ///< the current chunk's unused part
    char* bump_end = nullptr;
    std::vector<void*> chunks;
    size_t next_chunk = size_t(8) << 10;  ///< doubles up to 64 KiB
    SmallPool() = default;
    SmallPool(const SmallPool&) = delete;
    SmallPool& operator=(const SmallPool&) = delete;
    ~SmallPool() { release(); }
    /// Free every chunk (after lua_close: no block is live any more), so a
    /// finished run kept for its report holds no Lua memory.
    void release();
};

/// The allocator's books (alloc.cpp). Counted exactly from osize/nsize
/// (the bytes Lua asked for, not the pool's rounded blocks).
struct AllocState {
    size_t used = 0;
    size_t peak = 0;
    size_t limit = 0;
    size_t reserve = size_t(1) << 20;  ///< head room granted only after the cap was hit, so the
                                       ///< host can still build the error on the way out
    bool exceeded = false;
    SmallPool pool;
};

/// A parameter the runbook header declares.
struct ParamDecl {
    std::string name;
    std::string type;  ///< integer | number | string | boolean
    bool required = false;
    api::Value def;
    std::string doc;
};

struct RunHeader {
    bool defined = false;
    std::string name, description, risk;
    /// "one": at most one live run of this runbook at a time (the default:
    /// two runs acting on one cluster from the same plan fight each other);
    /// "many": independent runs allowed.
    std::string concurrency = "one";
    double deadline_s = 0;
    std::vector<ParamDecl> params;
};

struct LogLine {
    double t = 0;           ///< seconds since the run started (scheduler clock)
    std::string level;      ///< debug | info | warn | error
    std::string where;      ///< "drain.lua:12"
    std::string message;    ///< escaped, cut to limits.log_line_bytes
    std::string fields;     ///< JSON object text ("" when none)
};

/// Where an action call stands. Pending is recorded as "submitted".
enum class ActionState : uint8_t { Planned, Succeeded, Pending, Refused, Failed, Count };
inline constexpr const char* kActionStateNames[] = {"planned", "succeeded", "submitted", "refused", "failed"};
static_assert(std::size(kActionStateNames) == size_t(ActionState::Count));

/// What an action call returns to the runbook (LuaLS class actions.Result,
/// declared in bindings/api/actions_api.cpp). Flat, so the dispatcher pushes
/// it from a template (exact table size, interned keys) and nothing builds
/// a map per call; `action` and `mode` come from the call and the run.
struct ActionResult {
    std::string status;              ///< the engine's status word: dry_run | skipped | succeeded | ...
    std::string description;         ///< the expected change, one line ("" = absent)
    int64_t audit_id = 0;            ///< the engine's action id in the audit log (0 = none)
    std::vector<std::string> calls;  ///< PD requests made (dry-run: that would be made)
    std::string observed;            ///< what verification saw (live; "" = absent)
};

/// Storage for the action records' parameter values: chunks that never
/// move, so a record holds a span into them instead of a heap vector of
/// its own (a malloc per typed action call otherwise). Owned by the Run;
/// render_action drops a record's span once its text is rendered, so a
/// record copied out of a finished run never points into a freed arena.
class ValueArena {
public:
    /// n default (nil) values that stay where they are until the arena goes.
    std::span<api::Value> take(size_t n) {
        if (n == 0) return {};
        if (chunks_.empty() || used_ + n > chunk_size_) {
            // 64, 128, ... 1024 values: a run of a few actions constructs
            // few Values; a long one allocates rarely.
            next_ = next_ < kMaxChunk ? next_ * 2 : kMaxChunk;
            chunk_size_ = n > next_ ? n : next_;
            chunks_.push_back(std::make_unique<api::Value[]>(chunk_size_));
            used_ = 0;
        }
        std::span<api::Value> out(chunks_.back().get() + used_, n);
        used_ += n;
        return out;
    }

private:
    static constexpr size_t kMaxChunk = 1024;
    std::vector<std::unique_ptr<api::Value[]>> chunks_;
    size_t next_ = 32;       ///< half the next chunk's size
    size_t chunk_size_ = 0;  ///< of the last chunk
    size_t used_ = 0;        ///< in the last chunk
};

/// One action a run submitted. The call itself stores only the compact
/// fields (no text is built on its path); the text fields below them are
/// rendered from those by render_action (run_ops.hpp) when the run
/// finishes, and the journal renders what it writes with the same
/// functions. Readers during a run use the action_* functions of run_ops.hpp.
struct ActionRecord {
    // -- set by the call
    const char* kind = "";                 ///< the action's name (the registry's string: lives for the process)
    ActionState state = ActionState::Failed;
    RunMode run_mode = RunMode::DryRun;
    int line = 0;                          ///< the runbook line of the call (0 = unknown)
    std::span<const api::ParamSpec> param_specs;  ///< the action's parameters (static)
    /// Aligned with param_specs (nil = absent), in the run's ValueArena;
    /// empty once render_action has written params_json.
    std::span<const api::Value> param_values;
    ActionResult result;                   ///< planned / verified result (audit_id also on failures)
    std::string error;                     ///< why it was refused / failed
    // -- text, rendered at the run's end (render_action)
    std::string name;
    std::string where;        ///< "drain.lua:12"
    std::string params_json;
    std::string mode;         ///< dry_run | live
    std::string outcome;      ///< planned | succeeded | submitted | refused | failed
    std::string audit_id;     ///< engine audit id ("" without one)
    std::string detail;       ///< the result as JSON, or the error
};

/// One runbook.step: running -> ok | failed, then maybe compensating ->
/// compensated | compensation_failed; "interrupted" when the run ended inside it.
struct StepRecord {
    int64_t seq = 0;
    std::string name, where, state, error;
    bool has_undo = false;
};

/// How a run failed; fed to the journal, the CLI and later the GUI.
struct ScriptFailure {
    api::ErrorCode code = api::ErrorCode::E_HOST;
    std::string api, subject, where, message, traceback;
    /// "drain.lua:12: transfer_leader: to_store must be ..." (STYLE 3.4 one-liner)
    std::string one_line() const;
};

/// What a suspended run waits for. The scheduler polls `poll` (if set) every
/// `poll_interval_s` and resumes the run at `until` or when poll says done.
struct Suspension {
    enum class State : uint8_t { Pending, Done, Failed };
    struct Poll {
        State state = State::Pending;
        api::Value value;     ///< result when Done
        api::HostError error; ///< when Failed
    };
    double until = 0;           ///< absolute clock time; 0 = no timer
    double poll_interval_s = 0.5;
    std::function<Poll()> poll; ///< empty = plain timer
    /// With a poll: reaching `until` while still pending fails with this.
    api::HostError on_timeout{api::ErrorCode::E_APPROVAL_TIMEOUT, "nobody answered in time"};
    /// Called once when the run stops waiting before the poll finished
    /// (timeout, limit, cancel, host shutdown): e.g. withdraw an approval
    /// request nobody will act on any more.
    std::function<void()> abandon;
    double next_poll = 0;       ///< scheduler bookkeeping
    std::string api;            ///< the API label for errors found after the wait
    /// What the run waits for, for people (RunServices::on_wait, the runs
    /// table): "approval: drain store 4", "sleep 30 s", "condition: ...",
    /// "action transfer_leader in flight".
    std::string waiting_for;
    /// A wait_until poll: the run will most likely park again on the same
    /// condition, so resuming it does not report on_resume (the wrapper
    /// reports it when the wait ends).
    bool continues = false;
};

struct Run {
    static constexpr uint32_t kMagic = 0x6d656463;  // "medc"
    uint32_t magic = kMagic;
    AllocState alloc;
    Limits limits;

    // -- termination (hook.cpp)
    Termination termination = Termination::None;
    bool hook_sticky = false;
    std::atomic<bool> cancel_requested{false};
    std::atomic<bool> compensate_on_cancel{false};
    bool ended = false;        ///< no host call may act after this
    bool in_api = false;       ///< re-entrancy guard
    api::Args scratch_args;    ///< the dispatcher's reusable argument slots (dispatch.cpp)
    int nesting = 0;           ///< live gsub/sort/resume nesting

    // -- accounting
    double cpu_used_s = 0;     ///< finished slices
    double slice_start = 0;    ///< mono_now() at the current resume; 0 when not running
    double api_time_s = 0;     ///< host-call wall time inside the current slice
    // Host calls may wait on I/O (PD over HTTP, SQLite), which is not the
    // run's CPU, so their wall time is left out of the estimate; but the CPU
    // they burn (building 10000 region tables, say) is the run's. Once a
    // slice has spent a while in host calls, the thread's real CPU time is
    // sampled (hook.cpp sample_thread_cpu) and the larger figure counts.
    double slice_thread_cpu0 = 0;    ///< thread CPU at the start of the slice
    double slice_thread_cpu = 0;     ///< thread CPU used in the slice at the last sample
    double api_time_sampled = 0;     ///< api_time_s at the last sample
    double cpu_budget_s = 0;   ///< current CPU allowance (limits.cpu_s, + compensation budget)
    Clock* clock = nullptr;
    double started_at = 0;     ///< clock time
    double wall_deadline = 0;  ///< clock time
    int last_line = 0;         ///< last runbook line seen by the hook
    int define_line = 0;       ///< where `runbook.define` was read (sandbox.cpp runbook_index)

    // -- the Lua side
    lua_State* L = nullptr;
    lua_State* thread = nullptr;  ///< the coroutine that runs the runbook (or its compensations)
    int thread_ref = -2;          ///< LUA_NOREF
    int term_msg_ref[size_t(Termination::Count)] = {};
    int errmeta_ref = -2;
    int result_template_ref = -2;  ///< interned actions.Result keys (action_result.cpp)
    bool compensating = false;
    /// Why undo functions of finished steps did not (all) run, e.g. "the
    /// compensation stopped: cpu time limit exceeded"; "" when they all ran
    /// or none was due. Journaled as the detail of the steps it concerns.
    std::string compensation_note;

    // -- identity and inputs
    int64_t id = 0;            ///< journal id (0 without a journal)
    std::string file;          ///< path given on the command line
    std::string chunk;         ///< "drain.lua": positions read "drain.lua:12:"
    std::string source;
    RunMode mode = RunMode::DryRun;
    std::vector<std::pair<std::string, std::string>> args;  ///< --arg k=v
    RunHeader header;
    RunServices* services = nullptr;

    // -- what happened
    RunStatus status = RunStatus::Pending;
    std::vector<LogLine> logs;
    size_t log_bytes = 0;
    std::vector<ActionRecord> actions;
    ValueArena action_values;  ///< the records' param_values
    int action_count = 0;
    bool failed = false;
    ScriptFailure failure;
    std::vector<StepRecord> steps;
    double finished_at = 0;
    Suspension suspension;
    bool suspended = false;
    bool wait_reported = false; ///< on_wait was called and on_resume not yet
    std::string wait_text;      ///< what on_wait was told
    int resume_nargs = 0;      ///< values the scheduler pushed for the next resume

    bool dry_run() const { return mode == RunMode::DryRun; }
};

/// The Run of a lua_State (allocator userdata), or nullptr if it is not ours.
Run* run_of(lua_State* L);

}  // namespace medic::lua
