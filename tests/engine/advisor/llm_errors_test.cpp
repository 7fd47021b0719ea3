// tests/engine/advisor/llm_errors_test.cpp: error bodies of every shape,
// retry decisions (x-should-retry, retry-after seconds/date/ms, quota),
// mid-stream failures, dropped connections, HTML from proxies, redaction.
#include <catch2/catch.hpp>

#include <chrono>
#include <ctime>

#include "engine/advisor/llm/llm_client.hpp"
#include "engine/advisor/llm/retry_policy.hpp"
#include "llm_test_util.hpp"
#include "replay_server.hpp"

using namespace medic::advisor::llm;
using medic::test::load_example;
using medic::test::ReplayResponse;
using medic::test::ReplayServer;

namespace {
ReplayResponse ok_tool_call() { return load_example("openai_request_propose_tool.json"); }

ReplayResponse raw(int status, std::string ctype, std::string body,
                   std::vector<std::pair<std::string, std::string>> extra = {}) {
    ReplayResponse r;
    r.status = status;
    r.headers.emplace_back("content-type", std::move(ctype));
    for (auto& h : extra) r.headers.push_back(std::move(h));
    r.body = std::move(body);
    return r;
}
}  // namespace

TEST_CASE("advisor/llm: fatal errors are not retried and their bodies are decoded", "[advisor][llm][errors]") {
    struct Case { const char* file; Provider p; const char* type; const char* code; const char* msg_part; };
    for (Case c : {Case{"openai_error_401.json", Provider::OpenAI, "invalid_request_error", "invalid_api_key", "Incorrect API key"},
                   Case{"openai_error_429_insufficient_quota.json", Provider::OpenAI, "insufficient_quota", "insufficient_quota", "quota"},
                   Case{"anthropic_error_400.json", Provider::Anthropic, "invalid_request_error", "", "tool_result"},
                   Case{"anthropic_error_401.json", Provider::Anthropic, "authentication_error", "", "invalid x-api-key"},
                   Case{"llamacpp_error_context_size.json", Provider::OpenAI, "exceed_context_size_error", "400", "context size"},
                   Case{"ollama_v1_error.json", Provider::OpenAI, "not_found_error", "", "not found"},
                   Case{"vllm_error_400_flat.json", Provider::OpenAI, "BadRequestError", "400", "enable-auto-tool-choice"},
                   Case{"vllm_error_400_wrapped.json", Provider::OpenAI, "BadRequestError", "400", "maximum context length"}}) {
        INFO(c.file);
        ReplayServer srv;
        srv.enqueue(load_example(c.file));
        srv.enqueue(ok_tool_call());  // must never be fetched
        TestClient tc(c.p, srv.url());
        auto res = tc.client().call(test_prompt());
        REQUIRE_FALSE(res.reply.ok());
        const LlmError& e = res.reply.error();
        CHECK_FALSE(e.retryable);
        CHECK(e.kind == LlmErrorKind::HttpStatus);
        CHECK(e.type == c.type);
        CHECK(e.code == c.code);
        CHECK(e.message.find(c.msg_part) != std::string::npos);
        CHECK(srv.requests().size() == 1);
        CHECK(tc.sleeps->empty());
    }
}

TEST_CASE("advisor/llm: retryable errors are retried, honouring the server's delay", "[advisor][llm][errors]") {
    struct Case { const char* file; Provider p; int64_t expect_sleep; };
    // 429 with retry-after: 2 -> 2000 ms; the rest have no delay header -> 500 ms backoff (jitter 0).
    for (Case c : {Case{"openai_error_429_rate_limit.json", Provider::OpenAI, 2000},
                   Case{"openai_error_500.json", Provider::OpenAI, 500},
                   Case{"anthropic_error_429.json", Provider::Anthropic, 500},
                   Case{"anthropic_error_529_overloaded.json", Provider::Anthropic, 500},
                   Case{"llamacpp_error_loading_503.json", Provider::OpenAI, 500}}) {
        INFO(c.file);
        ReplayServer srv;
        srv.enqueue(load_example(c.file));
        srv.enqueue(c.p == Provider::OpenAI ? ok_tool_call() : load_example("anthropic_request_propose_tool.json"));
        TestClient tc(c.p, srv.url());
        auto res = tc.client().call(test_prompt());
        REQUIRE(res.reply.ok());
        CHECK(res.reply->tool_calls.size() == 1);
        REQUIRE(res.exchanges.size() == 2);
        CHECK(res.exchanges[0].error.find("(retryable)") != std::string::npos);
        REQUIRE(tc.sleeps->size() == 1);
        CHECK(tc.sleeps->at(0) == c.expect_sleep);
        CHECK(res.exchanges[1].waited_before_ms == c.expect_sleep);
    }
}

TEST_CASE("advisor/llm: retry-after-ms, HTTP-date, x-should-retry false, too-long delays", "[advisor][llm][errors]") {
    ReplayServer srv;
    srv.enqueue(raw(503, "application/json", R"({"error":{"message":"busy"}})", {{"retry-after-ms", "1500"}, {"retry-after", "9"}}));
    char date[64];
    std::time_t when = std::time(nullptr) + 30;
    std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", std::gmtime(&when));
    srv.enqueue(raw(429, "application/json", R"({"error":{"message":"slow down"}})", {{"retry-after", date}}));
    srv.enqueue(raw(503, "application/json", "{}", {{"retry-after", "3600"}}));  // > 60 s: ignored, backoff used
    srv.enqueue(ok_tool_call());
    TestClient tc(Provider::OpenAI, srv.url());
    tc.cfg.retry.max_attempts = 4;
    tc.random = 0.5;  // jitter removes 12.5 % of the backoff
    auto res = tc.client().call(test_prompt());
    REQUIRE(res.reply.ok());
    REQUIRE(tc.sleeps->size() == 3);
    CHECK(tc.sleeps->at(0) == 1500);
    CHECK(tc.sleeps->at(1) > 27000);
    CHECK(tc.sleeps->at(1) <= 30000);
    CHECK(tc.sleeps->at(2) == 1750);  // 0.5 s * 2^2 = 2 s, minus 12.5 %

    ReplayServer no;
    no.enqueue(raw(500, "application/json", R"({"error":{"message":"x"}})", {{"x-should-retry", "false"}}));
    TestClient t2(Provider::OpenAI, no.url());
    auto r2 = t2.client().call(test_prompt());
    REQUIRE_FALSE(r2.reply.ok());
    CHECK_FALSE(r2.reply.error().retryable);
    CHECK(no.requests().size() == 1);

    ReplayServer yes;  // x-should-retry: true wins over a 400
    yes.enqueue(raw(400, "application/json", R"({"error":{"message":"x"}})", {{"x-should-retry", "true"}}));
    yes.enqueue(ok_tool_call());
    TestClient t3(Provider::OpenAI, yes.url());
    CHECK(t3.client().call(test_prompt()).reply.ok());
}

TEST_CASE("advisor/llm: attempts are bounded and the last error is reported", "[advisor][llm][errors]") {
    ReplayServer srv;
    for (int i = 0; i < 5; ++i) srv.enqueue(load_example("openai_error_500.json"));
    TestClient tc(Provider::OpenAI, srv.url());
    auto res = tc.client().call(test_prompt());
    REQUIRE_FALSE(res.reply.ok());
    CHECK(res.reply.error().retryable);
    CHECK(res.reply.error().status == 500);
    CHECK(srv.requests().size() == 3);
    CHECK(*tc.sleeps == std::vector<int64_t>{500, 1000});
    RetryPolicy p;
    LlmError e;
    CHECK(retry_delay(p, e, 10, 0.0).count() == 8000);  // capped
}

TEST_CASE("advisor/llm: HTML 502 from a proxy is a retryable error with a readable message", "[advisor][llm][errors]") {
    ReplayServer srv;
    srv.enqueue(raw(502, "text/html", "<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>"));
    srv.enqueue(ok_tool_call());
    TestClient tc(Provider::OpenAI, srv.url());
    auto res = tc.client().call(test_prompt());
    REQUIRE(res.reply.ok());
    CHECK(res.exchanges.at(0).error == "http 502 (retryable): HTML page: 502 Bad Gateway");
}

TEST_CASE("advisor/llm: malformed 2xx bodies are errors, never replies", "[advisor][llm][errors]") {
    for (const char* body : {"<html>oops</html>", "{\"choices\":[{\"message\":", "{}", "[1,2]",
                             "{\"choices\":[{\"message\":{\"content\":\"\xff\"}}]}"}) {
        INFO(body);
        ReplayServer srv;
        srv.enqueue(raw(200, "application/json", body));
        TestClient tc(Provider::OpenAI, srv.url());
        auto res = tc.client().call(test_prompt());
        REQUIRE_FALSE(res.reply.ok());
        CHECK(res.reply.error().kind == LlmErrorKind::Malformed);
    }
}

TEST_CASE("advisor/llm: mid-stream error event discards partial output and retries", "[advisor][llm][stream]") {
    ReplayServer srv;
    srv.enqueue(raw(200, "text/event-stream",
                    "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"content\":[]}}\n\n"
                    "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                    "{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"propose_remediation\",\"input\":{}}}\n\n"
                    "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                    "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"a\\\":\"}}\n\n"
                    "event: error\ndata: {\"type\":\"error\",\"error\":{\"details\":null,\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n"));
    auto good = load_example("anthropic_stream_tool_use.json");
    srv.enqueue(good);
    TestClient tc(Provider::Anthropic, srv.url());
    tc.cfg.stream = true;
    auto res = tc.client().call(test_prompt());
    REQUIRE(res.reply.ok());
    CHECK(res.reply->tool_calls.at(0).arguments == R"({"location": "Paris"})");
    CHECK(res.exchanges.at(0).error == "stream_error overloaded_error (retryable): Overloaded");
}

TEST_CASE("advisor/llm: streams without terminator, with error chunks, or cut off are failures", "[advisor][llm][stream]") {
    std::string chunk = R"(data: {"choices":[{"index":0,"delta":{"content":"{\"a\""},"finish_reason":null}]})" "\n\n";
    struct Case { std::string body; size_t cut; LlmErrorKind kind; };
    for (const Case& c : {Case{chunk, std::string::npos, LlmErrorKind::StreamIncomplete},  // Ollama: just stops
                          Case{chunk + R"(data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]})" "\n\n",
                               std::string::npos, LlmErrorKind::StreamIncomplete},  // finish but no [DONE]
                          Case{chunk + "data: {\"error\":{\"message\":\"model crashed\",\"type\":\"server_error\",\"code\":500}}\n\n",
                               std::string::npos, LlmErrorKind::StreamError},
                          Case{chunk + "error: {\"message\":\"old llama\"}\n\ndata: [DONE]\n\n", std::string::npos,
                               LlmErrorKind::StreamError},
                          Case{chunk + chunk + chunk, chunk.size() + 10, LlmErrorKind::Transport}}) {
        INFO(c.body);
        ReplayServer srv;
        ReplayResponse r = raw(200, "text/event-stream", c.body);
        r.cut_after = c.cut;
        srv.enqueue(r);
        TestClient tc(Provider::OpenAI, srv.url());
        tc.cfg.stream = true;
        tc.cfg.retry.max_attempts = 1;
        auto res = tc.client().call(test_prompt());
        REQUIRE_FALSE(res.reply.ok());
        CHECK(res.reply.error().kind == c.kind);
        CHECK(res.reply.error().retryable);
    }
}

TEST_CASE("advisor/llm: configuration errors — missing key, refused connection", "[advisor][llm][errors]") {
    TestClient tc(Provider::OpenAI, "http://127.0.0.1:1");
    tc.cfg.api_key_env = "MEDIC_NOT_SET_ANYWHERE";
    auto res = tc.client().call(test_prompt());
    REQUIRE_FALSE(res.reply.ok());
    CHECK(res.reply.error().kind == LlmErrorKind::Config);
    CHECK(res.reply.error().message == "environment variable MEDIC_NOT_SET_ANYWHERE (API key) is not set");
    CHECK(res.exchanges.empty());

    TestClient refused(Provider::OpenAI, "http://127.0.0.1:1");
    refused.cfg.retry.max_attempts = 2;
    auto r2 = refused.client().call(test_prompt());
    REQUIRE_FALSE(r2.reply.ok());
    CHECK(r2.reply.error().kind == LlmErrorKind::Transport);
    CHECK(r2.reply.error().retryable);
    CHECK(r2.exchanges.size() == 2);
}

TEST_CASE("advisor/llm: an API key echoed by the server is scrubbed from the record", "[advisor][llm][errors]") {
    ReplayServer srv;
    srv.enqueue(raw(401, "application/json", std::string(R"({"error":{"message":"bad key )") + kTestKey + R"("}})"));
    TestClient tc(Provider::OpenAI, srv.url());
    auto res = tc.client().call(test_prompt());
    REQUIRE_FALSE(res.reply.ok());
    CHECK(res.reply.error().message.find("SECRET") == std::string::npos);
    for (const auto& ex : res.exchanges) {
        CHECK(ex.response_body.find("SECRET") == std::string::npos);
        CHECK(ex.request_headers.find("SECRET") == std::string::npos);
    }
}
