// tests/engine/advisor/llm_client_replay_test.cpp: LlmClient against the
// loopback replay server — every recorded success shape (tool call as string
// or object, structured output, refusal, truncation, text, parallel calls),
// streamed and not, over real HTTP.
#include <catch2/catch.hpp>

#include <chrono>
#include <vector>

#include "engine/advisor/json/json_value.hpp"
#include "engine/advisor/llm/llm_client.hpp"
#include "llm_test_util.hpp"
#include "replay_server.hpp"

using namespace medic::advisor;
using namespace medic::advisor::llm;
using medic::test::load_example;
using medic::test::ReplayServer;

TEST_CASE("advisor/llm: openai tool call (named tool_choice, finish stop) yields the arguments", "[advisor][llm]") {
    ReplayServer srv;
    srv.enqueue(load_example("openai_request_propose_tool.json"));
    TestClient tc(Provider::OpenAI, srv.url());
    auto res = tc.client().call(test_prompt());
    REQUIRE(res.reply.ok());
    const LlmReply& r = res.reply.value();
    REQUIRE(r.tool_calls.size() == 1);
    CHECK(r.tool_calls[0].name == "propose_remediation");
    CHECK(r.tool_calls[0].id == "call_q7Lm2cXz9RkT4vB1nW8sYe3D");
    CHECK_FALSE(r.tool_calls[0].arguments_was_object);
    CHECK(r.finish_reason == "stop");
    CHECK_FALSE(r.truncated);
    auto args = json::parse(r.tool_calls[0].arguments);
    REQUIRE(args.ok());
    CHECK(args->find("action")->find("kind")->text == "transfer_leader");
    CHECK(r.input_tokens == 1187);
    CHECK(res.exchanges.size() == 1);
    CHECK(res.exchanges[0].status == 200);
}

TEST_CASE("advisor/llm: the request we send has the golden-path shape", "[advisor][llm]") {
    struct Case { Provider p; OutputMode m; const char* golden; const char* path; };
    for (Case c : {Case{Provider::OpenAI, OutputMode::Tool, "openai_request_propose_tool.json", "/v1/chat/completions"},
                   Case{Provider::OpenAI, OutputMode::Structured, "openai_request_propose_json_schema.json", "/v1/chat/completions"},
                   Case{Provider::Anthropic, OutputMode::Tool, "anthropic_request_propose_tool.json", "/v1/messages"},
                   Case{Provider::Anthropic, OutputMode::Structured, "anthropic_request_propose_output_config.json", "/v1/messages"}}) {
        INFO(c.golden);
        ReplayServer srv;
        srv.enqueue(load_example(c.golden));
        TestClient tc(c.p, srv.url() + "/v1/");
        tc.cfg.mode = c.m;
        auto res = tc.client().call(test_prompt());
        REQUIRE(res.reply.ok());
        auto reqs = srv.requests();
        REQUIRE(reqs.size() == 1);
        CHECK(reqs[0].path == c.path);
        auto sent = json::parse(reqs[0].body);
        auto golden = json::parse(medic::test::example_request_body(c.golden));
        REQUIRE(sent.ok());
        REQUIRE(golden.ok());
        CHECK(top_level_keys(sent.value()) == top_level_keys(golden.value()));
        if (c.p == Provider::OpenAI) CHECK(reqs[0].header("authorization") == "Bearer sk-test-SECRET-123456");
        else CHECK(reqs[0].header("x-api-key") == "sk-test-SECRET-123456");
        for (const auto& ex : res.exchanges) {
            CHECK(ex.request_headers.find("SECRET") == std::string::npos);
            CHECK(ex.request_headers.find("<redacted>") != std::string::npos);
        }
    }
}

TEST_CASE("advisor/llm: compat servers — llama.cpp, Ollama /v1 — and Anthropic object input", "[advisor][llm]") {
    for (auto [file, provider] : std::vector<std::pair<const char*, Provider>>{
             {"llamacpp_response_tool_call.json", Provider::OpenAI},
             {"ollama_v1_response_tool_call.json", Provider::OpenAI},
             {"anthropic_request_propose_tool.json", Provider::Anthropic}}) {
        INFO(file);
        ReplayServer srv;
        srv.enqueue(load_example(file));
        TestClient tc(provider, srv.url());
        auto res = tc.client().call(test_prompt());
        REQUIRE(res.reply.ok());
        REQUIRE(res.reply->tool_calls.size() == 1);
        CHECK(res.reply->tool_calls[0].name == "propose_remediation");
        CHECK(json::parse(res.reply->tool_calls[0].arguments).ok());
    }
}

TEST_CASE("advisor/llm: structured output arrives as text in both APIs", "[advisor][llm]") {
    for (auto [file, provider] : std::vector<std::pair<const char*, Provider>>{
             {"openai_request_propose_json_schema.json", Provider::OpenAI},
             {"anthropic_request_propose_output_config.json", Provider::Anthropic},
             {"openai_response_structured_output.json", Provider::OpenAI},
             {"anthropic_response_structured_output.json", Provider::Anthropic}}) {
        INFO(file);
        ReplayServer srv;
        srv.enqueue(load_example(file));
        TestClient tc(provider, srv.url());
        tc.cfg.mode = OutputMode::Structured;
        auto res = tc.client().call(test_prompt());
        REQUIRE(res.reply.ok());
        CHECK(res.reply->tool_calls.empty());
        CHECK(json::parse(res.reply->text).ok());
    }
}

TEST_CASE("advisor/llm: refusal, truncation, plain text, text-then-tool, parallel calls", "[advisor][llm]") {
    ReplayServer srv;
    for (const char* f : {"openai_response_refusal.json", "openai_response_length.json", "openai_response_text.json",
                          "openai_response_parallel_tool_calls.json", "openai_response_tool_call.json"})
        srv.enqueue(load_example(f));
    TestClient tc(Provider::OpenAI, srv.url());
    auto refusal = tc.client().call(test_prompt());
    REQUIRE(refusal.reply.ok());
    CHECK(refusal.reply->refused);
    CHECK(refusal.reply->refusal == "I'm very sorry, but I can't assist with that.");
    auto length = tc.client().call(test_prompt());
    REQUIRE(length.reply.ok());
    CHECK(length.reply->truncated);
    CHECK(length.reply->text == "{\"");
    auto text = tc.client().call(test_prompt());
    REQUIRE(text.reply.ok());
    CHECK(text.reply->text == "Hello! How can I assist you today?");
    CHECK(text.reply->tool_calls.empty());
    auto parallel = tc.client().call(test_prompt());
    REQUIRE(parallel.reply.ok());
    REQUIRE(parallel.reply->tool_calls.size() == 2);
    CHECK(parallel.reply->tool_calls[1].name == "get_stock_price");
    auto newline_args = tc.client().call(test_prompt());
    REQUIRE(newline_args.reply.ok());
    CHECK(json::parse(newline_args.reply->tool_calls.at(0).arguments)->find("location")->text == "Boston, MA");

    ReplayServer ant;
    ant.enqueue(load_example("anthropic_response_text_then_tool_use.json"));
    TestClient ta(Provider::Anthropic, ant.url());
    auto both = ta.client().call(test_prompt());
    REQUIRE(both.reply.ok());
    CHECK(both.reply->text.find("San Francisco") != std::string::npos);
    REQUIRE(both.reply->tool_calls.size() == 1);
    CHECK(both.reply->tool_calls[0].arguments == R"({"location":"San Francisco, CA","units":"f"})");
}

TEST_CASE("advisor/llm: OpenAI-compatible streams, whole and in 7-byte pieces", "[advisor][llm][stream]") {
    for (size_t chunk : {size_t(0), size_t(7)}) {
        ReplayServer srv;
        for (const char* f : {"openai_stream_parallel_tool_calls.json", "openai_stream_refusal.json",
                              "openai_stream_length.json", "llamacpp_stream_tool_call.json",
                              "ollama_v1_stream_tool_call.json"}) {
            auto r = load_example(f);
            r.chunk_size = chunk;
            srv.enqueue(r);
        }
        TestClient tc(Provider::OpenAI, srv.url());
        tc.cfg.stream = true;
        auto par = tc.client().call(test_prompt());
        REQUIRE(par.reply.ok());
        REQUIRE(par.reply->tool_calls.size() == 2);
        CHECK(par.reply->tool_calls[0].arguments == R"({"city": "Edinburgh", "country": "GB", "units": "c"})");
        CHECK(par.reply->tool_calls[1].arguments == R"({"ticker": "AAPL", "exchange": "NASDAQ"})");
        CHECK(par.reply->output_tokens == 60);
        auto ref = tc.client().call(test_prompt());
        REQUIRE(ref.reply.ok());
        CHECK(ref.reply->refused);
        CHECK(ref.reply->refusal == "I'm sorry, I can't assist with that request.");
        auto len = tc.client().call(test_prompt());
        REQUIRE(len.reply.ok());
        CHECK(len.reply->truncated);
        for (int i = 0; i < 2; ++i) {  // llama.cpp (keep-alive comments) and Ollama (whole call in one chunk)
            auto lc = tc.client().call(test_prompt());
            REQUIRE(lc.reply.ok());
            REQUIRE(lc.reply->tool_calls.size() == 1);
            auto args = json::parse(lc.reply->tool_calls[0].arguments);
            REQUIRE(args.ok());
            CHECK(args->find("schema_version")->text == "tikv-proposal/1");
        }
    }
}

TEST_CASE("advisor/llm: Anthropic streams — tool input fragments, padding, refusal, max_tokens mid-tool",
          "[advisor][llm][stream]") {
    for (size_t chunk : {size_t(0), size_t(3)}) {
        ReplayServer srv;
        for (const char* f : {"anthropic_stream_tool_use.json", "anthropic_stream_tool_use_live.json",
                              "anthropic_stream_refusal.json", "anthropic_stream_max_tokens_mid_tool.json",
                              "anthropic_stream_text.json"}) {
            auto r = load_example(f);
            r.chunk_size = chunk;
            srv.enqueue(r);
        }
        TestClient tc(Provider::Anthropic, srv.url());
        tc.cfg.stream = true;
        auto tool = tc.client().call(test_prompt());
        REQUIRE(tool.reply.ok());
        REQUIRE(tool.reply->tool_calls.size() == 1);
        CHECK(tool.reply->tool_calls[0].arguments == R"({"location": "Paris"})");
        CHECK(tool.reply->text == "I'll check the current weather in Paris for you.");
        auto live = tc.client().call(test_prompt());
        REQUIRE(live.reply.ok());
        CHECK(live.reply->tool_calls.at(0).arguments == R"({"location": "San Francisco, CA", "units": "f"})");
        auto refusal = tc.client().call(test_prompt());
        REQUIRE(refusal.reply.ok());
        CHECK(refusal.reply->refused);
        CHECK(refusal.reply->refusal == "cyber: This request was refused due to policy.");
        auto cut = tc.client().call(test_prompt());
        REQUIRE(cut.reply.ok());
        CHECK(cut.reply->truncated);
        REQUIRE(cut.reply->tool_calls.size() == 1);
        CHECK_FALSE(cut.reply->tool_calls[0].complete);
        CHECK_FALSE(json::parse(cut.reply->tool_calls[0].arguments).ok());
        auto text = tc.client().call(test_prompt());  // file ends without a final blank line
        REQUIRE(text.reply.ok());
        CHECK(text.reply->text == "Hello there!");
    }
}
