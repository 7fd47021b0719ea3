// engine/advisor/llm_advisor.cpp: prompt, call, extraction, evaluation,
// fallback to the rules.
#include "llm_advisor.hpp"

#include <cctype>
#include <chrono>

#include "prompt/prompt_builder.hpp"
#include "proposal/catalog.hpp"
#include "proposal/evaluate.hpp"
#include "rules/rule_advisor.hpp"
#include "engine/store/audit_log.hpp"  // store::sha256_hex
#include "text_sanitize.hpp"

namespace medic::advisor {
namespace {

int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return std::string(s);
}

/// ```json ... ``` (or bare ```) around a document: small local models do it.
bool strip_fence(std::string& text) {
    if (text.rfind("```", 0) != 0) return false;
    size_t nl = text.find('\n');
    size_t end = text.rfind("```");
    if (nl == std::string::npos || end <= nl) return false;
    text = trim(std::string_view(text).substr(nl + 1, end - nl - 1));
    return true;
}

std::string endpoint_without_credentials(std::string url) {
    auto scheme = url.find("://");
    auto at = url.find('@');
    auto slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
    if (scheme != std::string::npos && at != std::string::npos && (slash == std::string::npos || at < slash))
        url.erase(scheme + 3, at - scheme - 2);
    return url;
}

void no_proposal(ProposalEnvelope& env, const char* kind, std::string reason, const model::ClusterSnapshot& snap) {
    stamp_snapshot(env, snap);
    env.outcome = Outcome::NoProposal;
    env.no_proposal_kind = kind;
    env.reasons.push_back(std::move(reason));
    seal_plan(env);
}

void invalid(ProposalEnvelope& env, std::string code, std::string path, std::string msg,
             const model::ClusterSnapshot& snap) {
    stamp_snapshot(env, snap);
    env.outcome = Outcome::RejectedInvalid;
    env.reasons.push_back(path + ": " + msg);
    env.issues.push_back({std::move(code), std::move(path), std::move(msg)});
    seal_plan(env);
}

/// Strict parse of one candidate document (duplicate keys rejected).
std::optional<json::Value> parse_candidate(ProposalEnvelope& env, const std::string& text, const std::string& path,
                                           const model::ClusterSnapshot& snap) {
    auto doc = json::parse(text);
    if (!doc.ok()) {
        invalid(env, "invalid_json", path + doc.error().path.substr(1), doc.error().message, snap);
        return std::nullopt;
    }
    if (!doc->is_object()) {
        invalid(env, "wrong_type", path, "the proposal must be a JSON object", snap);
        return std::nullopt;
    }
    return std::move(doc).value();
}

void evaluate_text(ProposalEnvelope& env, const llm::LlmReply& reply, llm::OutputMode mode, const ObservationSet& obs,
                   const model::ClusterSnapshot& snap) {
    std::string text = trim(reply.text);
    bool fenced = strip_fence(text);
    if (text.empty() || text.front() != '{') {
        env.model_text = sanitize_text(reply.text, 1000);
        return no_proposal(env, "no_content", reply.text.empty() ? "the model returned neither a tool call nor content"
                                                                  : "the model answered in prose, without a proposal",
                           snap);
    }
    env.source.extraction = fenced ? "fenced_json" : mode == llm::OutputMode::Structured ? "structured" : "text_json";
    auto doc = parse_candidate(env, text, "$", snap);
    if (doc) evaluate_candidates(env, {std::move(*doc)}, obs, snap);
}

}  // namespace

void evaluate_reply(ProposalEnvelope& env, const llm::LlmReply& reply, llm::OutputMode mode,
                    const ObservationSet& obs, const model::ClusterSnapshot& snap) {
    env.source.response_id = sanitize_text(reply.response_id, 120);
    if (reply.refused) {
        env.model_text = sanitize_text(reply.refusal, 1000);
        return no_proposal(env, "refusal", "the model refused: " + env.model_text, snap);
    }
    bool incomplete = false;
    for (const auto& tc : reply.tool_calls) incomplete |= !tc.complete;
    if (reply.truncated || incomplete)  // never act on a cut-off answer, even if it happens to parse
        return no_proposal(env, "truncated", "the reply was truncated (" + sanitize_text(reply.finish_reason, 40) + ")", snap);
    if (reply.tool_calls.empty()) return evaluate_text(env, reply, mode, obs, snap);
    std::vector<json::Value> candidates;
    for (size_t i = 0; i < reply.tool_calls.size(); ++i) {
        const auto& tc = reply.tool_calls[i];
        std::string path = "$.tool_calls[" + std::to_string(i) + "]";
        if (tc.name != kToolName)
            return invalid(env, "unknown_tool", path, "unknown tool '" + sanitize_text(tc.name, 64) + "'", snap);
        auto doc = parse_candidate(env, tc.arguments, path + ".arguments", snap);
        if (!doc) return;
        candidates.push_back(std::move(*doc));
        env.source.extraction = tc.arguments_was_object ? "tool_call_object" : "tool_call";
    }
    evaluate_candidates(env, candidates, obs, snap);
}

LlmAdvisor::LlmAdvisor(llm::LlmClient client) : client_(std::move(client)) {}

std::string LlmAdvisor::name() const {
    return std::string(llm::provider_name(client_.config().provider)) + "/" + client_.config().model;
}

LlmAdvice LlmAdvisor::run(const AdviceRequest& req) const {
    const llm::LlmConfig& cfg = client_.config();
    ObservationSet obs = collect_observations(req);
    BuiltPrompt bp = build_prompt(req, obs, cfg.mode);
    llm::CallResult call = client_.call(bp.prompt);

    LlmAdvice out;
    ProposalEnvelope& env = out.llm;
    env.source.advisor = "llm";
    env.source.provider = llm::provider_name(cfg.provider);
    env.source.model = sanitize_text(cfg.model, 120);
    env.source.endpoint = endpoint_without_credentials(cfg.base_url);
    env.source.prompt_sha256 = store::sha256_hex(call.request_body);
    env.source.response_sha256 = call.raw_response.empty() ? "" : store::sha256_hex(call.raw_response);
    env.source.attempts = int(call.exchanges.size());
    env.incident_id = req.incident.id;
    env.incident_kind = req.incident.kind;
    env.created_at_ms = now_ms();
    out.exchanges = std::move(call.exchanges);
    out.request_body = std::move(call.request_body);
    if (call.reply.ok()) {
        evaluate_reply(env, call.reply.value(), cfg.mode, obs, *req.snapshot);
        return out;
    }
    const llm::LlmError& err = call.reply.error();
    stamp_snapshot(env, *req.snapshot);
    env.outcome = err.retryable ? Outcome::ErrorRetryable : Outcome::ErrorFatal;
    env.reasons.push_back(err.to_string());
    seal_plan(env);
    // policy: llm_fallback_to_rules — an unavailable model never leaves the operator without advice.
    RuleAdvisor rules;
    ProposalEnvelope fb = rules.advise(req);
    fb.source.fallback_from = name();
    fb.source.fallback_reason = std::string(outcome_name(env.outcome)) + ": " + err.to_string();
    fb.reasons.insert(fb.reasons.begin(), "LLM " + name() + " failed (" + outcome_name(env.outcome) +
                                              "); using the rule-based advisor");
    out.fallback = std::move(fb);
    return out;
}

}  // namespace medic::advisor
