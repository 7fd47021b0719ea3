// cli/drill_catalog.cpp: the drills (drill_catalog.hpp).
#include "drill_catalog.hpp"

namespace medic::cli {

const std::vector<Drill>& drill_catalog() {
    static const std::vector<Drill> drills = [] {
        std::vector<Drill> d;
        {
            Drill x;
            x.name = "store-failure";
            x.summary = "a TiKV store dies (process killed): detect, move its leaders away, replace the node";
            x.inject = {{"store/4/kill", "{}", "store 4 is killed (no heartbeats, status server down)"}};
            x.expect_incidents = {"store_"};
            x.expect_steps = {"evict_leader", "run_runbook:store_down", "run_runbook:evacuate_leaders", "transfer_leader",
                              "run_runbook:drain_store"};
            x.repair = {{"store/4/restart", "{}", "operator: the node is replaced and store 4 restarts"}};
            x.followup_runbook = "restore_leaders";  // the evict-leader scheduler goes, leaders return
            x.followup_args = {{"store", "4"}};
            x.watch = "watch store 4 turn Down in the Cluster panel; the proposal appears in the Proposal panel";
            d.push_back(x);
        }
        {
            Drill x;
            x.name = "hot-spot";
            x.summary = "one key range takes a burst of writes: detect the hot region, spread its leaders";
            x.inject = {{"hot", R"({"start_key":"","end_key":"","kind":"write","bytes_per_s":400000000})",
                         "a write hot spot hits one key range", 0}};
            x.expect_incidents = {"hot_"};
            x.expect_steps = {"transfer_leader", "run_runbook:hot_region", "run_runbook:leader_rebalance", "split_region"};
            x.repair = {{"", "", "the workload burst ends (hot spot removed)"}};
            x.watch = "watch the region heat view in the Cluster panel light up";
            d.push_back(x);
        }
        {
            Drill x;
            x.name = "disk-filling";
            x.summary = "a store's disk fills to 95%: detect, move regions off it, grow the disk";
            x.inject = {{"store/2/disk-fill", R"({"used_ratio":0.95})", "store 2's disk fills to 95%"}};
            x.expect_incidents = {"disk_full"};
            x.expect_steps = {"run_runbook:disk_full", "run_runbook:drain_store", "evict_leader"};
            x.repair = {{"store/2/disk-fill", R"({"used_ratio":0.5})", "operator: the volume of store 2 is grown"}};
            x.watch = "watch store 2's capacity bar in the Cluster panel";
            d.push_back(x);
        }
        {
            Drill x;
            x.name = "leader-imbalance";
            x.summary = "a store restarts after its leaders moved away: detect the imbalance, rebalance leaders";
            x.inject = {{"store/3/kill", "{}", "store 3 is killed; PD moves its leaders away", 120},
                        {"store/3/restart", "{}", "store 3 restarts with no leaders"}};
            x.expect_incidents = {"leader_imbalance"};
            x.expect_steps = {"run_runbook:leader_rebalance", "run_runbook:restore_leaders", "transfer_leader"};
            x.watch = "watch the leader counts per store in the Cluster panel";
            // While store 3 was dead a person may have approved evicting its
            // leaders (the store_down proposal); once it is back the operator
            // lifts that, or PD keeps moving leaders off it. A no-op otherwise.
            x.followup_runbook = "restore_leaders";
            x.followup_args = {{"store", "3"}};
            d.push_back(x);
        }
        {
            Drill x;
            x.name = "two-faults";
            x.summary = "a store dies while another's disk fills: both incidents, both remediated";
            x.inject = {{"store/5/kill", "{}", "store 5 is killed"},
                        {"store/1/disk-fill", R"({"used_ratio":0.95})", "store 1's disk fills to 95%"}};
            x.expect_incidents = {"store_", "disk_full"};
            x.expect_steps = {"evict_leader", "run_runbook:store_down", "run_runbook:evacuate_leaders", "transfer_leader",
                              "run_runbook:drain_store", "run_runbook:disk_full"};
            x.repair = {{"store/5/restart", "{}", "operator: store 5's node is replaced"},
                        {"store/1/disk-fill", R"({"used_ratio":0.5})", "operator: the volume of store 1 is grown"}};
            x.followup_runbook = "restore_leaders";
            x.followup_args = {{"store", "5"}};
            x.watch = "two incidents open at once in the Incidents panel";
            d.push_back(x);
        }
        return d;
    }();
    return drills;
}

const Drill* find_drill(const std::string& name) {
    for (const auto& d : drill_catalog())
        if (d.name == name) return &d;
    return nullptr;
}

}  // namespace medic::cli
