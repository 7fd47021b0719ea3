// engine/model/monitor_probe.cpp: the Monitor's status-address probes (see
// monitor.hpp): one concurrent round over every store, the per-store failure
// memory, and the probe thread that opens store_down between ticks.
#include <curl/curl.h>

#include <chrono>
#include <future>

#include "model/monitor.hpp"

namespace medic::model {

namespace {

size_t discard(char*, size_t size, size_t n, void*) { return size * n; }

// GET url on a fresh connection. Not PdClient's pooled handles: a kept-alive
// connection can go on being served by a status server whose listener is
// already gone (pdsim's kill, a TiKV shutting down), which hid the death for
// seconds; a new connect tests what matters, that something still listens.
ProbeResult probe_status(uint64_t id, std::string url, int timeout_ms, int connect_timeout_ms) {
    ProbeResult p;
    p.store_id = id;
    p.url = std::move(url);
    CURL* h = curl_easy_init();
    if (!h) {
        p.detail = "curl_easy_init failed";
        return p;
    }
    char errbuf[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(h, CURLOPT_URL, p.url.c_str());
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, long(timeout_ms));
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, long(connect_timeout_ms));
    curl_easy_setopt(h, CURLOPT_FRESH_CONNECT, 1L);
    curl_easy_setopt(h, CURLOPT_FORBID_REUSE, 1L);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_USERAGENT, "medic/0.1");
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
    CURLcode rc = curl_easy_perform(h);
    if (rc == CURLE_OK) {
        long status = 0;
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
        p.http_status = int(status);
        p.alive = status >= 200 && status < 300;
        if (!p.alive) p.detail = "status server answered " + std::to_string(status);
    } else {
        p.error = rc == CURLE_OPERATION_TIMEDOUT ? pd::ErrorKind::Timeout
                  : rc == CURLE_COULDNT_CONNECT  ? pd::ErrorKind::Refused
                                                 : pd::ErrorKind::Transport;
        p.detail = errbuf[0] ? errbuf : curl_easy_strerror(rc);
        while (!p.detail.empty() && p.detail.back() == '\n') p.detail.pop_back();
    }
    curl_easy_cleanup(h);
    return p;
}

}  // namespace

std::map<uint64_t, ProbeResult> Monitor::probe_round(const std::vector<pd::Store>& stores) {
    // One thread per store, all at once: a round costs one probe timeout at worst.
    std::vector<std::pair<uint64_t, std::future<ProbeResult>>> pending;
    for (const auto& s : stores) {
        if (s.status_address.empty() || s.state_name == pd::StoreStateName::Tombstone) continue;
        std::string url = "http://" + s.status_address + "/status";
        uint64_t id = s.id;
        pending.emplace_back(id, std::async(std::launch::async, probe_status, id, std::move(url),
                                            opts_.probe_timeout_ms, opts_.probe_connect_timeout_ms));
    }
    std::map<uint64_t, ProbeResult> out;
    for (auto& [id, fut] : pending) out[id] = fut.get();
    return out;
}

std::map<uint64_t, ProbeResult> Monitor::latest_probes() const {
    std::lock_guard<std::mutex> lk(stores_mu_);
    return latest_probes_;
}

// Caller holds stores_mu_.
void Monitor::record_probes(std::map<uint64_t, ProbeResult>& probes) {
    for (auto& [id, p] : probes) {
        int& fails = probe_failures_[id];
        fails = p.alive ? 0 : fails + 1;
        p.consecutive_failures = fails;
        if (p.alive) probe_seen_alive_.insert(id);
        p.ever_alive = probe_seen_alive_.count(id) > 0;
    }
}

// Caller holds stores_mu_. With the probe thread running, hand it the store
// list and use its latest round; otherwise probe now.
std::map<uint64_t, ProbeResult> Monitor::tick_probes(const std::vector<pd::Store>& stores) {
    if (!probing_) {
        auto probes = probe_round(stores);
        record_probes(probes);
        return probes;
    }
    probe_stores_ = stores;
    std::map<uint64_t, ProbeResult> out;
    for (const auto& s : stores) {
        auto it = latest_probes_.find(s.id);
        if (it != latest_probes_.end()) out.emplace(s.id, it->second);
    }
    return out;
}

void Monitor::probe_once() {
    std::vector<pd::Store> stores;
    {
        std::lock_guard<std::mutex> lk(stores_mu_);
        stores = probe_stores_;
    }
    if (stores.empty()) return;  // no /stores answer yet
    auto probes = probe_round(stores);  // HTTP outside the lock
    std::vector<IncidentEvent> events;
    {
        std::lock_guard<std::mutex> lk(stores_mu_);
        record_probes(probes);
        latest_probes_ = probes;
        int64_t now = wall_ms();
        auto findings = check_probe_dead(stores, probes, opts_.checks, opts_.probe_fast_failures, now);
        try {
            std::lock_guard<std::mutex> dl(db_mu_);
            for (const auto& f : findings) {  // open only: clearing is the tick's call
                auto up = incidents_->open_or_update(f, now);
                if (up.opened) events.push_back({IncidentEvent::Type::Opened, up.incident, IncidentEvent::Origin::Probe});
            }
        } catch (const store::DbError&) {
            // The tick reports DB errors and retries the same finding.
        }
    }
    emit(events);
}

void Monitor::probe_loop() {
    while (true) {
        auto next = std::chrono::steady_clock::now() + std::chrono::milliseconds(opts_.probe_interval_ms);
        probe_once();
        std::unique_lock<std::mutex> lk(run_mu_);
        if (run_cv_.wait_until(lk, next, [this] { return !running_; })) return;
    }
}

}  // namespace medic::model
