// tests/engine/advisor/llm_test_util.hpp: helpers for LLM client tests — a
// client aimed at the replay server with a fake API key in a fake
// environment and a sleeper that records delays instead of sleeping.
#pragma once

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/advisor/json/json_value.hpp"
#include "engine/advisor/llm/llm_client.hpp"

inline constexpr const char* kTestKey = "sk-test-SECRET-123456";

struct TestClient {
    medic::advisor::llm::LlmConfig cfg;
    std::shared_ptr<std::vector<int64_t>> sleeps = std::make_shared<std::vector<int64_t>>();
    double random = 0.0;

    TestClient(medic::advisor::llm::Provider p, const std::string& url) {
        cfg.provider = p;
        cfg.base_url = url;
        cfg.model = "test-model";
        cfg.api_key_env = "MEDIC_TEST_LLM_KEY";
        cfg.timeout = std::chrono::milliseconds(10000);
        cfg.retry.max_attempts = 3;
    }

    medic::advisor::llm::LlmClient client() const {
        auto rec = sleeps;
        double r = random;
        return medic::advisor::llm::LlmClient(
            cfg, [rec](std::chrono::milliseconds d) { rec->push_back(d.count()); }, [r] { return r; },
            [](const std::string& name) -> std::optional<std::string> {
                if (name == "MEDIC_TEST_LLM_KEY") return std::string(kTestKey);
                return std::nullopt;
            });
    }
};

inline medic::advisor::llm::LlmPrompt test_prompt() {
    medic::advisor::llm::LlmPrompt p;
    p.system = "You are a test.";
    p.user = "Observations: none.";
    auto schema = medic::advisor::json::parse(R"({"type":"object","properties":{}})");
    p.proposal_schema = schema.value();
    return p;
}

inline std::vector<std::string> top_level_keys(const medic::advisor::json::Value& v) {
    std::vector<std::string> keys;
    for (const auto& m : v.members) keys.push_back(m.first);
    std::sort(keys.begin(), keys.end());
    return keys;
}
