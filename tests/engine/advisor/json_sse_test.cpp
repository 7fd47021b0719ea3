// tests/engine/advisor/json_sse_test.cpp: the strict JSON tree parser, the
// text sanitizer and the SSE parser.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "engine/advisor/json/json_value.hpp"
#include "engine/advisor/llm/sse_parser.hpp"
#include "engine/advisor/text_sanitize.hpp"
#include "replay_server.hpp"

using namespace medic::advisor;

TEST_CASE("advisor/json: parses objects in order and keeps number text", "[advisor][json]") {
    auto v = json::parse(R"({"b": 1, "a": [true, null, 5.50, -3, "x\u00e9"], "c": 18446744073709551615})");
    REQUIRE(v.ok());
    REQUIRE(v->members.size() == 3);
    CHECK(v->members[0].first == "b");
    const auto* a = v->find("a");
    REQUIRE(a);
    CHECK(a->items[2].text == "5.50");
    CHECK(a->items[2].number_kind == json::NumberKind::Float);
    CHECK(a->items[3].int64() == -3);
    CHECK(a->items[4].text == "x\xC3\xA9");
    CHECK(v->find("c")->number_kind == json::NumberKind::Uint64);
    CHECK_FALSE(v->find("c")->int64().has_value());
    CHECK(json::serialize(*a) == R"([true,null,5.50,-3,"xé"])");
}

TEST_CASE("advisor/json: rejects duplicate keys with their path", "[advisor][json]") {
    auto v = json::parse(R"({"action": {"kind": "none", "kind": "evict_leaders"}})");
    REQUIRE_FALSE(v.ok());
    CHECK(v.error().message == "duplicate key 'kind'");
    CHECK(v.error().path == "$.action.kind");
    json::ParseOptions lenient;
    lenient.reject_duplicate_keys = false;
    CHECK(json::parse(R"({"a":1,"a":2})", lenient).ok());
}

TEST_CASE("advisor/json: rejects trailing content, truncation, bad UTF-8 and deep nesting", "[advisor][json]") {
    CHECK_FALSE(json::parse(R"({"a":1} {"b":2})").ok());
    CHECK_FALSE(json::parse(R"({"a":1}x)").ok());
    CHECK_FALSE(json::parse("{\"").ok());
    CHECK_FALSE(json::parse("").ok());
    CHECK_FALSE(json::parse("{\"a\":\"\xff\xfe\"}").ok());
    CHECK(json::parse("  {\"a\":1}   \n").ok());
    std::string deep(100, '[');
    deep += std::string(100, ']');
    auto d = json::parse(deep);
    REQUIRE_FALSE(d.ok());
    CHECK(d.error().message.find("nesting deeper") != std::string::npos);
    CHECK_FALSE(json::parse("1e999999").ok());
}

TEST_CASE("advisor/json: quoting escapes controls and line separators", "[advisor][json]") {
    CHECK(json::quoted("a\"b\\c\n\x01") == R"("a\"b\\c\n\u0001")");
    CHECK(json::quoted("x\xE2\x80\xA8y") == R"("x\u2028y")");
    auto back = json::parse(json::quoted("tab\there \xE2\x80\xA9"));
    REQUIRE(back.ok());
    CHECK(back->text == "tab\there \xE2\x80\xA9");
}

TEST_CASE("advisor/sanitize: strips controls, invisible and bidi characters, caps length", "[advisor][sanitize]") {
    SanitizeStats st;
    std::string in = "drop\xE2\x80\x8B the\x1b[31m region\xE2\x80\xAE evil\xF3\xA0\x80\x81 \xff end";
    std::string out = sanitize_text(in, 200, false, &st);
    CHECK(out == "drop the [31m region evil \xEF\xBF\xBD end");
    CHECK(st.removed_invisible == 3);
    CHECK(st.removed_controls == 1);
    CHECK(st.invalid_utf8 == 1);
    std::string longer = sanitize_text(std::string(50, 'x') + "\xC3\xA9", 51);
    CHECK(longer == std::string(50, 'x') + "...");
    CHECK(is_valid_utf8("ok \xC3\xA9"));
    CHECK_FALSE(is_valid_utf8("\xC0\xAF"));           // overlong
    CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));       // surrogate
    CHECK(sanitize_text("a\nb", 10, true) == "a\nb");
}

namespace {
std::vector<llm::SseEvent> sse(const std::string& bytes, size_t piece) {
    std::vector<llm::SseEvent> out;
    llm::SseParser p([&](const llm::SseEvent& e) { out.push_back(e); });
    for (size_t i = 0; i < bytes.size(); i += piece) p.feed(std::string_view(bytes).substr(i, piece));
    p.finish();
    return out;
}
}  // namespace

TEST_CASE("advisor/sse: line endings, comments, multi-line data, split anywhere", "[advisor][sse]") {
    std::string s = ": keep-alive\r\n\r\nevent: a\r\ndata: one\r\ndata:two\r\n\r\ndata: x\rid: 7\r\rdata: last";
    for (size_t piece : {size_t(1), size_t(2), size_t(3), size_t(1000)}) {
        auto ev = sse(s, piece);
        REQUIRE(ev.size() == 3);
        CHECK(ev[0].event == "a");
        CHECK(ev[0].data == "one\ntwo");
        CHECK(ev[1].data == "x");
        CHECK(ev[1].id == "7");
        CHECK(ev[2].data == "last");  // flushed at EOF without a blank line
    }
}

TEST_CASE("advisor/sse: non-standard error field is surfaced", "[advisor][sse]") {
    auto ev = sse("error: {\"message\":\"boom\"}\n\ndata: [DONE]\n\n", 4);
    REQUIRE(ev.size() == 2);
    CHECK(ev[0].error_field == "{\"message\":\"boom\"}");
    CHECK(ev[1].data == "[DONE]");
}

TEST_CASE("advisor/sse: every example stream parses into JSON events", "[advisor][sse]") {
    for (const char* f : {"anthropic_stream_max_tokens_mid_tool.txt", "anthropic_stream_refusal.txt",
                          "anthropic_stream_text.txt", "anthropic_stream_tool_use.txt",
                          "anthropic_stream_tool_use_live.txt", "llamacpp_stream_tool_call.txt",
                          "ollama_v1_stream_tool_call.txt", "openai_stream_length.txt",
                          "openai_stream_parallel_tool_calls.txt", "openai_stream_refusal.txt"}) {
        INFO(f);
        auto events = sse(medic::test::read_example_file(f), 5);
        REQUIRE(events.size() > 2);
        for (const auto& e : events) {
            if (e.data == "[DONE]") continue;
            auto doc = json::parse(e.data);  // trailing padding spaces must be accepted
            CHECK(doc.ok());
        }
    }
}

TEST_CASE("advisor/fixtures: the committed copy matches the shared examples when present", "[advisor][fixtures]") {
    std::string shared = MEDIC_SHARED_EXAMPLES_DIR;
    std::ifstream schema(shared + "/tikv_proposal_schema.json");
    if (!schema) {
        SUCCEED("shared examples not present (clean checkout)");
        return;
    }
    for (const char* f : {"tikv_proposal_schema.json", "openai_request_propose_tool.json",
                          "anthropic_stream_tool_use_live.txt", "openai_stream_parallel_tool_calls.txt"}) {
        std::ifstream a(shared + "/" + f, std::ios::binary);
        std::string sa((std::istreambuf_iterator<char>(a)), std::istreambuf_iterator<char>());
        CHECK(sa == medic::test::read_example_file(f));
    }
}
