// bench/advisor/bench_advisor.cpp: prints figures for the advisor's hot
// paths: decoding + validating a tikv-proposal/1 object, decoding an
// OpenAI-style SSE stream, and a full rule-based advice (observations,
// rules, plan check) on a snapshot with N regions (default 1,000,000).
// Usage: bench_advisor [regions]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "engine/advisor/json/json_value.hpp"
#include "engine/advisor/llm/sse_parser.hpp"
#include "engine/advisor/proposal/wire_proposal.hpp"
#include "engine/advisor/rules/rule_advisor.hpp"

using namespace medic;
using Clock = std::chrono::steady_clock;

namespace {

const char* kProposal =
    R"({"schema_version":"tikv-proposal/1","summary":"Move the leader of hot region 12 from store 1 to store 4.",)"
    R"("diagnosis":{"symptom":"Store 1 holds 412 leaders","hypothesis":"Write hotspot","severity":"warning"},)"
    R"("evidence":[{"observation_id":"obs-1","claim":"store 1 has 412 leaders"},{"observation_id":"obs-3","claim":"hot"}],)"
    R"("action":{"kind":"transfer_leader","region_id":12,"store_id":null,"target_store_id":4,"runbook":null},)"
    R"("confidence":"medium","risk":{"level":"low","blast_radius":"one region","reversible":true},)"
    R"("expected_impact":"store 1 sheds one hot leader","rollback":{"possible":true,"plan":"transfer back"},)"
    R"("alternatives":[{"description":"Split region 12","why_not":"more invasive"}],)"
    R"("verification":{"signal":"leader moves","expected_within_seconds":60},"needs_human_attention":null})";

double secs(Clock::time_point a) { return std::chrono::duration<double>(Clock::now() - a).count(); }

void bench_decode() {
    advisor::DecodeContext ctx{{"obs-1", "obs-2", "obs-3"}, true};
    const int n = 20000;
    auto t0 = Clock::now();
    size_t issues = 0;
    for (int i = 0; i < n; ++i) {
        auto v = advisor::json::parse(kProposal);
        issues += advisor::decode_wire_proposal(v.value(), ctx).issues.size();
    }
    double s = secs(t0);
    std::printf("decode+validate proposal: %d in %.3f s = %.0f/s (%.1f us each, issues %zu)\n", n, s, n / s,
                s / n * 1e6, issues);
}

void bench_sse() {
    std::string chunk = R"(data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"abcdefgh"}}]},"finish_reason":null}]})";
    chunk += "\n\n";
    std::string body;
    for (int i = 0; i < 20000; ++i) body += chunk;
    size_t events = 0;
    advisor::llm::SseParser p([&](const advisor::llm::SseEvent& e) { events += !e.data.empty(); });
    auto t0 = Clock::now();
    for (size_t i = 0; i < body.size(); i += 1400) p.feed(std::string_view(body).substr(i, 1400));
    p.finish();
    double s = secs(t0);
    std::printf("sse parse: %zu events, %.1f MB in %.3f s = %.0f MB/s\n", events, body.size() / 1e6, s,
                body.size() / 1e6 / s);
}

model::SnapshotPtr big_snapshot(size_t regions) {
    model::ClusterSnapshot::Builder b;
    b.taken_at_ms(1755770000000);
    for (uint64_t i = 1; i <= 10; ++i) {
        pd::Store s;
        s.id = i;
        s.capacity_bytes = 1ull << 40;
        s.available_bytes = 1ull << 39;
        s.leader_count = i == 1 ? regions / 4 : regions / 13;
        s.region_count = regions * 3 / 10;
        b.add_store(std::move(s));
    }
    model::RegionTable::Builder rb;
    rb.reserve(regions, regions * 16);
    pd::Region r;
    for (size_t i = 0; i < regions; ++i) {
        r.clear();
        r.id = i + 1;
        char key[32];
        std::snprintf(key, sizeof key, "k%010zu", i);
        r.start_key = key;
        std::snprintf(key, sizeof key, "k%010zu", i + 1);
        r.end_key = key;
        for (uint64_t k = 0; k < 3; ++k) r.peers.push_back({r.id * 10 + k, 1 + (i + k) % 10, pd::PeerRole::Voter, false});
        r.leader = r.peers[0];
        rb.add(r);
    }
    b.regions(rb.build(3), 1755770000000);
    return b.build();
}

void bench_advise(size_t regions) {
    auto t0 = Clock::now();
    auto snap = big_snapshot(regions);
    std::printf("built snapshot of %zu regions in %.2f s\n", regions, secs(t0));
    advisor::RuleAdvisor rules;
    const int n = 50;
    t0 = Clock::now();
    std::string outcome;
    for (int i = 0; i < n; ++i) {
        advisor::ProposalEnvelope env = rules.advise({{1, "leader_imbalance", "cluster", "warning", "imbalance", "{}"}, snap});
        outcome = advisor::outcome_name(env.outcome);
    }
    double s = secs(t0);
    std::printf("rule advice (leader_imbalance) on %zu regions: %.2f ms each (%s)\n", regions, s / n * 1e3, outcome.c_str());
}

}  // namespace

int main(int argc, char** argv) {
    size_t regions = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
    bench_decode();
    bench_sse();
    bench_advise(regions);
    return 0;
}
