// cli/cmd_status.cpp: `medic status [--pd URL[,URL]] [--json] [--db PATH] [--scenario NAME]
//   [--scan-page N]` (N: full scan in pages of N regions, not one streamed /regions)
// One Monitor tick against PD (or an embedded pdsim): stores with state,
// leaders, regions and capacity; region health counts from a full scan; the
// incidents that tick finds; and how many incidents the database has open.
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "command.hpp"
#include "common_flags.hpp"
#include "embedded_pdsim.hpp"
#include "model/json_out.hpp"
#include "model/monitor.hpp"
#include "pd/pd_format.hpp"

namespace medic::cli {

namespace {

struct RegionHealth {
    uint64_t total = 0, down = 0, pending = 0, miss = 0, extra = 0, no_leader = 0;
};

RegionHealth region_health(const model::ClusterSnapshot& s) {
    RegionHealth h;
    const auto& t = s.regions();
    h.total = t.size();
    for (uint32_t row : t.unhealthy_rows()) {
        uint8_t f = t.at(row).flags();
        h.down += (f & model::kRegionDownPeer) != 0;
        h.pending += (f & model::kRegionPendingPeer) != 0;
        h.miss += (f & model::kRegionMissPeer) != 0;
        h.extra += (f & model::kRegionExtraPeer) != 0;
        h.no_leader += (f & model::kRegionNoLeader) != 0;
    }
    return h;
}

void print_text(const model::ClusterSnapshot& s, const std::vector<store::Incident>& live, int64_t recorded,
                const std::string& db) {
    const auto& ph = s.pd_health();
    size_t healthy = 0;
    for (const auto& m : ph.members) healthy += m.health;
    std::printf("PD %s  leader %s  members healthy %zu/%zu\n\n", ph.endpoint.c_str(),
                ph.leader_name.empty() ? "(none)" : ph.leader_name.c_str(), healthy, ph.members.size());
    std::printf("%-6s %-13s %-22s %8s %8s %10s %10s %6s\n", "STORE", "STATE", "ADDRESS", "LEADERS", "REGIONS",
                "CAPACITY", "AVAILABLE", "USED");
    for (const auto& st : s.stores()) {
        std::string cap = pd::format_byte_size(st.capacity_bytes), av = pd::format_byte_size(st.available_bytes);
        std::printf("%-6llu %-13s %-22s %8llu %8llu %10s %10s %5.1f%%%s\n", (unsigned long long)st.id,
                    pd::wire_name(st.state_name), st.address.c_str(), (unsigned long long)st.leader_count,
                    (unsigned long long)st.region_count, cap.c_str(), av.c_str(), (1 - st.available_ratio()) * 100,
                    st.is_tiflash() ? "  tiflash" : "");
    }
    RegionHealth h = region_health(s);
    std::printf("\nregions %llu: down-peer %llu, pending-peer %llu, miss-peer %llu, extra-peer %llu, no-leader %llu\n",
                (unsigned long long)h.total, (unsigned long long)h.down, (unsigned long long)h.pending,
                (unsigned long long)h.miss, (unsigned long long)h.extra, (unsigned long long)h.no_leader);
    for (auto kind : {pd::HotKind::Write, pd::HotKind::Read}) {
        const auto& hot = s.hot_regions(kind);
        if (hot.empty()) continue;
        std::printf("hottest %s region %llu on store %llu (%s/s)\n", pd::kHotKindNames[size_t(kind)],
                    (unsigned long long)hot[0].region_id, (unsigned long long)hot[0].store_id,
                    pd::format_byte_size(uint64_t(hot[0].flow_bytes)).c_str());
    }
    std::printf("\nincidents now: %zu\n", live.size());
    for (const auto& i : live)
        std::printf("  %-8s %-28s %s\n", store::severity_name(i.severity), i.dedup_key.c_str(), i.summary.c_str());
    if (recorded >= 0) std::printf("open incidents recorded in %s: %lld\n", db.c_str(), (long long)recorded);
}

std::string to_json(const model::ClusterSnapshot& s, const std::vector<store::Incident>& live, int64_t recorded) {
    model::JsonOut j;
    j.begin_object().kv("taken_at_ms", s.taken_at_ms());
    j.key("pd").begin_object().kv("endpoint", s.pd_health().endpoint).kv("leader", s.pd_health().leader_name);
    j.key("members").begin_array();
    for (const auto& m : s.pd_health().members) j.begin_object().kv("name", m.name).kv("health", m.health).end_object();
    j.end_array().end_object();
    j.key("stores").begin_array();
    for (const auto& st : s.stores()) {
        j.begin_object().kv("id", st.id).kv("address", st.address).kv("state_name", pd::wire_name(st.state_name));
        j.kv("leader_count", st.leader_count).kv("region_count", st.region_count);
        j.kv("capacity_bytes", st.capacity_bytes).kv("available_bytes", st.available_bytes);
        j.kv("tiflash", st.is_tiflash()).end_object();
    }
    j.end_array();
    RegionHealth h = region_health(s);
    j.key("regions").begin_object().kv("total", h.total).kv("down_peer", h.down).kv("pending_peer", h.pending);
    j.kv("miss_peer", h.miss).kv("extra_peer", h.extra).kv("no_leader", h.no_leader).end_object();
    j.key("incidents").begin_array();
    for (const auto& i : live) {
        j.begin_object().kv("key", i.dedup_key).kv("kind", i.kind).kv("severity", store::severity_name(i.severity));
        j.kv("summary", i.summary).key("evidence").raw(i.evidence).end_object();
    }
    j.end_array();
    if (recorded >= 0) j.kv("recorded_open_incidents", recorded);
    j.end_object();
    return j.str();
}

int run_status(const Args& args) {
    CommonFlags flags;
    if (auto err = parse_common_flags(args, flags)) return fail("status", *err, 2);
    std::string scenario = "balanced", page, err;
    take_flag(flags.rest, "--scenario", &scenario, &err);
    take_flag(flags.rest, "--scan-page", &page, &err);
    pd::PdClientOptions po;
    if (!page.empty() && err.empty()) po.scan_page_regions = parse_page_size(page, &err);
    if (!err.empty()) return fail("status", err, 2);
    if (!flags.rest.empty()) return fail("status", "unknown argument '" + flags.rest[0] + "'", 2);
    std::unique_ptr<EmbeddedPdsim> sim;
    auto client = connect_pd(flags, &sim, &err, scenario, po);
    if (!client) return fail("status", err);
    model::MonitorOptions mo;  // in-memory incidents: `status` observes, it does not record
    model::Monitor mon(*client, mo);
    auto rep = mon.tick_once();
    auto snap = mon.snapshot();
    if (snap->stores().empty() && !rep.errors.empty()) return fail("status", rep.errors.front());
    for (const auto& e : rep.errors) std::fprintf(stderr, "medic status: warning: %s\n", e.c_str());
    int64_t recorded = -1;
    if (std::filesystem::exists(flags.db)) {
        try {
            store::Database::Options o;
            o.create = false;
            auto db = store::Database::open(flags.db, o);
            recorded = int64_t(store::IncidentStore(*db).list_open().size());
        } catch (const std::exception& e) {
            std::fprintf(stderr, "medic status: warning: %s\n", e.what());
        }
    }
    auto live = mon.open_incidents();
    if (flags.json) std::printf("%s\n", to_json(*snap, live, recorded).c_str());
    else print_text(*snap, live, recorded, flags.db);
    return 0;
}

}  // namespace

MEDIC_COMMAND("status", "show stores, region health and open incidents", run_status);

}  // namespace medic::cli
