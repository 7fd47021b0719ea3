// tests/engine/pd/region_fast_test.cpp: the strict fast /regions parser
// (engine/pd/region_fast.cpp) against the On Demand parser it sits in front
// of. The contract: on any body, whole or streamed, the regions delivered,
// the count and the error text are exactly those of the On Demand parser
// alone (the fast parser may only accept a subset and must hand everything
// else over); and PD's own shapes really take the fast path.
#include <catch2/catch.hpp>

#include <random>

#include "pd/pd_json.hpp"
#include "pd_test_text.hpp"
#include "pd/region_parse.hpp"
#include "pd/region_stream.hpp"

using namespace medic::pd;
using medic::test::describe_region;
using medic::test::pd_fixture;

namespace {

// What a parser made of a body: the regions, then "ok N" or the error.
std::string outcome_whole(const std::string& body, bool fast) {
    detail::set_fast_region_parser(fast);
    std::string text;
    auto r = for_each_region(body, "/regions", [&](const Region& g) { text += describe_region(g); });
    detail::set_fast_region_parser(true);
    return text + (r ? "ok " + std::to_string(r.value()) : "error " + r.error().to_string());
}

std::string outcome_streamed(const std::string& body, bool fast, size_t piece, size_t batch) {
    detail::set_fast_region_parser(fast);
    std::string text;
    RegionStream rs("/regions", [&](const Region& g) { text += describe_region(g); }, {}, batch);
    for (size_t off = 0; off < body.size(); off += piece)
        if (!rs.feed(body.data() + off, std::min(piece, body.size() - off))) break;
    auto r = rs.finish();
    detail::set_fast_region_parser(true);
    return text + (r ? "ok " + std::to_string(r.value()) : "error " + r.error().to_string());
}

// A region in PD's easyjson shape, with the optional parts switched on by `kind`.
std::string region(int i, int kind) {
    std::string id = std::to_string(1000 + i);
    std::string r = R"({"id":)" + id + R"(,"start_key":"7480000000000000FF)" + std::to_string(10 + i) +
                    R"(","end_key":"7480000000000000FF)" + std::to_string(11 + i) +
                    R"(","epoch":{"conf_ver":)" + std::to_string(3 + i) + R"(,"version":)" + std::to_string(70 + i) +
                    R"(},"peers":[{"role_name":"Voter","id":)" + id + R"(1,"store_id":1},{"role_name":"Voter","id":)" + id +
                    R"(2,"store_id":2},{"role_name":"Learner","id":)" + id + R"(3,"store_id":3,"is_learner":true})";
    if (kind % 4 == 1) r += R"(,{"id":)" + id + R"(4,"store_id":4,"role":3,"is_witness":true,"role_name":"DemotingVoter"})";
    r += R"(],"leader":{"role_name":"Voter","id":)" + id + R"(1,"store_id":1})";
    if (kind % 3 == 1)
        r += R"(,"down_peers":[{"peer":{"role_name":"Voter","id":)" + id + R"(2,"store_id":2},"down_seconds":)" +
             std::to_string(60 + i) + R"(}],"pending_peers":[{"role_name":"Voter","id":)" + id + R"(2,"store_id":2}])";
    r += R"(,"cpu_usage":)" + std::to_string(i % 7) + R"(,"written_bytes":18446744073709551,"read_bytes":9007199254740993,)"
         R"("written_keys":0,"read_keys":12345678,"approximate_size":)" + std::to_string(96 + i) +
         R"(,"approximate_keys":9223372036854775807,"approximate_kv_size":88)";
    if (kind % 5 == 2) r += R"(,"approximate_columnar_kv_size":0,"bucket_version":17,"buckets":["a","b"],"x":{"y":[1,-2.5e3,null,true]})";
    return r + "}";
}

std::string body_of(int n) {
    std::string b = "{\"count\":" + std::to_string(n) + ",\"regions\":[";
    for (int i = 0; i < n; ++i) b += (i ? "," : "") + region(i, i);
    return b + "]}";
}

// Fast-then-On-Demand vs On Demand alone: the same count or the same error
// text. On success the same regions; on an error On Demand alone may have
// delivered fewer (its stage 1 finds some errors before the first region is
// read, where the fast parser has already delivered the good regions before
// the bad spot): what it delivered must start what the fast path delivered.
void check_outcome(const std::string& fast, const std::string& od) {
    size_t f = fast.rfind('\n') + 1, o = od.rfind('\n') + 1;  // npos + 1 = 0: no region line
    CHECK(fast.substr(f) == od.substr(o));
    if (od.compare(o, 2, "ok") == 0) CHECK(fast == od);
    else CHECK(fast.compare(0, o, od, 0, o) == 0);
}

// An unknown role name: valid, the fast path keeps it (numeric role / is_learner decide).
std::string with_role_witness(std::string b) {
    for (size_t at; (at = b.find("\"Learner\"")) != std::string::npos;) b.replace(at, 9, "\"Witness\"");
    return b;
}

void check_same(const std::string& body) {
    std::string expect = outcome_whole(body, false);
    check_outcome(outcome_whole(body, true), expect);
    // streamed: the fast path sits under both batch kinds (fast cuts, exact)
    std::string s_expect = outcome_streamed(body, false, 97, 4096);
    for (size_t piece : {size_t(97), size_t(1500), size_t(1) << 16}) {
        INFO("piece " << piece);
        check_outcome(outcome_streamed(body, true, piece, 4096), s_expect);
    }
}

}  // namespace

TEST_CASE("fast /regions parser: PD's shapes take the fast path and parse as On Demand does", "[region_fast]") {
    std::string body = body_of(60);
    Region scratch;
    uint64_t seen = 0;
    std::string fast;
    CHECK(detail::fast_regions_body(body, scratch, [&](const Region& g) { fast += describe_region(g); }, seen));
    CHECK(seen == 60);
    std::string expect = outcome_whole(body, false);
    CHECK(fast + "ok 60" == expect);
    CHECK(expect.find("9007199254740993") != std::string::npos);  // a u64 above 2^53, exact
    CHECK(expect.find("DemotingVoter") == std::string::npos);
    check_same(body);
    for (const char* name : {"regions.json", "regions-check-down-peer.json", "regions-key-limit3.json",
                             "regions-sibling-first-region.json", "regions-writeflow-limit2.json", "regions-range-holes.json",
                             "regions-check-empty.json", "regions-hist-size.json", "regions-count.json"}) {
        INFO(name);
        check_same(pd_fixture(name));
    }
}

TEST_CASE("fast /regions parser: indented bodies, placeholders and odd but valid shapes", "[region_fast]") {
    // the indented renderer (older PDs): only whitespace differs
    std::string compact = body_of(4), indented;
    for (char ch : compact) {
        indented += ch;
        if (ch == ',' || ch == '{' || ch == '[') indented += "\n    ";
        if (ch == ':') indented += ' ';
    }
    Region scratch;
    uint64_t seen = 0;
    CHECK(detail::fast_regions_body(indented, scratch, [](const Region&) {}, seen));
    CHECK(outcome_whole(indented, true) == outcome_whole(compact, false));
    check_same(indented);
    for (std::string b : {
             std::string(R"({"count":2,"regions":[{"id":0,"start_key":"","end_key":""},{"id":5,"start_key":"","end_key":"","leader":{"role_name":""}}]})"),
             std::string(R"({"regions":null,"count":0})"),
             with_role_witness(body_of(3)),
             std::string(R"({"regions":[]})"),
             std::string(R"({"regions":[{"end_key":"AB","start_key":"ab","id":7,"peers":null}]})"),
             std::string(R"({"regions":[{"id":1,"start_key":"","end_key":"","epoch":{"version":3,"conf_ver":2}}]})"),
             std::string(R"({"regions":[{"id":1,"start_key":"","end_key":"","peers":[{"store_id":2,"id":3,"role":1}]}]})"),
         }) {
        INFO(b);
        check_same(b);
    }
}

TEST_CASE("fast /regions parser: what it does not take goes to On Demand, same regions, same errors", "[region_fast]") {
    std::string base = body_of(6);
    auto with = [&](std::string from, std::string to, size_t nth = 2) {
        std::string b = base;
        size_t at = 0;
        for (size_t k = 0; k <= nth; ++k) {
            at = b.find(from, k ? at + 1 : 0);
            REQUIRE(at != std::string::npos);
        }
        b.replace(at, from.size(), to);
        return b;
    };
    // valid JSON the fast parser refuses: escapes, signs, fractions, big numbers, duplicates, unknown roles
    for (const std::string& b : {
             with(R"("role_name":"Voter")", R"("role_name":"Vo\u0074er")"),
             with(R"("approximate_size":)", R"("approximate_size":-)"),
             with(R"("cpu_usage":)", R"("cpu_usage":1.5,"cpu_usage2":)"),
             with(R"("read_keys":12345678)", R"("read_keys":18446744073709551615)"),
             with(R"("written_keys":0)", R"("written_keys":0,"written_keys":7)"),
             with(R"("role_name":"Learner")", "\"role_name\":\"L\xC3\xA9" "arner\""),
             with(R"("start_key":")", R"("start_\u006bey":"zz)"),
             with(R"("store_id":2})", R"("store_id":2,"note":"caf\u00e9 \"x\""})"),
             with(R"({"id":1003)", R"({"id":01003)", 0),
         }) {
        INFO(b.substr(0, 200));
        Region scratch;
        uint64_t seen = 0;
        CHECK_FALSE(detail::fast_regions_body(b, scratch, [](const Region&) {}, seen));
        check_same(b);
    }
    // malformed bodies: the typed errors are On Demand's, with path and offset
    for (const std::string& b : {
             with(R"("store_id":2)", R"("store_id":"2")"),
             with(R"("start_key":"7480)", R"("start_key":"748)"),
             with(R"("id":10031,)", R"("id":0,)", 0),
             with(R"(,"store_id":1})", "}"),
             with("},{\"id\":", "}{\"id\":", 3),
             base.substr(0, base.size() - 2) + ",]}",
             base.substr(0, base.size() / 2),
             base + " x",
             with(R"("role":3)", R"("role":9)", 0),
         }) {
        INFO(b.substr(0, 200));
        std::string e = outcome_whole(b, false);
        CHECK(e.find("error pd /regions") != std::string::npos);
        check_same(b);
    }
}

TEST_CASE("fast /regions parser: random mutations give On Demand's outcome", "[region_fast]") {
    // 5 regions: one batch; 30 regions (~20 KB) in 4 KiB batches: fast cuts,
    // exact batches and the hand-over inside a batch
    std::string small = body_of(5), large = body_of(30);
    std::mt19937 rng(20261123);
    const std::string alphabet = "\"\\,:{}[]0123456789-.eE+ ntruefalsx\x01\xC3\xA9";
    for (int k = 0; k < 600; ++k) {
        const std::string& base = k % 3 == 2 ? large : small;
        std::string b = base;
        int edits = 1 + int(rng() % 3);
        for (int e = 0; e < edits; ++e) {
            size_t at = rng() % b.size();
            char ch = alphabet[rng() % alphabet.size()];
            switch (rng() % 3) {
                case 0: b[at] = ch; break;
                case 1: b.insert(b.begin() + long(at), ch); break;
                default: b.erase(at, 1 + rng() % 4); break;
            }
        }
        INFO("mutation " << k << ": " << b);
        check_outcome(outcome_whole(b, true), outcome_whole(b, false));
        size_t piece = k % 3 == 2 ? 700 : 61;
        check_outcome(outcome_streamed(b, true, piece, 4096), outcome_streamed(b, false, piece, 4096));
    }
}

#ifdef MEDIC_HAVE_PDSIM
#include "support/pdsim_process.hpp"

TEST_CASE("fast /regions parser: pdsim's bodies, with down and pending peers, take the fast path",
          "[region_fast][pdsim]") {
    medic::test::PdsimProcess sim({"--step", "--stores", "6", "--regions", "2000", "--seed", "7"});
    REQUIRE(sim.post_chaos("/chaos/store/4/kill", "{}").status == 200);
    sim.advance(660);  // > max-peer-down-duration (600 s): its peers are down and pending
    bool saw_down = false, saw_pending = false;
    for (const char* path : {"/pd/api/v1/regions", "/pd/api/v1/regions/check/down-peer",
                             "/pd/api/v1/regions/check/pending-peer", "/pd/api/v1/regions/key?key=&limit=50"}) {
        INFO(path);
        auto r = sim.get(path);
        REQUIRE(r.status == 200);
        Region scratch;
        uint64_t seen = 0;
        bool down = false, pending = false;
        CHECK(detail::fast_regions_body(r.body, scratch, [&](const Region& g) {
            down |= !g.down_peers.empty();
            pending |= !g.pending_peers.empty();
        }, seen));
        CHECK(seen > 0);
        saw_down |= down;
        saw_pending |= pending;
        check_same(r.body);
    }
    CHECK(saw_down);
    CHECK(saw_pending);
}
#endif
