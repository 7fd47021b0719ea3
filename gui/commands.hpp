// gui/commands.hpp: typed commands that panels emit and the engine bridge
// executes on its own thread through the engine API and safety gate. Panels
// never call the engine themselves (STYLE 3.9); they push a command into a
// CommandSink and draw whatever the next UiSnapshot says happened.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "ui_snapshot.hpp"

namespace medic::gui {

/// Approve exactly the proposal that was on screen: `binding` is the hash the
/// panel showed; the bridge refuses if the current proposal's differs.
struct ApproveProposal {
    std::int64_t proposal_id = 0;
    std::string binding;
    std::string typed_confirmation;  // the store id typed for high/critical risk
};

struct RejectProposal {
    std::int64_t proposal_id = 0;
    std::string binding;
    std::string reason;
};

struct SetKillSwitch {
    bool engaged = true;
    std::string reason;
};

struct SetAutonomy {
    std::string level;
    Mode mode = Mode::DryRun;
    std::string reason;
};

struct StartRunbook {
    std::string runbook;
    std::vector<KeyValue> params;  // as typed; the engine validates against the header
    bool dry_run = true;
};

struct CancelRun {
    std::int64_t run_id = 0;
};

struct SetAuditFilter {
    std::string kind;    // empty: any
    std::string actor;   // empty: any
    double since_s = 0;  // 0: any time; else only rows newer than now - since_s
    std::string text;    // substring of subject/summary
};

struct VerifyAuditChain {};

/// A pdsim chaos call (demo mode only): POST/DELETE `path` with JSON `body`.
struct ChaosRequest {
    std::string method;  // "POST" or "DELETE"
    std::string path;    // "/chaos/store/4/kill"
    std::string body;    // "{}"
};

using Command = std::variant<ApproveProposal, RejectProposal, SetKillSwitch, SetAutonomy,
                             StartRunbook, CancelRun, SetAuditFilter, VerifyAuditChain,
                             ChaosRequest>;

/// Where panels put commands. Pushing never blocks on the engine.
class CommandSink {
public:
    virtual ~CommandSink() = default;
    virtual void push(Command cmd) = 0;
};

/// A thread-safe FIFO: the GUI thread pushes, the bridge thread pops.
class CommandQueue final : public CommandSink {
public:
    void push(Command cmd) override;
    /// @return the oldest command, or nothing when empty. Never waits.
    std::optional<Command> try_pop();
    /// @return every queued command, oldest first, leaving the queue empty.
    std::vector<Command> drain();
    std::size_t size() const;

private:
    mutable std::mutex mu_;
    std::deque<Command> queue_;
};

/// Stable lowercase name of a command kind, for logs and notices.
const char* command_name(const Command& cmd);

}  // namespace medic::gui
