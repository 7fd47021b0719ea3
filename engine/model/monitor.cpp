// engine/model/monitor.cpp: Monitor (see header): fetch, probe, check,
// open/close incidents, publish the snapshot.
#include "model/monitor.hpp"

#include <chrono>
#include <future>
#include <set>

namespace medic::model {

int64_t wall_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

namespace {
const char* const kRegionChecks[] = {"down-peer", "pending-peer", "miss-peer", "extra-peer"};
}

/// Everything one tick learned from PD.
struct Monitor::Fetched {
    std::optional<std::vector<pd::Store>> stores;
    std::optional<std::vector<pd::PdMember>> health;
    pd::Result<pd::PdMember> leader = pd::PdError{};
    std::optional<pd::PdError> last_error;
    int requests = 0, failures = 0;
    std::map<uint64_t, ProbeResult> probes;
    bool slow = false;
    std::map<std::string, std::vector<pd::Region>> region_checks;
    std::optional<std::set<uint64_t>> operator_regions;  ///< regions with a running PD operator
    bool hot_ok = false;
};

Monitor::Monitor(pd::PdClient& pd, MonitorOptions opts)
    : pd_(pd), opts_(std::move(opts)), grace_(opts_.region_grace) {
    db_ = store::Database::open(opts_.db_path);
    incidents_ = std::make_unique<store::IncidentStore>(*db_);
    snap_ = ClusterSnapshot::Builder().build();
}

Monitor::~Monitor() { stop(); }

void Monitor::on_incident(IncidentCallback cb) { callbacks_.push_back(std::move(cb)); }
void Monitor::request_full_refresh() { force_refresh_ = true; }

SnapshotPtr Monitor::snapshot() const {
    std::lock_guard<std::mutex> lk(snap_mu_);
    return snap_;
}

std::vector<store::Incident> Monitor::open_incidents() const {
    std::lock_guard<std::mutex> lk(db_mu_);
    return incidents_->list_open();
}

// ------------------------------------------------------------------ fetch

template <class T>
static bool note(pd::Result<T>& r, const char* what, int& requests, int& failures,
                 std::optional<pd::PdError>& last, TickReport& rep) {
    ++requests;
    if (r.ok()) return true;
    ++failures;
    last = r.error();
    rep.errors.push_back(std::string(what) + ": " + r.error().to_string());
    return false;
}

void Monitor::fetch_fast(Fetched& f, TickReport& rep) {
    auto stores = pd_.stores();
    if (note(stores, "stores", f.requests, f.failures, f.last_error, rep)) f.stores = std::move(stores.value());
    auto health = pd_.health();
    if (note(health, "health", f.requests, f.failures, f.last_error, rep)) f.health = std::move(health.value());
    f.leader = pd_.leader();
    note(f.leader, "leader", f.requests, f.failures, f.last_error, rep);
}

void Monitor::fetch_slow(Fetched& f, TickReport& rep) {
    f.slow = true;
    auto sc = pd_.schedule_config();
    if (note(sc, "config/schedule", f.requests, f.failures, f.last_error, rep)) schedule_ = sc.value();
    auto rc = pd_.replication_config();
    if (note(rc, "config/replicate", f.requests, f.failures, f.last_error, rep)) replication_ = rc.value();
    for (const char* kind : kRegionChecks) {
        auto r = pd_.regions_check(kind);
        if (note(r, "regions/check", f.requests, f.failures, f.last_error, rep)) f.region_checks[kind] = std::move(r.value());
    }
    if (!opts_.region_grace.kinds.empty() && opts_.region_grace.skip_operators) {
        auto ops = pd_.operators();  // after the checks: an operator that started meanwhile still excuses its region
        if (note(ops, "operators", f.requests, f.failures, f.last_error, rep)) {
            f.operator_regions.emplace();
            for (const auto& op : ops.value()) f.operator_regions->insert(op.region_id);
        }
    }
    auto hw = pd_.hot_regions(pd::HotKind::Write);
    auto hr = pd_.hot_regions(pd::HotKind::Read);
    auto hs = pd_.hot_stores();
    bool ok = note(hw, "hotspot/regions/write", f.requests, f.failures, f.last_error, rep);
    ok &= note(hr, "hotspot/regions/read", f.requests, f.failures, f.last_error, rep);
    ok &= note(hs, "hotspot/stores", f.requests, f.failures, f.last_error, rep);
    if (ok) {
        hot_write_ = std::move(hw.value());
        hot_read_ = std::move(hr.value());
        hot_stores_ = std::move(hs.value());
        f.hot_ok = true;
    }
}

void Monitor::scan(Fetched& f, TickReport& rep, int64_t now_ms) {
    RegionTable::Builder b;
    auto n = pd_.scan_regions([&](const pd::Region& r) { b.add(r); }, [&] { b = RegionTable::Builder(); },
                              [&](uint64_t count) { b.reserve_for_count(count); });
    ++f.requests;
    if (!n) {
        ++f.failures;
        f.last_error = n.error();
        rep.errors.push_back("regions: " + n.error().to_string());
        return;
    }
    auto t = b.build(replication_.max_replicas);
    if (!t) {
        rep.errors.push_back("regions: " + b.error());
        return;
    }
    regions_ = std::move(t);
    regions_at_ms_ = now_ms;
    rep.scanned = true;
}

// ------------------------------------------------------------------ incidents

void Monitor::apply(const std::string& group, const std::vector<Finding>& findings, int64_t now_ms, TickReport& rep) {
    rep.groups_run.push_back(group);
    std::set<std::string> seen;
    std::vector<IncidentEvent> events;
    try {
        std::lock_guard<std::mutex> lk(db_mu_);
        for (const auto& f : findings) {
            seen.insert(f.dedup_key);
            auto up = incidents_->open_or_update(f, now_ms);
            if (up.opened) events.push_back({IncidentEvent::Type::Opened, up.incident, IncidentEvent::Origin::Tick});
        }
        for (const auto& inc : incidents_->list_open()) {
            std::string g = group_of_kind(inc.kind);
            // region_* incidents are per check kind: only the kinds fetched this tick close.
            if (g == kGroupRegions) g = group_of_kind(inc.kind) + std::string(":") + inc.kind;
            if (g != group || seen.count(inc.dedup_key)) continue;
            if (auto c = incidents_->close(inc.dedup_key, "condition cleared", now_ms))
                events.push_back({IncidentEvent::Type::Closed, *c, IncidentEvent::Origin::Tick});
        }
    } catch (const store::DbError& e) {
        rep.errors.push_back(std::string("incidents: ") + e.what());
    }
    rep.events.insert(rep.events.end(), events.begin(), events.end());
}

void Monitor::emit(const std::vector<IncidentEvent>& events) {
    std::lock_guard<std::mutex> lk(cb_mu_);
    for (const auto& ev : events)
        for (const auto& cb : callbacks_) cb(ev);
}

void Monitor::publish(const Fetched& f, int64_t now_ms) {
    ClusterSnapshot::Builder b;
    b.taken_at_ms(now_ms).schedule(schedule_).replication(replication_);
    if (f.stores) b.stores(*f.stores);
    else if (auto old = snapshot()) b.stores(old->stores());
    if (regions_) b.regions(regions_, regions_at_ms_);
    b.hot(hot_write_).hot(hot_read_).hot_stores(hot_stores_);
    PdHealth h;
    if (f.leader.ok()) h.leader_name = f.leader->name;
    h.endpoint = pd_.preferred_endpoint();
    if (f.health) h.members = *f.health;
    b.pd_health(std::move(h));
    auto snap = b.build();
    std::lock_guard<std::mutex> lk(snap_mu_);
    snap_ = std::move(snap);
}

TickReport Monitor::tick_once(int64_t now_ms) {
    TickReport rep;
    rep.now_ms = now_ms ? now_ms : wall_ms();
    Fetched f;
    bool refresh = force_refresh_.exchange(false);
    fetch_fast(f, rep);
    bool slow_due = refresh || rep.now_ms - last_slow_ms_ >= opts_.checks_interval_ms;
    if (slow_due && f.failures < f.requests) {
        fetch_slow(f, rep);
        last_slow_ms_ = rep.now_ms;
    }
    bool scan_due = opts_.scan_interval_ms > 0 && (refresh || rep.now_ms - last_scan_ms_ >= opts_.scan_interval_ms);
    if (scan_due && f.failures < f.requests) {
        scan(f, rep, rep.now_ms);
        last_scan_ms_ = rep.now_ms;
    }
    // pd_unreachable: every request of this tick failed without an HTTP answer.
    std::optional<pd::PdError> unreachable;
    if (f.requests > 0 && f.failures == f.requests && f.last_error && f.last_error->kind != pd::ErrorKind::HttpStatus &&
        f.last_error->kind != pd::ErrorKind::Malformed)
        unreachable = f.last_error;
    apply(kGroupReach, check_reach(unreachable, pd_.endpoints()), rep.now_ms, rep);
    if (f.stores) {
        // Under stores_mu_: the probe thread cannot open store_down between
        // our reading its probes and closing what these findings lack.
        std::lock_guard<std::mutex> lk(stores_mu_);
        if (opts_.probe_stores) f.probes = tick_probes(*f.stores);
        apply(kGroupStores, check_stores(*f.stores, f.probes, schedule_, replication_, opts_.checks, track_, rep.now_ms), rep.now_ms, rep);
    }
    if (f.health && !unreachable) apply(kGroupPd, check_pd(f.health, f.leader), rep.now_ms, rep);
    for (const auto& [kind, regions] : f.region_checks) {
        std::string k = "region_" + kind;
        std::replace(k.begin(), k.end(), '-', '_');
        std::vector<Finding> fs;
        if (grace_.applies(kind)) {
            // Without /operators this round the grace cannot tell balancing
            // from a stuck region: the kind does not run (nothing opens or closes).
            if (opts_.region_grace.skip_operators && !f.operator_regions) continue;
            static const std::set<uint64_t> kNone;
            auto g = grace_.observe(kind, regions, f.operator_regions ? *f.operator_regions : kNone, rep.now_ms);
            RegionGraceEvidence ev{opts_.region_grace.checks, opts_.region_grace.ms, std::move(g.held_ms), g.in_grace,
                                   g.with_operator};
            fs = check_region_kind(kind, g.counted, &ev);
        } else {
            fs = check_region_kind(kind, regions);
        }
        apply(std::string(kGroupRegions) + ":" + k, fs, rep.now_ms, rep);
    }
    if (f.hot_ok) apply(kGroupHot, check_hot(hot_write_, hot_read_, hot_stores_, opts_.checks), rep.now_ms, rep);
    publish(f, rep.now_ms);
    ++ticks_;
    emit(rep.events);  // after publish: a callback sees the snapshot that caused it
    return rep;
}

// ------------------------------------------------------------------ thread

void Monitor::start() {
    std::lock_guard<std::mutex> lk(run_mu_);
    if (running_) return;
    running_ = true;
    probing_ = opts_.probe_stores && opts_.probe_interval_ms > 0;
    thread_ = std::thread([this] { loop(); });
    if (probing_) probe_thread_ = std::thread([this] { probe_loop(); });
}

void Monitor::stop() {
    {
        std::lock_guard<std::mutex> lk(run_mu_);
        if (!running_) return;
        running_ = false;
    }
    run_cv_.notify_all();
    if (thread_.joinable()) thread_.join();
    if (probe_thread_.joinable()) probe_thread_.join();
    probing_ = false;
}

void Monitor::loop() {
    while (true) {
        auto next = std::chrono::steady_clock::now() + std::chrono::milliseconds(opts_.tick_ms);
        tick_once();
        std::unique_lock<std::mutex> lk(run_mu_);
        if (run_cv_.wait_until(lk, next, [this] { return !running_; })) return;
    }
}

}  // namespace medic::model
