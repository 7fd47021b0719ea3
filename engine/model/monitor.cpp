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
    bool hot_ok = false;
};

Monitor::Monitor(pd::PdClient& pd, MonitorOptions opts) : pd_(pd), opts_(std::move(opts)) {
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
    if (f.stores && opts_.probe_stores) f.probes = probe_all(*f.stores);
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
    auto n = pd_.scan_regions([&](const pd::Region& r) { b.add(r); }, [&] { b = RegionTable::Builder(); });
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

std::map<uint64_t, ProbeResult> Monitor::probe_all(const std::vector<pd::Store>& stores) {
    // One thread per store, all at once: a tick costs one probe timeout at worst.
    std::vector<std::pair<uint64_t, std::future<ProbeResult>>> pending;
    for (const auto& s : stores) {
        if (s.status_address.empty() || s.state_name == pd::StoreStateName::Tombstone) continue;
        std::string url = "http://" + s.status_address + "/status";
        uint64_t id = s.id;
        pending.emplace_back(id, std::async(std::launch::async, [this, url, id] {
                                 ProbeResult p;
                                 p.store_id = id;
                                 p.url = url;
                                 auto r = pd_.probe(url, opts_.probe_timeout_ms, opts_.probe_connect_timeout_ms);
                                 if (!r) {
                                     p.error = r.error().kind;
                                     p.detail = r.error().detail;
                                 } else {
                                     p.http_status = r->status;
                                     p.alive = r->status >= 200 && r->status < 300;
                                     if (!p.alive) p.detail = "status server answered " + std::to_string(r->status);
                                 }
                                 return p;
                             }));
    }
    std::map<uint64_t, ProbeResult> out;
    for (auto& [id, fut] : pending) {
        ProbeResult p = fut.get();
        int& fails = probe_failures_[id];
        fails = p.alive ? 0 : fails + 1;
        p.consecutive_failures = fails;
        if (p.alive) probe_seen_alive_.insert(id);
        p.ever_alive = probe_seen_alive_.count(id) > 0;
        out[id] = std::move(p);
    }
    return out;
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
            if (up.opened) events.push_back({IncidentEvent::Type::Opened, up.incident});
        }
        for (const auto& inc : incidents_->list_open()) {
            std::string g = group_of_kind(inc.kind);
            // region_* incidents are per check kind: only the kinds fetched this tick close.
            if (g == kGroupRegions) g = group_of_kind(inc.kind) + std::string(":") + inc.kind;
            if (g != group || seen.count(inc.dedup_key)) continue;
            if (auto c = incidents_->close(inc.dedup_key, "condition cleared", now_ms))
                events.push_back({IncidentEvent::Type::Closed, *c});
        }
    } catch (const store::DbError& e) {
        rep.errors.push_back(std::string("incidents: ") + e.what());
    }
    for (const auto& ev : events) {
        rep.events.push_back(ev);
        for (const auto& cb : callbacks_) cb(ev);
    }
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
    if (f.stores)
        apply(kGroupStores, check_stores(*f.stores, f.probes, schedule_, replication_, opts_.checks, track_, rep.now_ms), rep.now_ms, rep);
    if (f.health && !unreachable) apply(kGroupPd, check_pd(f.health, f.leader), rep.now_ms, rep);
    for (const auto& [kind, regions] : f.region_checks) {
        auto fs = check_region_kind(kind, regions);
        std::string k = "region_" + kind;
        std::replace(k.begin(), k.end(), '-', '_');
        apply(std::string(kGroupRegions) + ":" + k, fs, rep.now_ms, rep);
    }
    if (f.hot_ok) apply(kGroupHot, check_hot(hot_write_, hot_read_, hot_stores_, opts_.checks), rep.now_ms, rep);
    publish(f, rep.now_ms);
    return rep;
}

// ------------------------------------------------------------------ thread

void Monitor::start() {
    std::lock_guard<std::mutex> lk(run_mu_);
    if (running_) return;
    running_ = true;
    thread_ = std::thread([this] { loop(); });
}

void Monitor::stop() {
    {
        std::lock_guard<std::mutex> lk(run_mu_);
        if (!running_) return;
        running_ = false;
    }
    run_cv_.notify_all();
    if (thread_.joinable()) thread_.join();
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
