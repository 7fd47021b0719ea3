// tests/gui/cluster_view_test.cpp: ClusterView's store rows from an engine
// snapshot: the heartbeat age PD's timestamps give, also under clock skew.
#include <catch2/catch.hpp>

#include <chrono>

#include "gui/bridge/cluster_view.hpp"
#include "model/cluster_snapshot.hpp"

namespace medic::gui {

TEST_CASE("gui/cluster view: heartbeat age, never, and a heartbeat ahead of our clock", "[gui]") {
    auto now_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                      std::chrono::system_clock::now().time_since_epoch()).count();
    pd::Store old_beat, future_beat, no_beat;
    old_beat.id = 1;
    old_beat.last_heartbeat_ns = now_ns - int64_t(30) * 1000000000;
    future_beat.id = 2;
    future_beat.last_heartbeat_ns = now_ns + int64_t(5) * 1000000000;  // PD's clock runs 5 s ahead
    no_beat.id = 3;
    auto snap = model::ClusterSnapshot::Builder().stores({old_beat, future_beat, no_beat}).build();
    bridge::ClusterView view;
    auto part = view.update(*snap, 1.0);
    REQUIRE(part.stores.size() == 3);
    CHECK(part.stores[0].heartbeat_age_s >= 29.0);
    CHECK(part.stores[1].heartbeat_age_s == 0.0);
    CHECK(part.stores[2].heartbeat_age_s < 0);  // never heartbeated: shown as "never"
}

}  // namespace medic::gui
