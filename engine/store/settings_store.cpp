// engine/store/settings_store.cpp: settings rows and policy loading (settings_store.hpp).
#include "store/settings_store.hpp"

#include <chrono>
#include <cstdlib>
#include <stdexcept>

namespace medic::store {
namespace {

int64_t now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

double number_setting(Database& db, const char* key, double fallback) {
    auto v = get_setting(db, key);
    if (!v) return fallback;
    char* end = nullptr;
    double d = std::strtod(v->c_str(), &end);
    if (v->empty() || end != v->c_str() + v->size())
        throw std::invalid_argument(std::string("setting ") + key + " must be a number, got '" + *v + "'");
    return d;
}

int parse_hhmm(const std::string& s, const std::string& all) {
    if (s.size() != 5 || s[2] != ':') throw std::invalid_argument("setting maintenance_windows: bad time in '" + all + "'");
    int h = std::atoi(s.substr(0, 2).c_str()), m = std::atoi(s.substr(3, 2).c_str());
    if (h < 0 || h > 24 || m < 0 || m > 59) throw std::invalid_argument("setting maintenance_windows: bad time in '" + all + "'");
    return h * 60 + m;
}

std::vector<safety::MaintenanceWindow> parse_windows(const std::string& text) {
    std::vector<safety::MaintenanceWindow> out;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find(';', start);
        std::string w = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
        start = end == std::string::npos ? text.size() : end + 1;
        if (w.empty()) continue;
        // "0111110:01:00-05:00"
        if (w.size() != 19 || w[7] != ':' || w[13] != '-')
            throw std::invalid_argument("setting maintenance_windows: expected MASK:HH:MM-HH:MM, got '" + w + "'");
        safety::MaintenanceWindow mw;
        mw.days = 0;
        for (int d = 0; d < 7; ++d) {
            if (w[d] == '1') mw.days |= uint8_t(1 << d);
            else if (w[d] != '0') throw std::invalid_argument("setting maintenance_windows: bad day mask in '" + w + "'");
        }
        mw.start_minute = parse_hhmm(w.substr(8, 5), w);
        mw.end_minute = parse_hhmm(w.substr(14, 5), w);
        out.push_back(mw);
    }
    return out;
}

}  // namespace

std::optional<std::string> get_setting(Database& db, std::string_view key) {
    auto& q = db.prepare("SELECT value FROM settings WHERE key = ?1");
    q.bind(1, key);
    if (!q.step()) return std::nullopt;
    std::string v = q.column_text(0);
    q.reset();
    return v;
}

void set_setting(Database& db, std::string_view key, std::string_view value, std::string_view by) {
    db.prepare("INSERT INTO settings(key, value, updated_at_ms, updated_by) VALUES (?1, ?2, ?3, ?4) "
               "ON CONFLICT(key) DO UPDATE SET value = excluded.value, "
               "updated_at_ms = excluded.updated_at_ms, updated_by = excluded.updated_by")
        .bind(1, key).bind(2, value).bind(3, now_ms()).bind(4, by).run();
}

bool kill_switch_on(Database& db) {
    auto v = get_setting(db, "kill_switch");
    return v && *v == "on";
}

safety::Policy load_policy(Database& db) {
    safety::Policy p;
    p.autonomy = int(number_setting(db, "autonomy", p.autonomy));
    if (p.autonomy < 0 || p.autonomy > 3)
        throw std::invalid_argument("setting autonomy must be 0..3, got " + std::to_string(p.autonomy));
    p.observe_only = get_setting(db, "observe_only").value_or("false") == "true";
    p.approval_timeout_ms = int64_t(number_setting(db, "approval_timeout_s", double(p.approval_timeout_ms) / 1000) * 1000);
    p.global_rate_per_s = number_setting(db, "rate.global_per_s", p.global_rate_per_s);
    p.global_burst = number_setting(db, "rate.global_burst", p.global_burst);
    p.kind_rate_per_s = number_setting(db, "rate.kind_per_s", p.kind_rate_per_s);
    p.kind_burst = number_setting(db, "rate.kind_burst", p.kind_burst);
    p.cooldown_ms = int64_t(number_setting(db, "cooldown_s", double(p.cooldown_ms) / 1000) * 1000);
    p.max_leader_share_per_action = number_setting(db, "blast.leader_share_action", p.max_leader_share_per_action);
    p.max_region_share_per_action = number_setting(db, "blast.region_share_action", p.max_region_share_per_action);
    p.max_leader_share_per_run = number_setting(db, "blast.leader_share_run", p.max_leader_share_per_run);
    p.max_region_share_per_run = number_setting(db, "blast.region_share_run", p.max_region_share_per_run);
    p.max_stores_draining = int(number_setting(db, "blast.max_stores_draining", p.max_stores_draining));
    if (auto w = get_setting(db, "maintenance_windows")) p.maintenance_windows = parse_windows(*w);
    return p;
}

int pd_max_inflight(Database& db, int fallback) {
    double v = number_setting(db, "pd.max_inflight", fallback);
    if (v < 1 || v > 1024 || v != double(int(v)))
        throw std::invalid_argument("setting pd.max_inflight must be an integer 1..1024, got " + std::to_string(v));
    return int(v);
}

int dry_run_facts_max_age_ms(Database& db, int fallback) {
    double v = number_setting(db, "actions.dry_run_facts_max_age_ms", fallback);
    if (v < 0 || v > 60000 || v != double(int(v)))
        throw std::invalid_argument("setting actions.dry_run_facts_max_age_ms must be an integer 0..60000, got " +
                                    std::to_string(v));
    return int(v);
}

}  // namespace medic::store
