// engine/model/monitor.hpp: Monitor polls PD, probes every TiKV status
// address, publishes the latest ClusterSnapshot and turns check findings into
// Incidents (engine/store/incident_store.hpp), one per dedup key, opened when
// a condition appears and closed when it clears.
//
// Schedule per tick (default every 1 s): /stores + status probes (store
// down/disconnected/offline-stuck, disk, balance), /health + /leader.
// Every checks_interval: /regions/check/{down,pending,miss,extra}-peer
// (+ /operators for the grace period of region_grace.hpp: pending and extra
// peers open an incident only once they outlast PD's normal balancing),
// /hotspot/*, /config/schedule, /config/replicate. Every scan_interval: the
// full /regions scan into a RegionTable. The probe is what detects a dead
// store long before PD marks it Disconnected (20 s).
//
// Threading: start() runs ticks on a background thread and, separately, the
// status probes on their own schedule (every probe_interval_ms, all stores
// at once): a slow tick (PD under load, region checks) never delays
// detection. A store whose status server answered before and then failed
// probe_fast_failures probes in a row gets store_down opened by the probe
// thread right away; closing stays with the tick (check_stores), which uses
// the probe thread's latest results instead of probing itself.
// tick_once() without start() probes synchronously (tests, `medic status`).
// Do not mix tick_once() with start(). snapshot(), open_incidents() and
// ticks_done(), latest_probes() are safe from any thread. Callbacks run after the incident
// row is committed, on the ticking or the probe thread, never two at once.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "model/checks.hpp"
#include "model/cluster_snapshot.hpp"
#include "model/region_grace.hpp"
#include "pd/pd_client.hpp"
#include "store/database.hpp"
#include "store/incident_store.hpp"

namespace medic::model {

struct MonitorOptions {
    int tick_ms = 1000;
    int checks_interval_ms = 5000;  ///< region checks, hot spots, config
    int scan_interval_ms = 60000;   ///< full /regions scan; 0 = never
    int probe_timeout_ms = 250;
    int probe_connect_timeout_ms = 200;
    int probe_interval_ms = 250;   ///< probe thread period after start(); 0 = probe in the tick
    int probe_fast_failures = 2;   ///< failed probes in a row before the probe thread opens store_down
    bool probe_stores = true;
    std::string db_path = ":memory:";  ///< where incidents live (shared with other processes)
    CheckOptions checks;
    /// Region checks under a grace period (rounds are checks_interval apart).
    /// kinds = {} turns it off: every listed region counts at once.
    RegionGraceOptions region_grace;
};

struct IncidentEvent {
    enum class Type { Opened, Closed } type;
    store::Incident incident;
    /// Which path produced the event: a full tick, or the probe thread.
    enum class Origin { Tick, Probe } origin = Origin::Tick;
};
using IncidentCallback = std::function<void(const IncidentEvent&)>;

/// What one tick did (for tests, the CLI and logs).
struct TickReport {
    int64_t now_ms = 0;
    std::vector<std::string> groups_run;   ///< check groups that had fresh data
    std::vector<std::string> errors;       ///< one line per failed PD/DB request
    std::vector<IncidentEvent> events;     ///< incidents opened/closed by this tick
    bool scanned = false;                  ///< a full /regions scan happened
};

class Monitor {
public:
    /// `pd` must outlive the Monitor. Opens (and migrates) opts.db_path.
    Monitor(pd::PdClient& pd, MonitorOptions opts);
    ~Monitor();
    Monitor(const Monitor&) = delete;
    Monitor& operator=(const Monitor&) = delete;

    void on_incident(IncidentCallback cb);
    void start();
    void stop();
    /// Run one tick now. now_ms = 0 uses the wall clock.
    TickReport tick_once(int64_t now_ms = 0);
    /// Force the next tick to run the slow checks and the full scan.
    void request_full_refresh();

    SnapshotPtr snapshot() const;
    std::vector<store::Incident> open_incidents() const;
    const MonitorOptions& options() const { return opts_; }
    /// The probe thread's last round (empty before start() or its first round).
    std::map<uint64_t, ProbeResult> latest_probes() const;
    /// Ticks completed since construction.
    uint64_t ticks_done() const { return ticks_.load(); }

private:
    struct Fetched;
    void fetch_fast(Fetched& f, TickReport& rep);
    void fetch_slow(Fetched& f, TickReport& rep);
    void scan(Fetched& f, TickReport& rep, int64_t now_ms);
    std::map<uint64_t, ProbeResult> probe_round(const std::vector<pd::Store>& stores);
    void record_probes(std::map<uint64_t, ProbeResult>& probes);
    std::map<uint64_t, ProbeResult> tick_probes(const std::vector<pd::Store>& stores);
    void probe_once();
    void probe_loop();
    void emit(const std::vector<IncidentEvent>& events);
    void apply(const std::string& group, const std::vector<Finding>& findings, int64_t now_ms, TickReport& rep);
    void publish(const Fetched& f, int64_t now_ms);
    void loop();

    pd::PdClient& pd_;
    MonitorOptions opts_;
    std::unique_ptr<store::Database> db_;
    mutable std::mutex db_mu_;
    std::unique_ptr<store::IncidentStore> incidents_;
    std::vector<IncidentCallback> callbacks_;

    std::mutex cb_mu_;  // callbacks never run concurrently

    // probe state, shared by the ticking and the probe thread. stores_mu_ is
    // held from reading the probes to applying the stores group (tick) and
    // from recording a probe round to opening its incidents (probe thread),
    // so a tick never closes what the probe thread just opened.
    mutable std::mutex stores_mu_;
    std::vector<pd::Store> probe_stores_;            ///< the last /stores, for the probe thread
    std::map<uint64_t, ProbeResult> latest_probes_;  ///< the probe thread's last round
    std::map<uint64_t, int> probe_failures_;
    std::set<uint64_t> probe_seen_alive_;
    std::thread probe_thread_;
    std::atomic<bool> probing_{false};
    std::atomic<uint64_t> ticks_{0};

    // state carried between ticks (ticking thread only)
    std::map<uint64_t, StoreTrack> track_;
    RegionGrace grace_;
    int64_t last_slow_ms_ = 0, last_scan_ms_ = 0;
    pd::ScheduleConfig schedule_;
    pd::ReplicationConfig replication_;
    pd::HotRegions hot_write_, hot_read_{pd::HotKind::Read, {}, {}};
    pd::HotStores hot_stores_;
    std::shared_ptr<const RegionTable> regions_;
    int64_t regions_at_ms_ = 0;
    std::atomic<bool> force_refresh_{true};

    mutable std::mutex snap_mu_;
    SnapshotPtr snap_;

    std::thread thread_;
    std::mutex run_mu_;
    std::condition_variable run_cv_;
    bool running_ = false;
};

/// Unix time in milliseconds.
int64_t wall_ms();

}  // namespace medic::model
