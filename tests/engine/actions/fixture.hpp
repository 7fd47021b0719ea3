// tests/engine/actions/fixture.hpp: a pdsim in step mode, a temp database
// and an ActionService wired to both, plus helpers: run an action while the
// simulated clock advances (PD operators only progress when it does), read
// pd_writes from /chaos/stats, pick regions and stores from live state.
#pragma once

#include "../safety/test_db.hpp"
#include "actions/service.hpp"
#include "pd/pd_client.hpp"
#include "support/pdsim_process.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>

namespace medic::test {

/// pdsim's arguments plus --tcp-nodelay: without it every request on a
/// reused connection waits ~40 ms for a delayed ACK (cluster/sim/server.cpp).
inline std::vector<std::string> fast_pdsim(std::vector<std::string> args) {
    args.push_back("--tcp-nodelay");
    return args;
}

inline safety::Policy open_policy() {
    safety::Policy p;
    p.autonomy = 3;
    p.global_rate_per_s = p.kind_rate_per_s = 1e6;
    p.global_burst = p.kind_burst = 1e6;
    p.max_leader_share_per_action = p.max_region_share_per_action = 1.0;
    p.max_leader_share_per_run = p.max_region_share_per_run = 1.0;
    p.cooldown_ms = 0;
    return p;
}

/// open_policy() except that every action needs a person (autonomy 1).
inline safety::Policy approval_policy() {
    auto p = open_policy();
    p.autonomy = 1;
    return p;
}

/// A live request from a runbook that returns at once when the gate parks
/// it for a person (the caller resumes it).
inline actions::ActionRequest runbook_request(const std::string& kind, actions::ParamMap p,
                                              std::string actor = "runbook:drain.lua:7") {
    actions::ActionRequest r;
    r.kind = kind;
    r.params = std::move(p);
    r.mode = actions::Mode::Execute;
    r.actor = std::move(actor);
    r.wait_for_approval = false;
    return r;
}

struct WriteFixture {
    PdsimProcess sim;
    TempDb tmp;
    std::shared_ptr<pd::PdClient> pd;
    std::unique_ptr<actions::ActionService> svc;

    explicit WriteFixture(std::vector<std::string> args = {"--scenario", "balanced", "--step", "--seed", "7"},
                          safety::Policy policy = open_policy())
        : sim(fast_pdsim(std::move(args))) {
        auto c = pd::PdClient::create({{sim.url()}});
        REQUIRE(c.ok());
        pd = std::shared_ptr<pd::PdClient>(std::move(c.value()));
        // PD's own balancers would move leaders and peers while a test looks
        // at the result of its action: pause them (as an SRE would in a drill).
        for (const char* s : {"balance-leader-scheduler", "balance-region-scheduler", "balance-hot-region-scheduler"})
            sim.post(std::string("/pd/api/v1/schedulers/") + s, "{\"delay\":86400}");
        svc = make_service(policy);
    }

    std::unique_ptr<actions::ActionService> make_service(safety::Policy policy) {
        actions::ServiceOptions o;
        o.db_path = tmp.path;
        o.pd = pd;
        o.policy = policy;
        o.verify_poll_ms = 5;
        o.approval_poll_ms = 10;
        o.db_poll_ms = 10;
        return std::make_unique<actions::ActionService>(o);
    }

    int64_t pd_writes() const {
        auto r = sim.get("/chaos/stats");
        REQUIRE(r.status == 200);
        auto p = r.body.find("\"pd_writes\":");
        REQUIRE(p != std::string::npos);
        return std::stoll(r.body.substr(p + 12));
    }

    /// Run `fn` on another thread while advancing the simulated clock.
    template <class Fn>
    auto with_clock(Fn fn) {
        auto fut = std::async(std::launch::async, fn);
        while (fut.wait_for(std::chrono::milliseconds(5)) != std::future_status::ready) sim.advance(2.0);
        return fut.get();
    }

    actions::ActionOutcome act(const std::string& kind, actions::ParamMap params,
                               actions::Mode mode = actions::Mode::Execute, const std::string& actor = "user:tester") {
        actions::ActionRequest r;
        r.kind = kind;
        r.params = std::move(params);
        r.mode = mode;
        r.actor = actor;
        return with_clock([&] { return svc->submit(r); });
    }

    pd::Region region(uint64_t id) {
        auto r = pd->region(id);
        REQUIRE(r.ok());
        REQUIRE(r.value().has_value());
        return *r.value();
    }

    /// Some region with 3 voters and a leader, and a store without a peer of it.
    /// A region with a bounded key range on both sides (pdsim splits those by middle key).
    pd::Region inner_region() {
        auto regs = sim.get("/pd/api/v1/regions/key?limit=64");
        REQUIRE(regs.status == 200);
        for (size_t pos = 0; (pos = regs.body.find("{\"id\":", pos)) != std::string::npos; ++pos) {
            auto r = region(std::stoull(regs.body.substr(pos + 6)));
            if (!r.start_key.empty() && !r.end_key.empty() && r.peers.size() == 3 && r.has_leader()) return r;
        }
        FAIL("no inner region");
        return {};
    }

    std::pair<pd::Region, uint64_t> region_and_free_store(size_t skip = 0) {
        auto stores = pd->stores();
        REQUIRE(stores.ok());
        auto regs = sim.get("/pd/api/v1/regions/key?limit=64");
        REQUIRE(regs.status == 200);
        size_t seen = 0;
        for (size_t pos = 0; (pos = regs.body.find("{\"id\":", pos)) != std::string::npos; ++pos) {
            uint64_t id = std::stoull(regs.body.substr(pos + 6));
            auto r = region(id);
            if (r.peers.size() != 3 || !r.has_leader()) continue;
            for (const auto& s : stores.value()) {
                bool has = false;
                for (const auto& p : r.peers) has |= p.store_id == s.id;
                if (!has && seen++ == skip) return {r, s.id};
            }
        }
        FAIL("no region with a free store");
        return {};
    }
};

inline uint64_t follower_store(const pd::Region& r) {
    for (const auto& p : r.peers)
        if (p.store_id != r.leader.store_id) return p.store_id;
    return 0;
}

}  // namespace medic::test
