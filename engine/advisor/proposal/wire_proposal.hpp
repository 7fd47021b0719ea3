// engine/advisor/proposal/wire_proposal.hpp: the `tikv-proposal/1` object a
// model (or the rule advisor) produces, and its strict decoder.
//
// Decoding is schema validation: every field required, no extra fields, no
// duplicate keys (checked by json::parse), exact types, enums, per-kind id
// rules (fields a kind does not use must be null; ids are positive integers
// below 2^63), length caps on free text, evidence citing only observation ids
// that were actually sent. Each problem is an Issue with a field path; any
// Issue means the proposal is rejected_invalid. Whether the action is
// sensible for the cluster is plan_check's job, not this unit's.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "../json/json_value.hpp"

namespace medic::advisor {

struct Issue {
    std::string code;     ///< stable: "extra_field", "missing_field", "wrong_type", "unknown_kind", ...
    std::string path;     ///< "$.action.region_id"
    std::string message;  ///< one line for a person
};

struct WireEvidence {
    std::string observation_id;
    std::string claim;
};

struct WireAlternative {
    std::string description;
    std::string why_not;
};

struct WireAction {
    std::string kind = "none";
    std::optional<int64_t> region_id, store_id, target_store_id;
    std::optional<std::string> runbook;
};

struct WireProposal {
    std::string schema_version;
    std::string summary;
    std::string symptom, hypothesis, severity;
    std::vector<WireEvidence> evidence;
    WireAction action;
    std::string confidence;
    std::string risk_level, blast_radius;
    bool reversible = false;
    std::string expected_impact;
    bool rollback_possible = false;
    std::string rollback_plan;
    std::vector<WireAlternative> alternatives;
    std::string verification_signal;
    int64_t verification_within_s = 0;
    std::optional<std::string> needs_human_attention;

    /// Serializes back to the wire JSON (the form stored and shown).
    json::Value to_json() const;
};

struct DecodeContext {
    std::set<std::string> observation_ids;  ///< ids that were sent; empty set = none were sent
    bool check_evidence_ids = true;
};

struct Decoded {
    WireProposal proposal;
    std::vector<Issue> issues;  ///< empty = schema-valid
};

/// Decodes and validates one proposal object.
Decoded decode_wire_proposal(const json::Value& v, const DecodeContext& ctx);

}  // namespace medic::advisor
