// tests/engine/advisor/advisor_test_util.hpp: driving LlmAdvisor against the
// replay server with the fixture snapshot, and building hostile replies from
// the golden-path proposal.
#pragma once

#include <string>
#include <vector>

#include "engine/advisor/json/json_value.hpp"
#include "engine/advisor/llm_advisor.hpp"
#include "llm_test_util.hpp"
#include "replay_server.hpp"
#include "snapshot_fixture.hpp"

/// The golden proposal arguments (a JSON string) from the OpenAI example.
inline std::string golden_args() {
    auto body = medic::advisor::json::parse(medic::test::load_example("openai_request_propose_tool.json").body);
    return body->find("choices")->items[0].find("message")->find("tool_calls")->items[0].find("function")
        ->find("arguments")->text;
}

inline std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    for (size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) s.replace(pos, from.size(), to);
    return s;
}

/// An OpenAI chat completion whose tool calls carry these argument strings.
inline medic::test::ReplayResponse openai_tool_reply(const std::vector<std::string>& args,
                                                     const std::string& tool = "propose_remediation") {
    namespace J = medic::advisor::json;
    std::string calls;
    for (size_t i = 0; i < args.size(); ++i) {
        if (i) calls += ",";
        calls += R"({"id":"call_)" + std::to_string(i) + R"(","type":"function","function":{"name":)" + J::quoted(tool) +
                 R"(,"arguments":)" + J::quoted(args[i]) + "}}";
    }
    medic::test::ReplayResponse r;
    r.headers.emplace_back("content-type", "application/json");
    r.body = R"({"id":"chatcmpl-x","object":"chat.completion","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[)" +
             calls + R"(]},"finish_reason":"stop"}]})";
    return r;
}

/// An OpenAI chat completion with this text content.
inline medic::test::ReplayResponse openai_text_reply(const std::string& content) {
    medic::test::ReplayResponse r;
    r.headers.emplace_back("content-type", "application/json");
    r.body = R"({"choices":[{"index":0,"message":{"role":"assistant","content":)" +
             medic::advisor::json::quoted(content) + R"(},"finish_reason":"stop"}]})";
    return r;
}

inline medic::advisor::AdviceRequest hot_region_request(const medic::test::SnapOptions& so = {}) {
    medic::advisor::AdviceRequest req;
    req.incident = {7, "hot_region", "region:12", "warning", "region 12 write flow is hot", R"({"flow_bytes":50331648})"};
    req.snapshot = medic::test::make_snapshot(so);
    return req;
}

struct AdviseRun {
    medic::advisor::LlmAdvice advice;
    std::vector<medic::test::RecordedRequest> requests;
};

inline AdviseRun advise_with(std::vector<medic::test::ReplayResponse> replies,
                             const medic::advisor::AdviceRequest& req = hot_region_request(),
                             medic::advisor::llm::Provider p = medic::advisor::llm::Provider::OpenAI,
                             medic::advisor::llm::OutputMode mode = medic::advisor::llm::OutputMode::Tool,
                             bool stream = false) {
    medic::test::ReplayServer srv;
    for (auto& r : replies) srv.enqueue(std::move(r));
    TestClient tc(p, srv.url());
    tc.cfg.mode = mode;
    tc.cfg.stream = stream;
    medic::advisor::LlmAdvisor adv(tc.client());
    AdviseRun run{adv.run(req), {}};
    run.requests = srv.requests();
    return run;
}
