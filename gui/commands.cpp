// gui/commands.cpp: the command queue between the GUI thread and the bridge.
#include "commands.hpp"

#include <type_traits>

namespace medic::gui {

void CommandQueue::push(Command cmd) {
    std::lock_guard lock(mu_);
    queue_.push_back(std::move(cmd));
}

std::optional<Command> CommandQueue::try_pop() {
    std::lock_guard lock(mu_);
    if (queue_.empty()) return std::nullopt;
    Command cmd = std::move(queue_.front());
    queue_.pop_front();
    return cmd;
}

std::vector<Command> CommandQueue::drain() {
    std::lock_guard lock(mu_);
    std::vector<Command> out(std::make_move_iterator(queue_.begin()),
                             std::make_move_iterator(queue_.end()));
    queue_.clear();
    return out;
}

std::size_t CommandQueue::size() const {
    std::lock_guard lock(mu_);
    return queue_.size();
}

const char* command_name(const Command& cmd) {
    return std::visit(
        [](const auto& c) -> const char* {
            using T = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<T, ApproveProposal>) return "approve_proposal";
            else if constexpr (std::is_same_v<T, RejectProposal>) return "reject_proposal";
            else if constexpr (std::is_same_v<T, SetKillSwitch>) return "set_kill_switch";
            else if constexpr (std::is_same_v<T, SetAutonomy>) return "set_autonomy";
            else if constexpr (std::is_same_v<T, StartRunbook>) return "start_runbook";
            else if constexpr (std::is_same_v<T, CancelRun>) return "cancel_run";
            else if constexpr (std::is_same_v<T, SetAuditFilter>) return "set_audit_filter";
            else if constexpr (std::is_same_v<T, VerifyAuditChain>) return "verify_audit_chain";
            else return "chaos_request";
        },
        cmd);
}

}  // namespace medic::gui
