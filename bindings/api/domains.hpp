// bindings/api/domains.hpp: the domains shared by several module tables, so
// the same noun phrase and range appear wherever the same kind of value does
// ("a store id (integer > 0)").
#pragma once

#include "bindings/api/spec.hpp"

namespace medic::api::domain {

inline constexpr Domain kStoreId{"a store id", LuaType::Integer, Check::Positive};
inline constexpr Domain kRegionId{"a region id", LuaType::Integer, Check::Positive};
inline constexpr Domain kDuration{"a duration in seconds", LuaType::Number, Check::Positive};
inline constexpr Domain kLimit{"a result count", LuaType::Integer, Check::Range, 1, 10000};
inline constexpr Domain kName{"a name", LuaType::String, Check::NonEmpty, 0, 0, {}, 128};
inline constexpr Domain kText{"a text", LuaType::String, Check::None, 0, 0, {}, 65536};
inline constexpr Domain kMessage{"a message", LuaType::String, Check::None, 0, 0, {}, 65536};
inline constexpr Domain kFunction{"a function", LuaType::Function};
inline constexpr Domain kAnyValue{"a value", LuaType::Any};
inline constexpr Domain kFlag{"a boolean", LuaType::Boolean};
inline constexpr Domain kFields{"a table of fields", LuaType::Table};
inline constexpr Domain kOptions{"a table of options", LuaType::Table};

inline constexpr const char* kRiskChoices[] = {"low", "medium", "high", "critical"};
inline constexpr Domain kRisk{"a risk level", LuaType::String, Check::OneOf, 0, 0, kRiskChoices};

}  // namespace medic::api::domain
