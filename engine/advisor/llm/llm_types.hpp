// engine/advisor/llm/llm_types.hpp: provider-independent shapes of an LLM
// call — configuration, the prompt to send, and the decoded reply.
//
// A reply is raw material only: tool-call arguments are kept as text and are
// parsed and validated by the proposal layer, never here.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "../json/json_value.hpp"
#include "retry_policy.hpp"

namespace medic::advisor::llm {

enum class Provider : uint8_t { OpenAI, Anthropic, Count };
inline constexpr const char* kProviderNames[] = {"openai", "anthropic"};
static_assert(std::size(kProviderNames) == size_t(Provider::Count));
inline const char* provider_name(Provider p) { return kProviderNames[size_t(p)]; }

/// How the model is asked to answer: a forced `propose_remediation` tool
/// call, or a structured-output JSON document.
enum class OutputMode : uint8_t { Tool, Structured, Count };
inline constexpr const char* kOutputModeNames[] = {"tool", "structured"};
static_assert(std::size(kOutputModeNames) == size_t(OutputMode::Count));

struct LlmConfig {
    Provider provider = Provider::OpenAI;
    std::string base_url;      ///< e.g. https://api.openai.com or http://127.0.0.1:8080 (a trailing /v1 is fine)
    std::string model;
    std::string api_key_env;   ///< name of the env var holding the key; "" = send no key (local servers)
    OutputMode mode = OutputMode::Tool;
    bool stream = false;
    int max_output_tokens = 1500;
    /// OpenAI proper wants max_completion_tokens; llama.cpp, Ollama and vLLM want max_tokens.
    bool legacy_max_tokens = false;
    bool strict = true;        ///< send strict:true on the tool / schema
    std::chrono::milliseconds connect_timeout{5000};
    std::chrono::milliseconds timeout{60000};  ///< per attempt
    std::chrono::seconds idle_timeout{30};
    size_t max_response_bytes = 4u << 20;
    RetryPolicy retry;
};

/// What the advisor wants to ask.
struct LlmPrompt {
    std::string system;
    std::string user;
    json::Value proposal_schema;  ///< JSON Schema of the tikv-proposal/1 object
    std::string tool_name = "propose_remediation";
    std::string tool_description =
        "Propose at most one remediation for the TiKV cluster. This executes nothing: a deterministic "
        "safety layer validates the proposal and a human approves it.";
};

struct ToolCall {
    std::string id;
    std::string name;
    std::string arguments;              ///< JSON text as received (object values re-serialized)
    bool arguments_was_object = false;  ///< server sent an object instead of a JSON string
    bool complete = true;               ///< false: a streamed block never finished
};

struct LlmReply {
    std::vector<ToolCall> tool_calls;
    std::string text;           ///< concatenated assistant text (structured output lives here)
    bool refused = false;
    std::string refusal;        ///< refusal text or stop_details explanation
    std::string finish_reason;  ///< raw finish_reason / stop_reason
    bool truncated = false;     ///< length / max_tokens / context window
    std::string model;
    std::string response_id;
    int64_t input_tokens = -1;
    int64_t output_tokens = -1;
    bool streamed = false;
};

}  // namespace medic::advisor::llm
