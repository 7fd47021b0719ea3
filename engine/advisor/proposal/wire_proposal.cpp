// engine/advisor/proposal/wire_proposal.cpp: strict decoding of
// tikv-proposal/1 (schema, enums, per-kind id rules, caps, evidence ids).
#include "wire_proposal.hpp"

#include <algorithm>

#include "../text_sanitize.hpp"
#include "catalog.hpp"

namespace medic::advisor {
namespace {

using json::Type;
using json::Value;

constexpr size_t kMaxText = 2000;       // any free-text field
constexpr size_t kMaxSummary = 300;     // schema says 200; a little slack, then reject
constexpr size_t kMaxItems = 32;        // evidence / alternatives
constexpr int64_t kMaxVerifySeconds = 86400;

/// Reads the members of one JSON object, remembering which were consumed so
/// that anything else is reported as an extra field.
class Reader {
public:
    Reader(const Value* v, std::string path, std::vector<Issue>& issues)
        : v_(v), path_(std::move(path)), issues_(issues) {
        if (v_ && !v_->is_object()) {  // a missing object was already reported by get()
            fail("wrong_type", path_, std::string("must be an object, got ") + json::type_name(v_->type));
            v_ = nullptr;
        }
    }
    ~Reader() {
        if (!v_) return;
        for (const auto& m : v_->members)
            if (std::find(seen_.begin(), seen_.end(), m.first) == seen_.end())
                fail("extra_field", path_ + "." + sanitize_text(m.first, 60), "field not in the schema");
    }

    const Value* get(const std::string& key) {
        seen_.push_back(key);
        if (!v_) return nullptr;
        const Value* f = v_->find(key);
        if (!f) fail("missing_field", at(key), "required field is missing");
        return f;
    }
    std::string text(const std::string& key, size_t max = kMaxText) {
        const Value* f = get(key);
        if (!f) return {};
        if (!f->is_string()) return type_error(key, "a string", *f), std::string{};
        if (f->text.size() > max) fail("too_long", at(key), "longer than " + std::to_string(max) + " bytes");
        return f->text;
    }
    std::optional<std::string> nullable_text(const std::string& key, size_t max = kMaxText) {
        const Value* f = get(key);
        if (!f || f->is_null()) return std::nullopt;
        if (!f->is_string()) return type_error(key, "a string or null", *f), std::nullopt;
        if (f->text.size() > max) fail("too_long", at(key), "longer than " + std::to_string(max) + " bytes");
        return f->text;
    }
    std::string choice(const std::string& key, const std::vector<std::string>& allowed, const char* code = "bad_enum") {
        std::string s = text(key, 64);
        if (v_ && v_->find(key) && v_->find(key)->is_string() &&
            std::find(allowed.begin(), allowed.end(), s) == allowed.end())
            fail(code, at(key), "'" + sanitize_text(s, 40) + "' is not one of " + join(allowed));
        return s;
    }
    bool boolean(const std::string& key) {
        const Value* f = get(key);
        if (f && !f->is_bool()) type_error(key, "a boolean", *f);
        return f && f->is_bool() && f->boolean;
    }
    std::optional<int64_t> id(const std::string& key) {
        const Value* f = get(key);
        if (!f || f->is_null()) return std::nullopt;
        if (!f->is_number() || f->number_kind == json::NumberKind::Float) {
            type_error(key, "an integer id or null", *f);
            return std::nullopt;
        }
        if (f->number_kind == json::NumberKind::Uint64 || f->i64 <= 0) {
            fail("out_of_range", at(key), "ids are positive integers below 2^63, got " + f->text.substr(0, 30));
            return std::nullopt;
        }
        return f->i64;
    }
    int64_t integer(const std::string& key, int64_t lo, int64_t hi) {
        const Value* f = get(key);
        if (!f) return 0;
        if (!f->int64()) return type_error(key, "an integer", *f), int64_t{0};
        if (*f->int64() < lo || *f->int64() > hi)
            fail("out_of_range", at(key), "must be in " + std::to_string(lo) + ".." + std::to_string(hi));
        return *f->int64();
    }
    const Value* array(const std::string& key) {
        const Value* f = get(key);
        if (!f) return nullptr;
        if (!f->is_array()) return type_error(key, "an array", *f), nullptr;
        if (f->items.size() > kMaxItems) fail("too_many", at(key), "more than " + std::to_string(kMaxItems) + " items");
        return f;
    }
    std::string at(const std::string& key) const { return path_ + "." + key; }
    void fail(std::string code, std::string path, std::string msg) {
        issues_.push_back({std::move(code), std::move(path), std::move(msg)});
    }

private:
    void type_error(const std::string& key, const char* want, const Value& got) {
        fail("wrong_type", at(key), std::string("must be ") + want + ", got " + json::type_name(got.type));
    }
    static std::string join(const std::vector<std::string>& v) {
        std::string s;
        for (const auto& x : v) s += (s.empty() ? "" : "|") + x;
        return s;
    }
    const Value* v_;
    std::string path_;
    std::vector<Issue>& issues_;
    std::vector<std::string> seen_;
};

/// Per-kind id rules: fields the kind uses must be present, the rest null.
void check_action_fields(const WireAction& a, Reader& r) {
    auto need = [&](bool used, const std::optional<int64_t>& v, WireField f) {
        const char* name = kWireFieldNames[size_t(f)];
        if (used && !v) r.fail("missing_id", "$.action." + std::string(name), a.kind + " needs " + name);
        if (!used && v) r.fail("unused_field", "$.action." + std::string(name), a.kind + " does not take " + name + "; it must be null");
    };
    bool region = false, store = false, target = false, rb = false;
    if (const WireKind* k = find_wire_kind(a.kind)) {
        for (const auto& f : k->fields) {
            region |= f.field == WireField::RegionId;
            store |= f.field == WireField::StoreId;
            target |= f.field == WireField::TargetStoreId;
        }
    } else if (a.kind == "run_runbook") {
        rb = true;
        const RunbookSpec* spec = a.runbook ? find_runbook(*a.runbook) : nullptr;
        if (!a.runbook) r.fail("missing_field", "$.action.runbook", "run_runbook needs a runbook name");
        else if (!spec) r.fail("unknown_runbook", "$.action.runbook", "'" + sanitize_text(*a.runbook, 40) + "' is not a known runbook");
        store = spec && spec->needs_store;
        region = spec && spec->needs_region;
    } else if (a.kind != "none") {
        return;  // unknown kind is already reported
    }
    need(region, a.region_id, WireField::RegionId);
    need(store, a.store_id, WireField::StoreId);
    need(target, a.target_store_id, WireField::TargetStoreId);
    if (!rb && a.runbook) r.fail("unused_field", "$.action.runbook", a.kind + " does not take runbook; it must be null");
    if (a.store_id && a.target_store_id && *a.store_id == *a.target_store_id)
        r.fail("same_store", "$.action.target_store_id", "target_store_id equals store_id");
}

WireAction read_action(const Value* v, std::vector<Issue>& issues) {
    Reader r(v, "$.action", issues);
    WireAction a;
    a.kind = r.choice("kind", action_kind_names(), "unknown_kind");
    a.region_id = r.id("region_id");
    a.store_id = r.id("store_id");
    a.target_store_id = r.id("target_store_id");
    a.runbook = r.nullable_text("runbook", 64);
    check_action_fields(a, r);
    return a;
}

void read_evidence(const Value* arr, const DecodeContext& ctx, WireProposal& p, std::vector<Issue>& issues) {
    if (!arr) return;
    for (size_t i = 0; i < arr->items.size() && i < kMaxItems; ++i) {
        std::string path = "$.evidence[" + std::to_string(i) + "]";
        Reader r(&arr->items[i], path, issues);
        WireEvidence e{r.text("observation_id", 64), r.text("claim")};
        if (ctx.check_evidence_ids && !e.observation_id.empty() && !ctx.observation_ids.count(e.observation_id))
            r.fail("unknown_observation", path + ".observation_id",
                   "cites '" + sanitize_text(e.observation_id, 40) + "', which was never sent");
        p.evidence.push_back(std::move(e));
    }
}

void read_alternatives(const Value* arr, WireProposal& p, std::vector<Issue>& issues) {
    if (!arr) return;
    for (size_t i = 0; i < arr->items.size() && i < kMaxItems; ++i) {
        Reader r(&arr->items[i], "$.alternatives[" + std::to_string(i) + "]", issues);
        WireAlternative a;
        a.description = r.text("description");
        a.why_not = r.text("why_not");
        p.alternatives.push_back(std::move(a));
    }
}

}  // namespace

Decoded decode_wire_proposal(const Value& v, const DecodeContext& ctx) {
    Decoded d;
    WireProposal& p = d.proposal;
    {
        Reader r(&v, "$", d.issues);
        p.schema_version = r.choice("schema_version", {kSchemaVersion}, "bad_schema_version");
        p.summary = r.text("summary", kMaxSummary);
        {
            Reader dr(r.get("diagnosis"), "$.diagnosis", d.issues);
            p.symptom = dr.text("symptom");
            p.hypothesis = dr.text("hypothesis");
            p.severity = dr.choice("severity", {"info", "warning", "critical"});
        }
        read_evidence(r.array("evidence"), ctx, p, d.issues);
        p.action = read_action(r.get("action"), d.issues);
        p.confidence = r.choice("confidence", {"low", "medium", "high"});
        {
            Reader rr(r.get("risk"), "$.risk", d.issues);
            p.risk_level = rr.choice("level", {"low", "medium", "high"});
            p.blast_radius = rr.text("blast_radius");
            p.reversible = rr.boolean("reversible");
        }
        p.expected_impact = r.text("expected_impact");
        {
            Reader rb(r.get("rollback"), "$.rollback", d.issues);
            p.rollback_possible = rb.boolean("possible");
            p.rollback_plan = rb.text("plan");
        }
        read_alternatives(r.array("alternatives"), p, d.issues);
        {
            Reader vr(r.get("verification"), "$.verification", d.issues);
            p.verification_signal = vr.text("signal");
            p.verification_within_s = vr.integer("expected_within_seconds", 0, kMaxVerifySeconds);
        }
        p.needs_human_attention = r.nullable_text("needs_human_attention");
    }  // Readers report extra fields as they close
    return d;
}

json::Value WireProposal::to_json() const {
    auto s = [](const std::string& x) { return Value::make_string(x); };
    auto id = [](const std::optional<int64_t>& x) { return x ? Value::make_int(*x) : Value::make_null(); };
    Value v = Value::make_object();
    v.set("schema_version", s(schema_version));
    v.set("summary", s(summary));
    Value& dg = v.set("diagnosis", Value::make_object());
    dg.set("symptom", s(symptom));
    dg.set("hypothesis", s(hypothesis));
    dg.set("severity", s(severity));
    Value& ev = v.set("evidence", Value::make_array());
    for (const auto& e : evidence) {
        Value& x = ev.push(Value::make_object());
        x.set("observation_id", s(e.observation_id));
        x.set("claim", s(e.claim));
    }
    Value& ac = v.set("action", Value::make_object());
    ac.set("kind", s(action.kind));
    ac.set("region_id", id(action.region_id));
    ac.set("store_id", id(action.store_id));
    ac.set("target_store_id", id(action.target_store_id));
    ac.set("runbook", action.runbook ? s(*action.runbook) : Value::make_null());
    v.set("confidence", s(confidence));
    Value& rk = v.set("risk", Value::make_object());
    rk.set("level", s(risk_level));
    rk.set("blast_radius", s(blast_radius));
    rk.set("reversible", Value::make_bool(reversible));
    v.set("expected_impact", s(expected_impact));
    Value& rb = v.set("rollback", Value::make_object());
    rb.set("possible", Value::make_bool(rollback_possible));
    rb.set("plan", s(rollback_plan));
    Value& al = v.set("alternatives", Value::make_array());
    for (const auto& a : alternatives) {
        Value& x = al.push(Value::make_object());
        x.set("description", s(a.description));
        x.set("why_not", s(a.why_not));
    }
    Value& vf = v.set("verification", Value::make_object());
    vf.set("signal", s(verification_signal));
    vf.set("expected_within_seconds", Value::make_int(verification_within_s));
    v.set("needs_human_attention", needs_human_attention ? s(*needs_human_attention) : Value::make_null());
    return v;
}

}  // namespace medic::advisor
