// engine/actions/status.cpp: parse_status (status.hpp).
#include "actions/status.hpp"

namespace medic::actions {

std::optional<ActionStatus> parse_status(std::string_view s) {
    for (size_t i = 0; i < size_t(ActionStatus::Count); ++i)
        if (s == kActionStatusNames[i]) return ActionStatus(i);
    return std::nullopt;
}

}  // namespace medic::actions
