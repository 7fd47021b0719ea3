// engine/actions/spec.hpp: the action registry as plain data.
//
// One ActionSpec per action kind: its name (the same token in the registry, in
// Lua `actions.<name>{...}`, in the audit store and in the GUI), its typed
// parameters with domains and ranges, its risk, whether it can be undone and by
// which action, and its documentation. The Lua host generates bindings and
// LuaLS annotations from this table; the advisor generates its action catalog
// from it. Behaviour (validation against a snapshot, the PD request, the
// post-condition) lives elsewhere in engine/actions and is looked up by name;
// this header must stay data only: no PD, no SQLite, no Lua.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace medic::actions {

/// The type of one parameter as a runbook, a user or the advisor supplies it.
enum class ParamType : uint8_t { Integer, Number, String, Bool, IntegerList, StringList, Count };

inline constexpr const char* kParamTypeNames[] = {"integer", "number",       "string",
                                                  "boolean", "integer_list", "string_list"};
static_assert(std::size(kParamTypeNames) == size_t(ParamType::Count));
inline const char* param_type_name(ParamType t) { return kParamTypeNames[size_t(t)]; }

/// Risk decides routing by autonomy level (safety/policy.hpp): never a model's
/// confidence. High and critical always need a person.
enum class Risk : uint8_t { Low, Medium, High, Critical, Count };

inline constexpr const char* kRiskNames[] = {"low", "medium", "high", "critical"};
static_assert(std::size(kRiskNames) == size_t(Risk::Count));
inline const char* risk_name(Risk r) { return kRiskNames[size_t(r)]; }
std::optional<Risk> parse_risk(std::string_view s);

/// Where the effect of an action lands.
enum class Effect : uint8_t {
    PdWrite,  ///< mutates the cluster through PD's HTTP API (audited before the request)
    Local,    ///< wait / log: no outside effect
    Outside,  ///< notify: a webhook POST to a configured URL, not to PD
    Count
};
inline constexpr const char* kEffectNames[] = {"pd_write", "local", "outside"};
static_assert(std::size(kEffectNames) == size_t(Effect::Count));

/// A parameter value. Integers are int64 (PD ids are uint64 but every id a
/// real cluster hands out fits in int64; larger ones are refused by range).
using ParamValue = std::variant<std::monostate, int64_t, double, std::string, bool,
                                std::vector<int64_t>, std::vector<std::string>>;

/// One typed parameter of an action.
struct ParamSpec {
    std::string name;    ///< snake_case with unit or role: "to_store", "delay_s"
    ParamType type = ParamType::Integer;
    std::string domain;  ///< noun phrase for errors: "a store id", "a region id"
    double min = std::numeric_limits<double>::lowest();  ///< inclusive; for lists: per element
    double max = std::numeric_limits<double>::max();     ///< inclusive; for lists: per element
    bool required = true;
    ParamValue default_value;           ///< monostate = no default
    std::vector<std::string> choices;   ///< for String/StringList: the allowed values ("" = any)
    std::string doc;                    ///< one line, the documentation
};

/// One action kind.
struct ActionSpec {
    std::string name;          ///< "transfer_leader": the one token used everywhere
    std::string summary;       ///< one line: what it does to the cluster
    std::string doc;           ///< longer text: PD request, post-condition, caveats
    Risk risk = Risk::Low;
    bool reversible = false;
    std::string compensation;  ///< name of the action that undoes it ("" = none)
    Effect effect = Effect::PdWrite;
    bool idempotent_request = false;  ///< resending the PD request is harmless (retry allowed)
    std::vector<ParamSpec> params;

    /// The parameter named `n`, or nullptr.
    const ParamSpec* param(std::string_view n) const;
};

/// Every registered cluster/tool action, in a stable order (registry.cpp):
/// the catalog Lua's `actions` module, the advisor and `medic act` list.
std::span<const ActionSpec> action_specs();

/// Gate kinds (kinds_gate.cpp): `approval`, reached through Lua's
/// safety.approve, not listed in action_specs().
std::vector<ActionSpec> gate_action_specs();

/// The spec named `name` (cluster, tool or gate kind), or nullptr.
const ActionSpec* find_action_spec(std::string_view name);

}  // namespace medic::actions
