// engine/advisor/proposal/catalog.cpp: wire kinds generated from the action
// registry, the runbook catalog, the proposal JSON Schema and catalog text.
#include "catalog.hpp"

#include <algorithm>

namespace medic::advisor {
namespace {

using json::Value;

/// Maps one registry parameter onto a wire field, or nullopt when it cannot
/// be expressed (a string, a second region, ...).
std::optional<WireField> field_for(const actions::ParamSpec& p) {
    if (p.type != actions::ParamType::Integer) return std::nullopt;
    if (p.domain == "a region id" && p.name == "region") return WireField::RegionId;
    if (p.domain != "a store id") return std::nullopt;
    if (p.name == "to_store") return WireField::TargetStoreId;
    if (p.name == "store" || p.name == "from_store") return WireField::StoreId;
    return std::nullopt;
}

std::optional<WireKind> to_wire_kind(const actions::ActionSpec& spec) {
    if (spec.effect != actions::Effect::PdWrite) return std::nullopt;
    WireKind k{spec.name, &spec, {}};
    for (const auto& p : spec.params) {
        auto f = field_for(p);
        if (!f) {
            if (p.required) return std::nullopt;  // needs a value the wire cannot carry
            continue;                             // optional: the registry default applies
        }
        for (const auto& existing : k.fields)
            if (existing.field == *f) return std::nullopt;
        k.fields.push_back({*f, p.name, p.required, p.doc});
    }
    if (k.fields.empty()) return std::nullopt;
    return k;
}

Value str(std::string s) { return Value::make_string(std::move(s)); }

Value string_enum(const std::vector<std::string>& values, bool nullable) {
    Value v = Value::make_object();
    Value& t = v.set("type", nullable ? Value::make_array() : str("string"));
    if (nullable) {
        t.push(str("string"));
        t.push(str("null"));
    }
    Value& e = v.set("enum", Value::make_array());
    for (const auto& s : values) e.push(str(s));
    if (nullable) e.push(Value::make_null());
    return v;
}

Value typed(const char* type, const char* desc = nullptr) {
    Value v = Value::make_object();
    v.set("type", str(type));
    if (desc) v.set("description", str(desc));
    return v;
}

Value nullable(const char* type, const char* desc) {
    Value v = Value::make_object();
    Value& t = v.set("type", Value::make_array());
    t.push(str(type));
    t.push(str("null"));
    v.set("description", str(desc));
    return v;
}

/// {"type":"object","additionalProperties":false,"required":[all],"properties":{...}}
Value strict_object(std::vector<std::pair<std::string, Value>> props, const char* desc = nullptr) {
    Value o = Value::make_object();
    o.set("type", str("object"));
    if (desc) o.set("description", str(desc));
    o.set("additionalProperties", Value::make_bool(false));
    Value& req = o.set("required", Value::make_array());
    for (const auto& p : props) req.push(str(p.first));
    Value& pr = o.set("properties", Value::make_object());
    for (auto& p : props) pr.set(p.first, std::move(p.second));
    return o;
}

Value array_of(Value items, const char* desc = nullptr) {
    Value a = Value::make_object();
    a.set("type", str("array"));
    if (desc) a.set("description", str(desc));
    a.set("items", std::move(items));
    return a;
}

Value action_schema() {
    std::vector<std::string> rb;
    for (const auto& r : runbooks()) rb.push_back(r.name);
    return strict_object(
        {{"kind", string_enum(action_kind_names(), false)},
         {"region_id", nullable("integer", "Region to act on (kinds that take a region).")},
         {"store_id", nullable("integer", "Source / subject store (see the catalog per kind).")},
         {"target_store_id", nullable("integer", "Destination store (transfer_leader, transfer_peer).")},
         {"runbook", string_enum(rb, true)}},
        "Exactly one action. Fields not used by the kind must be null.");
}

}  // namespace

const std::vector<WireKind>& wire_kinds() {
    static const std::vector<WireKind> kinds = [] {
        std::vector<WireKind> v;
        for (const auto& spec : actions::action_specs())
            if (auto k = to_wire_kind(spec)) v.push_back(std::move(*k));
        return v;
    }();
    return kinds;
}

const WireKind* find_wire_kind(std::string_view name) {
    for (const auto& k : wire_kinds())
        if (k.name == name) return &k;
    return nullptr;
}

const std::vector<RunbookSpec>& runbooks() {
    using actions::Risk;
    static const std::vector<RunbookSpec> r = {
        {"drain_store", "move every region off a store, then take it offline", true, false, Risk::Critical, true},
        {"evacuate_leaders", "move all leaders off a store (e.g. before maintenance or while it is slow)", true, false,
         Risk::Medium, false},
        {"restore_leaders", "let leaders return to a store after evacuate_leaders", true, false, Risk::Low, false},
        {"hot_region", "relieve a hot region: move its leader, split it if still hot", false, true, Risk::Medium, false},
        {"store_down", "handle a down store: confirm, evict leaders, let PD re-replicate", true, false, Risk::High,
         false},
        {"leader_rebalance", "spread leaders evenly across Up stores", false, false, Risk::Medium, false},
        {"incident_throttle", "lower schedule limits while an incident is handled", false, false, Risk::Medium, false},
        {"disk_full", "relieve a store that is nearly out of disk: move regions away, raise limits", true, false,
         Risk::High, false},
    };
    return r;
}

const RunbookSpec* find_runbook(std::string_view name) {
    for (const auto& r : runbooks())
        if (r.name == name) return &r;
    return nullptr;
}

std::vector<std::string> action_kind_names() {
    std::vector<std::string> v{"none"};
    for (const auto& k : wire_kinds()) v.push_back(k.name);
    v.push_back("run_runbook");
    return v;
}

json::Value proposal_schema() {
    Value diagnosis = strict_object({{"symptom", typed("string", "What is observed, in plain text.")},
                                     {"hypothesis", typed("string", "Most likely cause. Say 'unknown' when unsure.")},
                                     {"severity", string_enum({"info", "warning", "critical"}, false)}});
    Value evidence = array_of(strict_object({{"observation_id", typed("string")}, {"claim", typed("string")}}),
                              "Each item cites an observation id given in the prompt (e.g. obs-3).");
    Value risk = strict_object({{"level", string_enum({"low", "medium", "high"}, false)},
                                {"blast_radius", typed("string")},
                                {"reversible", typed("boolean")}});
    Value rollback = strict_object({{"possible", typed("boolean")}, {"plan", typed("string")}});
    Value alternatives = array_of(strict_object({{"description", typed("string")}, {"why_not", typed("string")}}));
    Value verification = strict_object({{"signal", typed("string")}, {"expected_within_seconds", typed("integer")}});
    Value vv = strict_object({{"schema_version", string_enum({kSchemaVersion}, false)},
                              {"summary", typed("string", "One plain-text sentence, at most 200 characters.")},
                              {"diagnosis", std::move(diagnosis)},
                              {"evidence", std::move(evidence)},
                              {"action", action_schema()},
                              {"confidence", string_enum({"low", "medium", "high"}, false)},
                              {"risk", std::move(risk)},
                              {"expected_impact", typed("string")},
                              {"rollback", std::move(rollback)},
                              {"alternatives", std::move(alternatives)},
                              {"verification", std::move(verification)},
                              {"needs_human_attention",
                               nullable("string", "Non-null when data is insufficient or no safe action exists.")}});
    return vv;
}

std::string catalog_text() {
    std::string out = "Action kinds (action.kind; unused id fields must be null):\n";
    out += "- none: no action; all id fields null. Set needs_human_attention when a person must look.\n";
    for (const auto& k : wire_kinds()) {
        out += "- " + k.name + " [risk " + actions::risk_name(k.spec->risk) + "]: " + k.spec->summary + ". Fields: ";
        for (size_t i = 0; i < k.fields.size(); ++i) {
            const auto& f = k.fields[i];
            out += std::string(i ? ", " : "") + kWireFieldNames[size_t(f.field)] + " (" + f.doc + ")";
        }
        out += "\n";
    }
    out += "- run_runbook: run one of the runbooks below; runbook is required, store_id / region_id as listed.\n";
    out += "Runbooks:\n";
    for (const auto& r : runbooks()) {
        out += "- " + r.name + " [risk " + actions::risk_name(r.risk) + "]: " + r.summary;
        out += r.needs_store ? "; needs store_id" : "";
        out += r.needs_region ? "; needs region_id" : "";
        out += "\n";
    }
    return out;
}

}  // namespace medic::advisor
