// engine/actions/facts.cpp: targeted reads of live state (facts.hpp).
#include "actions/facts.hpp"

#include "actions/facts_cache.hpp"
#include "actions/read_coalescer.hpp"

#include <simdjson.h>

#include <algorithm>
#include <future>

namespace medic::actions {
namespace od = simdjson::ondemand;

const pd::Store* Facts::store(uint64_t id) const {
    for (const auto& s : stores)
        if (s.id == id) return &s;
    return nullptr;
}

const pd::Region* Facts::region(uint64_t id) const {
    auto it = regions.find(id);
    return it == regions.end() || !it->second ? nullptr : &*it->second;
}

bool Facts::operator_running(uint64_t region_id) const {
    auto it = operators.find(region_id);
    return it != operators.end() && (it->second == "RUNNING" || it->second == "CREATED" || it->second == "5");
}

uint64_t Facts::total_leaders() const {
    uint64_t n = 0;
    for (const auto& s : stores) n += s.leader_count;
    return n;
}

uint64_t Facts::total_regions() const {
    uint64_t n = 0;
    for (const auto& s : stores) n += s.region_count;
    return n;
}

int Facts::up_stores() const {
    int n = 0;
    for (const auto& s : stores) n += s.state_name == pd::StoreStateName::Up && !s.is_tiflash();
    return n;
}

int Facts::offline_stores() const {
    int n = 0;
    for (const auto& s : stores) n += s.state == pd::StoreState::Offline;
    return n;
}

namespace {

// Where this fetch's reads come from, and the age of the oldest one used.
struct Reads {
    const FactsSource& src;
    int64_t oldest_ms = 0;
};

template <class T>
bool keep_ok(const T& r) { return r.ok(); }

// One read: from the cache when allowed (dry-runs), else through the
// coalescer (concurrent callers asking for the same key share a request
// sent after they asked), else directly.
template <class T, class Fetch>
T shared_read(Reads& rd, const std::string& key, Fetch fetch, bool (*keep)(const T&) = keep_ok<T>) {
    const FactsSource& s = rd.src;
    if (s.cache && s.max_age_ms > 0) {
        int64_t age = 0;
        T v = s.cache->get<T>(key, s.max_age_ms, s.co, std::function<T()>(std::move(fetch)), keep, age);
        rd.oldest_ms = std::max(rd.oldest_ms, age);
        return v;
    }
    if (!s.co) return fetch();
    return s.co->get<T>(key, std::function<T()>(std::move(fetch)), s.sent_after);
}

struct Lookup {
    bool absent = false;  ///< PD said there is no such thing
    std::string body;     ///< the 2xx body otherwise
    std::string error;    ///< "" = ok
};

using AbsentFn = bool (*)(int status, const std::string& text);

// A GET whose normal answer may be "not found" as an error status (PD
// answers a missing operator with 500, a missing scheduler config with
// 404/500). PdClient::get() treats a 500 as transient and retries it with
// back-off (~300 ms per lookup: what made every dry-run take 0.2-0.4 s), so
// ask once with probe() and only fall back to the retrying, failing-over
// get() when that single try did not give a definite answer.
Lookup get_maybe_absent_once(pd::PdClient& pd, const std::string& path, AbsentFn absent) {
    const auto& o = pd.options();
    auto r = pd.probe(pd::api_url(pd.preferred_endpoint(), path), o.timeout_ms, o.connect_timeout_ms);
    if (r.ok()) {
        if (r->status >= 200 && r->status < 300) return {false, std::move(r->body), ""};
        if (absent(r->status, r->body)) return {true, "", ""};
    }
    auto g = pd.get(path);
    if (g.ok()) return {false, std::move(g->body), ""};
    const auto& e = g.error();
    if (e.kind == pd::ErrorKind::HttpStatus && absent(e.http_status, e.pd_message)) return {true, "", ""};
    return {false, "", e.to_string()};
}

bool keep_lookup(const Lookup& l) { return l.error.empty(); }

Lookup get_maybe_absent(pd::PdClient& pd, Reads& rd, const std::string& path, AbsentFn absent) {
    return shared_read<Lookup>(rd, path, [&] { return get_maybe_absent_once(pd, path, absent); }, keep_lookup);
}

pd::Result<pd::HttpResponse> get(pd::PdClient& pd, Reads& rd, const std::string& path) {
    return shared_read<pd::Result<pd::HttpResponse>>(rd, path, [&] { return pd.get(path); });
}

bool operator_absent(int status, const std::string& text) {
    return status >= 400 && text.find("not found") != std::string::npos;
}

bool scheduler_absent(int status, const std::string&) { return status >= 400 && status != 429 && status != 503; }

// GET /scheduler-config/{name}/list: {"store-id-ranges": {"1": [...], ...}}.
// 404/406/500 mean "no such scheduler": an empty set.
bool leader_scheduler_stores(pd::PdClient& pd, Reads& co, const char* name, std::set<uint64_t>& out,
                             std::string& error) {
    auto r = get_maybe_absent(pd, co, std::string("/scheduler-config/") + name + "/list", scheduler_absent);
    if (!r.error.empty()) {
        error = r.error;
        return false;
    }
    if (r.absent) return true;
    od::parser parser;
    simdjson::padded_string body(r.body);
    od::document doc;
    od::object ranges;
    if (parser.iterate(body).get(doc) || doc["store-id-ranges"].get_object().get(ranges)) return true;
    for (auto field : ranges) {
        std::string_view key;
        if (field.unescaped_key().get(key)) break;
        out.insert(std::strtoull(std::string(key).c_str(), nullptr, 10));
    }
    return true;
}

// GET /stores/limit: {"1": {"add-peer": 15, "remove-peer": 15}, ...}.
bool store_limits(pd::PdClient& pd, Reads& co, std::map<uint64_t, StoreLimit>& out, std::string& error) {
    auto r = get(pd, co, "/stores/limit");
    if (!r.ok()) {
        error = r.error().to_string();
        return false;
    }
    od::parser parser;
    simdjson::padded_string body(r->body);
    od::document doc;
    od::object obj;
    if (parser.iterate(body).get(doc) || doc.get_object().get(obj)) {
        error = "pd /stores/limit: expected a JSON object";
        return false;
    }
    for (auto field : obj) {
        std::string_view key;
        od::object lim;
        if (field.unescaped_key().get(key) || field.value().get_object().get(lim)) {
            error = "pd /stores/limit: malformed entry";
            return false;
        }
        StoreLimit sl;
        for (auto f : lim) {
            std::string_view k;
            double v = 0;
            if (f.unescaped_key().get(k) || f.value().get_double().get(v)) continue;
            if (k == "add-peer") sl.add_peer = v;
            if (k == "remove-peer") sl.remove_peer = v;
        }
        out[std::strtoull(std::string(key).c_str(), nullptr, 10)] = sl;
    }
    return true;
}

bool fetch_schedulers(pd::PdClient& pd, Reads& co, Facts& f, std::string& error) {
    for (auto [path, dst] : {std::pair{"/schedulers", &f.schedulers}, std::pair{"/schedulers?status=paused", &f.paused}}) {
        auto r = get(pd, co, path);
        if (!r.ok()) {
            error = r.error().to_string();
            return false;
        }
        auto list = pd::parse_string_list(r->body, path);
        if (!list.ok()) {
            error = list.error().to_string();
            return false;
        }
        *dst = std::move(list.value());
    }
    return true;
}

}  // namespace

namespace {

std::string operator_status_from(pd::PdClient& pd, uint64_t region_id, std::string& error, Reads& rd) {
    // PD answers 500 "operator not found" when there is none (README §5).
    auto r = get_maybe_absent(pd, rd, "/operators/" + std::to_string(region_id), operator_absent);
    if (!r.error.empty()) {
        error = r.error;
        return "";
    }
    if (r.absent) return "";
    auto s = pd::parse_json_string(r.body, "/operators/{id}");
    if (!s.ok()) {
        error = s.error().to_string();
        return "";
    }
    // "status: RUNNING, operator: ..."
    const std::string& text = s.value();
    auto p = text.find("status: ");
    if (p == std::string::npos) return "UNKNOWN";
    auto e = text.find(',', p);
    return text.substr(p + 8, e == std::string::npos ? std::string::npos : e - p - 8);
}

}  // namespace

std::string operator_status(pd::PdClient& pd, uint64_t region_id, std::string& error, ReadCoalescer* co) {
    FactsSource src{co, nullptr, 0};
    Reads rd{src};
    return operator_status_from(pd, region_id, error, rd);
}

namespace {

// The regions and PD's operators on them (f.regions, f.operators).
bool fetch_regions(pd::PdClient& pd, const FactNeeds& needs, Reads& co, Facts& f, std::string& error) {
    for (uint64_t id : needs.regions) {
        auto r = shared_read<pd::Result<std::optional<pd::Region>>>(co, "/region/id/" + std::to_string(id),
                                                                   [&] { return pd.region(id); });
        if (!r.ok()) {
            const auto& e = r.error();
            if (!(e.kind == pd::ErrorKind::HttpStatus && e.http_status == 404)) return error = e.to_string(), false;
            f.regions[id] = std::nullopt;
            continue;
        }
        f.regions[id] = std::move(r.value());
        if (f.regions[id] && needs.operators) {
            std::string op = operator_status_from(pd, id, error, co);
            if (!error.empty()) return false;
            if (!op.empty()) f.operators[id] = op;
        }
    }
    return true;
}

// Everything else: stores, configuration, schedulers, store limits.
bool fetch_cluster(pd::PdClient& pd, const FactNeeds& needs, Reads& co, Facts& f, std::string& error) {
    if (needs.stores) {
        auto s = shared_read<pd::Result<std::vector<pd::Store>>>(co, "/stores", [&] { return pd.stores(); });
        if (!s.ok()) return error = s.error().to_string(), false;
        f.stores = std::move(s.value());
    }
    if (needs.replication) {
        auto r = shared_read<pd::Result<pd::ReplicationConfig>>(co, "/config/replicate",
                                                                [&] { return pd.replication_config(); });
        if (!r.ok()) return error = r.error().to_string(), false;
        f.max_replicas = r->max_replicas;
    }
    if (needs.schedule) {
        auto r = shared_read<pd::Result<pd::ScheduleConfig>>(co, "/config/schedule",
                                                             [&] { return pd.schedule_config(); });
        if (!r.ok()) return error = r.error().to_string(), false;
        f.schedule = r.value();
    }
    if (needs.schedulers && !fetch_schedulers(pd, co, f, error)) return false;
    if (needs.leader_schedulers &&
        (!leader_scheduler_stores(pd, co, "evict-leader-scheduler", f.evict_leader_stores, error) ||
         !leader_scheduler_stores(pd, co, "grant-leader-scheduler", f.grant_leader_stores, error)))
        return false;
    return !needs.store_limits || store_limits(pd, co, f.store_limits, error);
}

bool needs_cluster(const FactNeeds& n) {
    return n.stores || n.replication || n.schedule || n.schedulers || n.leader_schedulers || n.store_limits;
}

}  // namespace

std::optional<Facts> fetch_facts(pd::PdClient& pd, const FactNeeds& needs, std::string& error, const FactsSource& src) {
    Facts f;
    Reads co{src};
    bool fresh = !src.cache || src.max_age_ms <= 0;
    if (fresh && !needs.regions.empty() && needs_cluster(needs)) {
        // Fresh reads of the region(s) and of the rest are independent: ask
        // PD for both at once (an executed action's validation waits for
        // one round trip instead of two or three in a row).
        Facts regions;
        Reads rco{src};
        std::string rerr;
        auto fut = std::async(std::launch::async, [&] { return fetch_regions(pd, needs, rco, regions, rerr); });
        bool ok = fetch_cluster(pd, needs, co, f, error);
        bool rok = fut.get();
        if (!ok) return std::nullopt;
        if (!rok) return error = rerr, std::nullopt;
        f.regions = std::move(regions.regions);
        f.operators = std::move(regions.operators);
        f.age_ms = std::max(co.oldest_ms, rco.oldest_ms);
        return f;
    }
    if (!fetch_cluster(pd, needs, co, f, error) || !fetch_regions(pd, needs, co, f, error)) return std::nullopt;
    f.age_ms = co.oldest_ms;
    return f;
}

}  // namespace medic::actions
