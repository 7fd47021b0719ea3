// engine/advisor/proposal/catalog.hpp: what an advisor may propose, generated
// from the engine's action registry (actions/spec.hpp) plus `run_runbook`
// and `none`: the wire action kinds, how their wire fields map onto typed
// action parameters, the runbook catalog (workflows/*.lua names), the
// tikv-proposal/1 JSON Schema sent to models, and the catalog text for
// prompts.
//
// Only registry actions whose parameters all fit the wire's id fields
// (region_id, store_id, target_store_id) are offered; anything else (limits,
// scheduler names, merges) stays a human's or a runbook's decision.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "../json/json_value.hpp"
#include "actions/spec.hpp"

namespace medic::advisor {

inline constexpr const char* kSchemaVersion = "tikv-proposal/1";
inline constexpr const char* kToolName = "propose_remediation";

/// The three id fields of the wire `action` object.
enum class WireField : uint8_t { RegionId, StoreId, TargetStoreId, Count };
inline constexpr const char* kWireFieldNames[] = {"region_id", "store_id", "target_store_id"};
static_assert(std::size(kWireFieldNames) == size_t(WireField::Count));

struct FieldMapping {
    WireField field;
    std::string param;  ///< registry parameter name ("region", "to_store", ...)
    bool required = true;
    std::string doc;
};

/// One wire action kind backed by a registry action.
struct WireKind {
    std::string name;  ///< same token as the registry
    const actions::ActionSpec* spec = nullptr;
    std::vector<FieldMapping> fields;
};

/// A runbook the advisor may ask for (shipped in workflows/<name>.lua).
struct RunbookSpec {
    std::string name;
    std::string summary;
    bool needs_store = false;
    bool needs_region = false;
    actions::Risk risk = actions::Risk::Medium;
    bool drains_store = false;  ///< takes its store out of service (safety accounting)
};

/// Registry actions expressible on the wire, in registry order.
const std::vector<WireKind>& wire_kinds();
const WireKind* find_wire_kind(std::string_view name);
const std::vector<RunbookSpec>& runbooks();
const RunbookSpec* find_runbook(std::string_view name);

/// Every allowed action.kind: wire_kinds() names, "run_runbook", "none".
std::vector<std::string> action_kind_names();

/// The JSON Schema of the proposal object (strict-mode friendly: every
/// property required, additionalProperties false, optional values nullable).
json::Value proposal_schema();

/// Human/model-readable catalog: one line per kind and per runbook.
std::string catalog_text();

}  // namespace medic::advisor
