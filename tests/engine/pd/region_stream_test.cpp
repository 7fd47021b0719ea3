// tests/engine/pd/region_stream_test.cpp: RegionStream (the streamed /regions
// parser) gives exactly what the whole-body parser gives, whatever the piece
// and batch sizes; keeps only a batch in memory; and reports malformed, cut
// and oddly shaped bodies with the field path and the offset in the whole body.
#include <catch2/catch.hpp>

#include <random>

#include "pd/pd_json.hpp"
#include "pd_test_text.hpp"
#include "pd/region_stream.hpp"

using namespace medic::pd;
using medic::test::describe_region;
using medic::test::pd_fixture;

namespace {

struct Streamed {
    Result<uint64_t> result = uint64_t(0);
    std::string text;
    size_t peak = 0;
};

Streamed stream(const std::string& body, size_t piece, size_t batch = 4096) {
    Streamed s;
    RegionStream rs("/regions", [&](const Region& r) { s.text += describe_region(r); }, {}, batch);
    for (size_t off = 0; off < body.size(); off += piece)
        if (!rs.feed(body.data() + off, std::min(piece, body.size() - off))) break;
    s.result = rs.finish();
    s.peak = rs.peak_buffer_bytes();
    return s;
}

std::string whole(const std::string& body) {
    std::string text;
    auto r = for_each_region(body, "/regions", [&](const Region& g) { text += describe_region(g); });
    REQUIRE(r.ok());
    return text;
}

std::string big_body(int n, const std::string& extra_field = "") {
    std::string b = "{\"count\":" + std::to_string(n) + ",\"regions\":[";
    for (int i = 1; i <= n; ++i) {
        if (i > 1) b += ',';
        char key[32];
        std::snprintf(key, sizeof key, "7480000000000000FF%06X", i);
        b += R"({"id":)" + std::to_string(i) + R"(,"start_key":")" + key + R"(","end_key":"","epoch":{"conf_ver":5,"version":)" +
             std::to_string(i) + R"(},"peers":[{"id":)" + std::to_string(i * 10) +
             R"(,"store_id":1,"role_name":"Voter"},{"id":)" + std::to_string(i * 10 + 1) +
             R"(,"store_id":2,"role_name":"Learner","is_learner":true}],"leader":{"id":)" + std::to_string(i * 10) +
             R"(,"store_id":1,"role_name":"Voter"},"written_bytes":)" + std::to_string(i * 3) + extra_field +
             R"(,"approximate_size":1})";
    }
    return b + "]}";
}

std::string error_of(const Streamed& s) {
    REQUIRE_FALSE(s.result.ok());
    CHECK(s.result.error().kind == ErrorKind::Malformed);
    return s.result.error().to_string();
}

}  // namespace

TEST_CASE("streamed /regions equals the whole-body parse for any piece and batch size", "[region_stream]") {
    for (const char* name : {"regions.json", "regions-check-down-peer.json", "regions-key-limit3.json",
                             "regions-sibling-first-region.json", "regions-writeflow-limit2.json"}) {
        std::string body = pd_fixture(name);
        std::string expect = whole(body);
        for (size_t piece : {size_t(1), size_t(7), size_t(64), size_t(1) << 20}) {
            INFO(name << " in pieces of " << piece);
            auto s = stream(body, piece);
            REQUIRE(s.result.ok());
            CHECK(s.text == expect);
        }
    }
    // Strings holding brackets, quotes and backslashes must not confuse the cut points.
    std::string tricky = big_body(300, R"(,"note":"a\"]}{[\\","more":["}",{"x":"]"}])");
    std::string expect = whole(tricky);
    for (size_t piece : {size_t(3), size_t(1000), size_t(65536)}) {
        auto s = stream(tricky, piece, 4096);
        REQUIRE(s.result.ok());
        CHECK(s.result.value() == 300);
        CHECK(s.text == expect);
    }
}

TEST_CASE("a fast cut that guessed wrong goes back to exact scanning and loses or repeats nothing", "[region_stream]") {
    // Each region holds objects that look like region starts
    // (`,{"id":N,"start_key"`), so some fast cuts land inside a region: the
    // batch fails to parse and the stream rescans from the last good region.
    std::string nested = big_body(3000, R"(,"buckets":[{"id":1,"start_key":"00"},{"id":2,"start_key":"01"}])");
    std::string expect = whole(nested);
    for (size_t batch : {size_t(4096), size_t(5000), size_t(65536)}) {
        for (size_t piece : {size_t(1), size_t(333), size_t(16384)}) {
            INFO("batch " << batch << ", pieces of " << piece);
            auto s = stream(nested, piece, batch);
            REQUIRE(s.result.ok());
            CHECK(s.result.value() == 3000);
            CHECK(s.text == expect);
        }
    }
    // Pretty-printed bodies (no cut pattern at all) are scanned exactly.
    std::string pretty = big_body(2000);
    for (size_t at = 0; (at = pretty.find("},{\"id\":", at)) != std::string::npos; at += 4) pretty.replace(at, 3, "},\n  {");
    auto s = stream(pretty, 1000, 4096);
    REQUIRE(s.result.ok());
    CHECK(s.text == whole(big_body(2000)));
}

TEST_CASE("a big body is parsed in batches: the buffer stays near the batch size", "[region_stream]") {
    std::string body = big_body(20000);
    REQUIRE(body.size() > 5'000'000);
    uint64_t reserved = 0;
    uint64_t seen = 0, last_id = 0;
    bool ordered = true;
    RegionStream rs("/regions", [&](const Region& r) {
        ordered &= r.id == last_id + 1;
        last_id = r.id;
        ++seen;
    }, [&](uint64_t n) { reserved = n; }, 64 << 10);
    for (size_t off = 0; off < body.size(); off += 16384) REQUIRE(rs.feed(body.data() + off, std::min<size_t>(16384, body.size() - off)));
    auto r = rs.finish();
    REQUIRE(r.ok());
    CHECK(r.value() == 20000);
    CHECK(seen == 20000);
    CHECK(ordered);
    CHECK(reserved == 20000);  // PD's "count" is offered before the first region
    CHECK(rs.peak_buffer_bytes() < 512u << 10);
    CHECK(rs.peak_buffer_bytes() * 10 < body.size());
}

TEST_CASE("streamed errors name the region, the field and the offset in the whole body", "[region_stream][errors]") {
    std::string body = big_body(5000);
    SECTION("wrong type deep in a late batch") {
        std::string needle = R"({"id":4321,"start_key")";
        size_t at = body.find(needle);
        REQUIRE(at != std::string::npos);
        size_t sid = body.find("\"store_id\":1", at) + 11;
        body.replace(sid, 1, "\"x\"");
        auto s = stream(body, 4096, 16384);
        std::string e = error_of(s);
        CHECK_THAT(e, Catch::StartsWith("pd /regions: regions[4320].peers[0].store_id: expected unsigned integer, got string"));
        CHECK_THAT(e, Catch::Contains("(byte " + std::to_string(sid) + ")"));
        CHECK(s.text.find("\n4320 ") != std::string::npos);  // the regions before it were delivered
    }
    SECTION("cut in the middle of the array") {
        auto s = stream(body.substr(0, body.size() / 2), 4096);
        CHECK_THAT(error_of(s), Catch::Contains("truncated") && Catch::Contains("regions"));
    }
    SECTION("cut inside a string") {
        size_t k = body.find("7480000000000000FF", body.size() / 3);
        CHECK_THAT(error_of(stream(body.substr(0, k + 5), 4096)), Catch::Contains("truncated"));
    }
    SECTION("missing comma at any place, trailing comma, non-object element") {
        std::string b = body;
        size_t sep = b.find(R"(},{"id":3000,"start_key")");
        b.erase(sep + 1, 1);
        CHECK_THAT(error_of(stream(b, 4096, 8192)), Catch::Contains("regions"));
        std::string t = body;
        t.insert(t.size() - 2, ",");
        CHECK_THAT(error_of(stream(t, 4096, 8192)), Catch::Contains("regions"));
        std::string lone = R"({"regions":[{"id":1,"start_key":"","end_key":""} , ]})";
        CHECK_THAT(error_of(stream(lone, 1, 4096)), Catch::Contains("regions"));
        std::string n = body;
        n.insert(n.find(R"({"id":2500,"start_key")"), "7,");
        CHECK_THAT(error_of(stream(n, 4096, 8192)), Catch::Contains("regions[2499]: expected object, got number"));
    }
    SECTION("what surrounds the array is checked too") {
        CHECK_THAT(error_of(stream(body + "x", 4096)), Catch::Contains("after the JSON value") &&
                                                             Catch::Contains("(byte " + std::to_string(body.size()) + ")"));
        CHECK_THAT(error_of(stream("[1,2]", 2)), Catch::Contains("expected object, got array"));
        CHECK_THAT(error_of(stream(R"({"count":0})", 3)), Catch::Contains("regions: missing required field"));
        CHECK_THAT(error_of(stream("", 3)), Catch::Contains("empty body"));
        CHECK_THAT(error_of(stream(R"({"regions":[{"id":1,"start_key":"","end_key":""}})", 5)),
                   Catch::Contains("regions"));
    }
}

TEST_CASE("streamed bodies of every shape PD sends", "[region_stream]") {
    auto ok = [](const std::string& body, uint64_t n) {
        auto s = stream(body, 2);
        INFO(body);
        REQUIRE(s.result.ok());
        CHECK(s.result.value() == n);
    };
    ok(R"({"count":0,"regions":null})", 0);
    ok(R"({"count":0,"regions":[]})", 0);
    ok("{\n  \"count\": 0,\n  \"regions\": [ \n ]\n}\n", 0);
    ok(R"({"regions":[{"id":1,"start_key":"","end_key":""}],"count":1})", 1);     // count after the array
    ok(R"({"count":2,"regions":[{"id":0},{"id":9,"start_key":"0A","end_key":""}]})", 1);  // placeholder skipped
    ok(R"({"x":{"regions":[1,2]},"count":1,"regions":[{"id":1,"start_key":"","end_key":""}]})", 1);
}

TEST_CASE("streamed and whole-body parses agree on thousands of corrupted bodies", "[region_stream][fuzz]") {
    // Fixed seed: reproducible. Each case truncates, flips, deletes or
    // inserts bytes (structural characters on purpose) and requires the same
    // verdict from both parsers, and the same regions when both accept.
    const std::string base = big_body(120, R"(,"note":"x\"}]")");
    std::mt19937 rng(12345);
    const char specials[] = "{}[]\",:\\ 0a";
    int disagreements = 0, rejected = 0;
    for (int iter = 0; iter < 3000; ++iter) {
        std::string b = base;
        int edits = 1 + int(rng() % 3);
        for (int e = 0; e < edits && !b.empty(); ++e) {
            size_t at = rng() % b.size();
            switch (rng() % 4) {
                case 0: b.resize(at); break;
                case 1: b[at] = specials[rng() % (sizeof specials - 1)]; break;
                case 2: b.erase(at, 1 + rng() % 3); break;
                case 3: b.insert(at, 1, specials[rng() % (sizeof specials - 1)]); break;
            }
        }
        std::string whole_text;
        auto w = for_each_region(b, "/regions", [&](const Region& g) { whole_text += describe_region(g); });
        auto s = stream(b, 1 + rng() % 5000, 4096 + rng() % 8192);
        rejected += !w.ok();
        if (w.ok() != s.result.ok() || (w.ok() && (whole_text != s.text || w.value() != s.result.value()))) {
            ++disagreements;
            UNSCOPED_INFO("case " << iter << ": whole " << (w.ok() ? "ok" : w.error().to_string()) << " / streamed "
                                  << (s.result.ok() ? "ok" : s.result.error().to_string()));
        }
    }
    CHECK(disagreements == 0);
    CHECK(rejected > 1000);  // the corruption does reach the parsers
}
