// bench/ingest/detect_bench.cpp: store-death detection latency. pdsim runs in
// real time; the Monitor runs with default settings (1 s tick; status-address
// probes on their own thread every 250 ms, fresh connection each). Each
// trial kills a store through the chaos API and measures the
// time until the Monitor reports store_down:<id> opened, then restarts the
// store and waits for the incident to close. Prints every trial and the median.
// usage: detect_bench [trials=20]
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <random>
#include <thread>

#include "model/monitor.hpp"
#include "support/pdsim_process.hpp"

using namespace medic;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
    int trials = argc > 1 ? std::atoi(argv[1]) : 20;
    test::PdsimProcess sim({"--scenario", "balanced", "--seed", "9"});
    pd::PdClientOptions po;
    po.endpoints = {sim.url()};
    auto client = std::move(pd::PdClient::create(po).value());
    model::MonitorOptions mo;  // defaults
    model::Monitor mon(*client, mo);
    std::mutex mu;
    std::condition_variable cv;
    std::string last_open, last_close;
    Clock::time_point opened_at;
    mon.on_incident([&](const model::IncidentEvent& e) {
        std::lock_guard<std::mutex> lk(mu);
        if (e.incident.kind != "store_down") return;
        if (e.type == model::IncidentEvent::Type::Opened) last_open = e.incident.dedup_key, opened_at = Clock::now();
        else last_close = e.incident.dedup_key;
        cv.notify_all();
    });
    mon.start();
    std::this_thread::sleep_for(std::chrono::seconds(3));  // probes see every status server alive first
    std::mt19937 rng(42);
    std::vector<double> lat;
    for (int t = 0; t < trials; ++t) {
        uint64_t store = 1 + rng() % 5;
        std::string key = "store_down:" + std::to_string(store);
        std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 1000));  // random phase vs the tick
        auto killed = Clock::now();
        sim.post_chaos("/chaos/store/" + std::to_string(store) + "/kill", "{}");
        std::unique_lock<std::mutex> lk(mu);
        bool ok = cv.wait_for(lk, std::chrono::seconds(60), [&] { return last_open == key; });
        double s = ok ? std::chrono::duration<double>(opened_at - killed).count() : -1;
        lk.unlock();
        std::printf("trial %2d store %llu detected in %.3f s\n", t + 1, (unsigned long long)store, s);
        if (ok) lat.push_back(s);
        sim.post_chaos("/chaos/store/" + std::to_string(store) + "/restart", "{}");
        lk.lock();
        cv.wait_for(lk, std::chrono::seconds(60), [&] { return last_close == key; });
        last_open.clear();
        last_close.clear();
    }
    mon.stop();
    std::sort(lat.begin(), lat.end());
    if (lat.empty()) return 1;
    std::printf("detected %zu/%d  median %.3f s  min %.3f s  max %.3f s  (tick %d ms, probe every %d ms, timeout %d ms)\n",
                lat.size(), trials, lat[lat.size() / 2], lat.front(), lat.back(), mo.tick_ms, mo.probe_interval_ms,
                mo.probe_timeout_ms);
    return 0;
}
