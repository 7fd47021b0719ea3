// tests/bindings/host_api_test.cpp: the host helpers runbooks used to copy
// into every file (cluster.stores filters, cluster.troubled_stores,
// actions.is_stale) and the typed action call's record and result, run
// through the real scheduler and dispatcher over a hand-built snapshot; the
// capped allocator's small-object pools.
#include <catch2/catch.hpp>

#include <cstring>
#include <vector>

#include "bindings/lua/alloc.hpp"
#include "model/cluster_snapshot.hpp"
#include "run_helper.hpp"

using namespace medic;

namespace {

pd::Store store(uint64_t id, pd::StoreStateName state) {
    pd::Store s;
    s.id = id;
    s.address = "tikv-" + std::to_string(id) + ":20160";
    s.state_name = state;
    s.capacity_bytes = 100ull << 30;
    s.available_bytes = 60ull << 30;
    return s;
}

api::Value incident(const char* kind, const char* subject) {
    api::Value v = api::Value::map();
    v.set("id", api::Value::integer(1));
    v.set("kind", api::Value::string(kind));
    v.set("subject", api::Value::string(subject));
    return v;
}

/// Stores 1, 2 up and 3 offline; the monitor has a store_down incident on
/// store 2 and a disk_full on 3 (and incidents that name no store). Actions
/// are refused with the reason the script asks for in `to_store`.
struct Services : lua::RunServices {
    std::shared_ptr<const model::ClusterSnapshot> snap = [] {
        model::ClusterSnapshot::Builder b;
        b.taken_at_ms(1755770000000);
        b.add_store(store(1, pd::StoreStateName::Up));
        b.add_store(store(2, pd::StoreStateName::Up));
        b.add_store(store(3, pd::StoreStateName::Offline));
        return b.build();
    }();
    std::shared_ptr<const model::ClusterSnapshot> snapshot() override { return snap; }
    api::Value incidents() override {
        api::Value out = api::Value::array();
        out.push(incident("store_down", "store:2"));
        out.push(incident("disk_full", "store:3"));
        out.push(incident("hot_region", "store:1"));     // not a store problem
        out.push(incident("store_slow", "region:1"));    // no store subject
        out.push(incident("store_down", "store:x1"));    // malformed
        return out;
    }
    lua::ActionOutcome submit_action(lua::Run&, std::string_view, const lua::ActionArgs& args) override {
        lua::ActionOutcome o;
        int64_t to = 0;
        for (size_t i = 0; i < args.params.size(); i++)
            if (std::string_view(args.params[i].name) == "to_store") to = args.values[i].i;
        o.result.status = "dry_run";
        o.result.audit_id = 40 + to;
        if (to == 1) {
            o.state = lua::ActionState::Planned;
            o.result.description = "move the leader of region 12 to store 1";
            o.result.calls = {"POST /pd/api/v1/operators {transfer-leader}"};
            return o;
        }
        o.state = lua::ActionState::Refused;
        api::Value details = api::Value::map();
        const char* reason = to == 2 ? "no_voter_on_store" : to == 3 ? "store_not_up" : "";
        if (*reason) details.set("reason", api::Value::string(reason));
        std::string msg = to == 4 ? "refused: PD: region 12 maybe already have one operator" : "refused: no";
        o.error = {api::ErrorCode::E_SAFETY_VETO, msg, "", details};
        return o;
    }
};

std::string ids(const std::string& expr) {
    return "do local t = {} for _, s in ipairs(" + expr + ") do t[#t + 1] = s.id end log.info([[" + expr +
           " = ]] .. table.concat(t, ',')) end\n";
}

}  // namespace

TEST_CASE("cluster.stores filters and cluster.troubled_stores", "[api][cluster]") {
    Services svc;
    auto out = test::run_lua(test::wrap_body(ids("cluster.stores()") + ids("cluster.stores{}") +
                                             ids("cluster.stores{ state = 'up' }") +
                                             ids("cluster.stores{ state = 'up', troubled = false }") +
                                             ids("cluster.stores{ troubled = true }") +
                                             "local t = cluster.troubled_stores()\n"
                                             "log.info('troubled ' .. tostring(t[1]) .. tostring(t[2]) .. tostring(t[3]))\n"
                                             "log.info('key type ' .. type(next(t)))"),
                             test::test_limits(), lua::RunMode::DryRun, {}, &svc);
    REQUIRE(out.code() == "ok");
    CHECK(out.logged("cluster.stores() = 1,2,3"));
    CHECK(out.logged("cluster.stores{} = 1,2,3"));
    CHECK(out.logged("cluster.stores{ state = 'up' } = 1,2"));
    CHECK(out.logged("cluster.stores{ state = 'up', troubled = false } = 1"));
    CHECK(out.logged("cluster.stores{ troubled = true } = 2,3"));
    CHECK(out.logged("troubled niltruetrue"));
    CHECK(out.logged("key type number"));

    auto bad = test::run_lua(test::wrap_body("cluster.stores{ state = 'Up' }"), test::test_limits(),
                             lua::RunMode::DryRun, {}, &svc);
    CHECK(bad.code() == "E_ARG_DOMAIN");
    CHECK(bad.message() ==
          "test.lua:2: cluster.stores: state must be a store state (one of \"up\", \"disconnected\", \"down\", "
          "\"offline\", \"tombstone\"), got \"Up\"");
    auto unknown = test::run_lua(test::wrap_body("cluster.stores{ healthy = true }"), test::test_limits(),
                                 lua::RunMode::DryRun, {}, &svc);
    CHECK(unknown.code() == "E_ARG_UNKNOWN");
    // A required named argument still needs its table.
    auto none = test::run_lua(test::wrap_body("actions.transfer_leader()"), test::test_limits(),
                              lua::RunMode::DryRun, {}, &svc);
    CHECK(none.code() == "E_ARG_TYPE");
}

TEST_CASE("actions.is_stale tells a stale-plan refusal from other errors", "[api][actions]") {
    Services svc;
    auto out = test::run_lua(
        test::wrap_body("local function try(to)\n"
                        "  local ok, err = pcall(actions.transfer_leader, { region = 12, to_store = to })\n"
                        "  return ok, err\n"
                        "end\n"
                        "local ok, res = try(1)\n"
                        "log.info('planned ' .. tostring(ok) .. ' ' .. res.action .. ' ' .. res.mode .. ' ' .. res.status"
                        " .. ' ' .. res.audit_id .. ' ' .. res.description .. ' ' .. res.calls[1] .. ' ' .. tostring(res.observed))\n"
                        "for to = 2, 4 do\n"
                        "  local _, err = try(to)\n"
                        "  log.info('stale ' .. to .. ' ' .. tostring(actions.is_stale(err)))\n"
                        "end\n"
                        "log.info('plain ' .. tostring(actions.is_stale({ details = { reason = 'operator_running' } })))\n"
                        "log.info('nil ' .. tostring(actions.is_stale()) .. ' string ' .. tostring(actions.is_stale('x')))\n"
                        "local _, argerr = pcall(actions.transfer_leader, { region = 0, to_store = 1 })\n"
                        "log.info('argerr ' .. tostring(actions.is_stale(argerr)))"),
        test::test_limits(), lua::RunMode::DryRun, {}, &svc);
    REQUIRE(out.code() == "ok");
    CHECK(out.logged("planned true transfer_leader dry_run dry_run 41 move the leader of region 12 to store 1 "
                     "POST /pd/api/v1/operators {transfer-leader} nil"));
    CHECK(out.logged("stale 2 true"));   // details.reason no_voter_on_store
    CHECK(out.logged("stale 3 false"));  // store_not_up: a real refusal
    CHECK(out.logged("stale 4 true"));   // PD's 'maybe already have one'
    CHECK(out.logged("plain false"));    // a script-built table is not a host error
    CHECK(out.logged("nil false string false"));
    CHECK(out.logged("argerr false"));
    // The records keep what happened; their text is rendered at the run's end.
    REQUIRE(out.actions.size() == 4);
    CHECK(out.actions[0].name == "transfer_leader");
    CHECK(out.actions[0].where == "test.lua:3");
    CHECK(out.actions[0].params_json == "{\"region\":12,\"to_store\":1}");
    CHECK(out.actions[0].outcome == "planned");
    CHECK(out.actions[0].audit_id == "41");
    CHECK(out.actions[0].detail ==
          "{\"action\":\"transfer_leader\",\"mode\":\"dry_run\",\"status\":\"dry_run\",\"description\":\"move the "
          "leader of region 12 to store 1\",\"audit_id\":41,\"calls\":[\"POST /pd/api/v1/operators {transfer-leader}\"]}");
    CHECK(out.actions[1].outcome == "refused");
    CHECK(out.actions[1].detail == "refused: no");
    CHECK(out.actions[1].audit_id == "42");
}

TEST_CASE("tostring shows no heap addresses; %p is refused", "[sandbox][tostring]") {
    auto out = test::run_lua(test::wrap_body(
        "local a, b = {}, {}\n"
        "log.info(tostring(a) .. ' ' .. tostring(b) .. ' ' .. tostring(a) .. ' ' .. tostring(print))\n"
        "log.info('co ' .. tostring(coroutine.create(function() end)))\n"
        "log.info('num ' .. tostring(12) .. ' ' .. tostring(nil) .. ' ' .. tostring(true) .. ' ' .. tostring('s'))\n"
        "log.info('meta ' .. tostring(setmetatable({}, { __tostring = function() return 'mine' end })))\n"
        "local _, err = pcall(error, 'x') log.info('err ' .. tostring(err))\n"
        "log.info('pct ' .. string.format('%%p %d', 1))\n"
        "local ok, e = pcall(string.format, '%p', 'abc') log.info('p ' .. tostring(ok) .. ' ' .. tostring(e))\n"
        "local ok2 = pcall(string.format, '%-8p', 'abc') log.info('p2 ' .. tostring(ok2))"));
    REQUIRE(out.code() == "ok");
    CHECK(out.logged("table: 0x00000001 table: 0x00000002 table: 0x00000001 function: 0x00000003"));
    CHECK(out.logged("co thread: 0x00000004"));
    CHECK(out.logged("num 12 nil true s"));
    CHECK(out.logged("meta mine"));
    CHECK(out.logged("err x"));
    CHECK(out.logged("pct %p 1"));
    CHECK(out.logged("p false"));
    CHECK(out.logged("%p is not available in runbooks"));
    CHECK(out.logged("p2 false"));
    // A new run counts from 1 again: nothing carries over between runs.
    auto again = test::run_lua(test::wrap_body("log.info(tostring({}))"));
    CHECK(again.logged("table: 0x00000001"));
}

TEST_CASE("waits shorter than 0.01 s are rounded up, so a loop of them cannot spin", "[scheduler][waits]") {
    auto out = test::run_lua(test::wrap_body(
        "for i = 1, 50 do runbook.wait(1e-9) end\n"
        "log.info('after waits ' .. string.format('%.2f', runbook.elapsed()))\n"
        "local n = 0\n"
        "pcall(runbook.wait_until, function() n = n + 1 return false end, { timeout_s = 1, interval_s = 1e-9 })\n"
        "log.info('polls ' .. n)"),
        test::test_limits(), lua::RunMode::Live);
    REQUIRE(out.code() == "ok");
    CHECK(out.logged("after waits 0.50"));
    CHECK(out.logged("polls 101"));
}

TEST_CASE("capped_alloc: pooled small blocks keep their bytes across moves and the books stay exact", "[alloc]") {
    lua::Run r;
    r.alloc.limit = 4096;
    auto* a = static_cast<unsigned char*>(lua::capped_alloc(&r, nullptr, 0, 24));
    REQUIRE(a != nullptr);
    CHECK(reinterpret_cast<uintptr_t>(a) % 16 == 0);
    for (int i = 0; i < 24; i++) a[i] = static_cast<unsigned char>(i);
    // Same class (17..32 bytes): the block stays; a larger class, then a big
    // (malloc) block, then back to a small one: the bytes travel along.
    CHECK(lua::capped_alloc(&r, a, 24, 30) == a);
    auto* b = static_cast<unsigned char*>(lua::capped_alloc(&r, a, 30, 100));
    REQUIRE(b != nullptr);
    auto* c = static_cast<unsigned char*>(lua::capped_alloc(&r, b, 100, 2000));
    REQUIRE(c != nullptr);
    auto* d = static_cast<unsigned char*>(lua::capped_alloc(&r, c, 2000, 20));
    REQUIRE(d != nullptr);
    bool same = true;
    for (int i = 0; i < 20; i++) same = same && d[i] == static_cast<unsigned char>(i);
    CHECK(same);
    CHECK(r.alloc.used == 20);
    // Over the cap: refused, the books untouched, the old block still valid.
    CHECK(lua::capped_alloc(&r, d, 20, 5000) == nullptr);
    CHECK(r.alloc.exceeded);
    CHECK(r.alloc.used == 20);
    // A freed block is reused by the next allocation of its class.
    lua::capped_alloc(&r, d, 20, 0);
    CHECK(r.alloc.used == 0);
    CHECK(lua::capped_alloc(&r, nullptr, 0, 18) == d);
    lua::capped_alloc(&r, d, 18, 0);
    // Many blocks of every class across several chunks, all distinct.
    std::vector<std::pair<void*, size_t>> blocks;
    r.alloc.limit = size_t(1) << 20;
    r.alloc.exceeded = false;
    for (size_t n = 1; n <= 512; n += 7) blocks.emplace_back(lua::capped_alloc(&r, nullptr, 0, n), n);
    for (auto& [p, n] : blocks) std::memset(p, int(n & 0xff), n);
    bool intact = true;
    for (auto& [p, n] : blocks)
        for (size_t i = 0; i < n; i++) intact = intact && static_cast<unsigned char*>(p)[i] == (n & 0xff);
    CHECK(intact);
    for (auto& [p, n] : blocks) lua::capped_alloc(&r, p, n, 0);
    CHECK(r.alloc.used == 0);
}
