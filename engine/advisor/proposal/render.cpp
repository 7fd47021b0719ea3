// engine/advisor/proposal/render.cpp: envelope JSON -> text.
#include "render.hpp"

#include "../text_sanitize.hpp"

namespace medic::advisor {
namespace {

using json::Value;

std::string txt(const Value* v, size_t max = 400) {
    if (!v) return {};
    if (v->is_string()) return sanitize_text(v->text, max);
    if (v->is_number()) return v->text;
    if (v->is_bool()) return v->boolean ? "true" : "false";
    if (v->is_null()) return "null";
    return sanitize_text(json::serialize(*v), max);
}

std::string at(const Value& v, std::initializer_list<const char*> path) {
    const Value* cur = &v;
    for (const char* k : path) {
        cur = cur->find(k);
        if (!cur) return {};
    }
    return txt(cur);
}

void list(std::string& out, const Value* arr, const char* title, const char* a, const char* b, const char* sep) {
    if (!arr || !arr->is_array() || arr->items.empty()) return;
    out += title;
    out += ":\n";
    for (const auto& it : arr->items) out += "  - " + txt(it.find(a)) + sep + txt(it.find(b)) + "\n";
}

void render_proposal(std::string& out, const Value& p) {
    out += "  summary:     " + at(p, {"summary"}) + "\n";
    out += "  diagnosis:   [" + at(p, {"diagnosis", "severity"}) + "] " + at(p, {"diagnosis", "symptom"}) + "\n";
    out += "  hypothesis:  " + at(p, {"diagnosis", "hypothesis"}) + "\n";
    out += "  confidence:  " + at(p, {"confidence"}) + "\n";
    out += "  impact:      " + at(p, {"expected_impact"}) + "\n";
    out += "  rollback:    " + at(p, {"rollback", "plan"}) + "\n";
    out += "  verify:      " + at(p, {"verification", "signal"}) + " (within " +
           at(p, {"verification", "expected_within_seconds"}) + " s)\n";
    std::string human = at(p, {"needs_human_attention"});
    if (!human.empty() && human != "null") out += "  needs human: " + human + "\n";
    list(out, p.find("evidence"), "  evidence", "observation_id", "claim", ": ");
    list(out, p.find("alternatives"), "  alternatives considered", "description", "why_not", " -- not chosen: ");
}

}  // namespace

std::string render_envelope_line(const Value& env) {
    std::string risk = at(env, {"risk"});
    std::string src = at(env, {"source", "advisor"});
    if (src == "llm") src = at(env, {"source", "provider"}) + "/" + at(env, {"source", "model"});
    return "#" + at(env, {"id"}) + "  " + at(env, {"outcome"}) + "  " + (risk.empty() ? "-" : risk) + "  " + src +
           "  incident " + at(env, {"incident", "id"}) + "  " + sanitize_text(at(env, {"headline"}), 120);
}

std::string render_envelope(const Value& env) {
    std::string out = "outcome: " + at(env, {"outcome"});
    std::string npk = at(env, {"no_proposal_kind"});
    if (!npk.empty()) out += " (" + npk + ")";
    out += "\nproposal #" + at(env, {"id"}) + " for incident " + at(env, {"incident", "id"}) + " " +
           at(env, {"incident", "kind"}) + "\n";
    std::string src = at(env, {"source", "advisor"});
    if (src == "llm")
        src += " " + at(env, {"source", "provider"}) + "/" + at(env, {"source", "model"}) + " via " +
               at(env, {"source", "extraction"}) + ", " + at(env, {"source", "attempts"}) + " attempt(s), prompt sha256 " +
               at(env, {"source", "prompt_sha256"}).substr(0, 16) + ", response sha256 " +
               at(env, {"source", "response_sha256"}).substr(0, 16);
    out += "source: " + src + "\n";
    if (const Value* fb = env.find("source") ? env.find("source")->find("fallback") : nullptr)
        out += "fallback: LLM " + txt(fb->find("from")) + " failed -> rules (" + txt(fb->find("reason")) +
               "; LLM record #" + txt(fb->find("llm_proposal_id")) + ")\n";
    if (const Value* r = env.find("reasons"); r && r->is_array())
        for (const auto& x : r->items) out += "reason: " + txt(&x) + "\n";
    if (const Value* f = env.find("flags"); f && f->is_array())
        for (const auto& x : f->items) out += "FLAG: " + txt(&x) + "\n";
    std::string model_text = at(env, {"model_text"});
    if (!model_text.empty()) out += "model said: " + model_text + "\n";
    if (const Value* pl = env.find("plan"); pl && pl->is_array() && !pl->items.empty()) {
        out += "plan (risk " + at(env, {"risk"}) + ", model claimed " + at(env, {"claimed_risk"}) + "; approval " +
               at(env, {"approval", "state"}) + ", plan hash " + at(env, {"plan_hash"}).substr(0, 16) + "):\n";
        for (const auto& st : pl->items)
            out += "  " + txt(st.find("description")) + "  [" + txt(st.find("risk")) + "]\n";
    }
    if (const Value* ps = env.find("proposals"); ps && ps->is_array())
        for (const auto& p : ps->items) render_proposal(out, p);
    return out;
}

}  // namespace medic::advisor
