// Region routes (server/api/region.go): single region by id/key, full and
// ranged lists, per-store lists, siblings, top-N by flow, checks,
// histograms, range holes, replicated, split and scatter. Region lists are
// rd.Data (compact octet-stream); the full list is streamed under a shared
// lock so a million regions never sit in memory twice.
#include <algorithm>
#include <mutex>

#include "sim/format.hpp"
#include "sim/go_json.hpp"
#include "sim/http.hpp"
#include "sim/region_json.hpp"
#include "sim/regions_util.hpp"

namespace pdsim {

namespace {

constexpr size_t kFlushBytes = 1 << 18;

void region_by_id(Ctx& c) {
  uint64_t id;
  std::string err;
  if (!parse_u64(c.params[0], id, &err)) return c.json_string(400, err);
  if (id == 0) return c.json(400, "{}");
  std::shared_lock lk(c.sim.mu);
  std::string out;
  auto slot = c.sim.cluster.region_slot(id);
  if (slot) append_region_json(out, {&c.sim.cluster, c.sim.now_ns}, c.sim.cluster.region(*slot));
  else append_empty_region_json(out);
  c.data(200, std::move(out));
}

bool decode_key(Ctx& c, const std::string& raw, std::string& key) {
  if (c.req.query_value("format") != "hex") {
    key = raw;
    return true;
  }
  std::string err;
  auto k = hex_decode(raw, &err);
  if (!k) {
    c.json_string(400, err);
    return false;
  }
  key = *k;
  return true;
}

void region_by_key(Ctx& c) {
  std::string key;
  if (!decode_key(c, c.params[0], key)) return;
  std::shared_lock lk(c.sim.mu);
  std::string out;
  auto pos = c.sim.cluster.locate(key);
  if (pos) append_region_json(out, {&c.sim.cluster, c.sim.now_ns}, c.sim.cluster.region(c.sim.cluster.order()[*pos]));
  else append_empty_region_json(out);
  c.data(200, std::move(out));
}

void all_regions(Ctx& c) {
  Sim* sim = &c.sim;
  c.res.status = 200;
  c.res.content_type = kDataType;
  c.res.stream = [sim](const StreamWriter& write) {
    std::shared_lock lk(sim->mu);
    const Cluster& cl = sim->cluster;
    RegionJsonContext ctx{&cl, sim->now_ns};
    std::string buf;
    buf.reserve(kFlushBytes + 4096);
    buf += "{\"count\":" + std::to_string(cl.region_count()) + ",\"regions\":[";
    bool first = true;
    // Slot order: not key order, like PD's map iteration.
    for (size_t slot = 0; slot < cl.slot_count(); ++slot) {
      const Region& r = cl.region(uint32_t(slot));
      if (r.id == 0) continue;
      if (!first) buf.push_back(',');
      first = false;
      append_region_json(buf, ctx, r);
      if (buf.size() >= kFlushBytes) {
        if (!write(buf.data(), buf.size())) return;
        buf.clear();
      }
    }
    buf += "]}";
    write(buf.data(), buf.size());
  };
}

bool parse_limit(Ctx& c, int64_t& limit, int64_t def) {
  limit = def;
  if (!c.req.has_query("limit")) return true;
  std::string v = c.req.query_value("limit");
  char* end = nullptr;
  long long n = std::strtoll(v.c_str(), &end, 10);
  if (v.empty() || *end) {
    c.json_string(400, "strconv.Atoi: parsing \"" + v + "\": invalid syntax");
    return false;
  }
  limit = n;
  if (limit > 10240) limit = 10240;
  return true;
}

void regions_by_key(Ctx& c) {
  std::string key, end_key;
  if (!decode_key(c, c.req.query_value("key"), key)) return;
  if (!decode_key(c, c.req.query_value("end_key"), end_key)) return;
  int64_t limit;
  if (!parse_limit(c, limit, 16)) return;
  std::shared_lock lk(c.sim.mu);
  const Cluster& cl = c.sim.cluster;
  std::vector<uint32_t> slots;
  auto pos = cl.locate(key);
  size_t i = pos ? *pos : 0;
  if (!pos) {
    // key inside a hole or before the first region: start at the next region
    i = size_t(std::upper_bound(cl.order().begin(), cl.order().end(), key, [&](const std::string& k, uint32_t s) {
                 return k < cl.key(cl.region(s).start);
               }) - cl.order().begin());
  }
  for (; i < cl.order().size(); ++i) {
    if (limit > 0 && int64_t(slots.size()) >= limit) break;
    uint32_t s = cl.order()[i];
    if (!end_key.empty() && !(cl.key(cl.region(s).start) < end_key)) break;
    slots.push_back(s);
  }
  c.data(200, regions_info(c.sim, slots));
}

void regions_count(Ctx& c) {
  std::shared_lock lk(c.sim.mu);
  c.json(200, "{\n  \"count\": " + std::to_string(c.sim.cluster.region_count()) + ",\n  \"regions\": null\n}");
}

void regions_by_store(Ctx& c) {
  char* end = nullptr;
  long long id = std::strtoll(c.params[0].c_str(), &end, 10);
  if (c.params[0].empty() || *end)
    return c.json_string(400, "strconv.Atoi: parsing \"" + c.params[0] + "\": invalid syntax");
  std::string type = c.req.has_query("type") ? c.req.query_value("type") : "all";
  static const char* types[] = {"all", "leader", "follower", "learner", "witness", "pending"};
  if (std::find(std::begin(types), std::end(types), type) == std::end(types))
    return c.json_string(400, "invalid type " + type);
  std::shared_lock lk(c.sim.mu);
  std::vector<uint32_t> slots;
  auto store = c.sim.cluster.store_slot(uint64_t(id));
  if (store) slots = store_regions(c.sim, *store, type);
  c.data(200, regions_info(c.sim, slots));
}

void regions_sibling(Ctx& c) {
  uint64_t id;
  std::string err;
  if (!parse_u64(c.params[0], id, &err)) return c.json_string(400, err);
  std::shared_lock lk(c.sim.mu);
  const Cluster& cl = c.sim.cluster;
  auto slot = cl.region_slot(id);
  if (!slot) return c.json_string(404, "[PD:region:ErrRegionNotFound]region " + std::to_string(id) + " not found");
  size_t pos = cl.position(*slot);
  RegionJsonContext ctx{&cl, c.sim.now_ns};
  std::string out = "{\"count\":2,\"regions\":[";
  std::string left;
  if (pos > 0) append_region_json(left, ctx, cl.region(cl.order()[pos - 1]));
  else append_empty_region_json(left);
  out += left;
  out += ',';
  // A missing right neighbour repeats the left entry (PD's buffer reuse).
  if (pos + 1 < cl.order().size()) append_region_json(out, ctx, cl.region(cl.order()[pos + 1]));
  else out += left;
  out += "]}";
  c.data(200, std::move(out));
}

void top_regions(Ctx& c, const std::string& metric) {
  int64_t limit;
  if (!parse_limit(c, limit, 16)) return;
  std::shared_lock lk(c.sim.mu);
  c.data(200, regions_info(c.sim, top_n(c.sim, metric, limit)));
}

void region_check(Ctx& c, const std::string& kind) {
  std::shared_lock lk(c.sim.mu);
  c.data(200, regions_info(c.sim, check_regions(c.sim, kind)));
}

void region_hist(Ctx& c, bool keys) {
  int64_t bound = keys ? 1000000 : 10;
  if (c.req.has_query("bound")) {
    std::string v = c.req.query_value("bound");
    char* end = nullptr;
    bound = std::strtoll(v.c_str(), &end, 10);
    if (v.empty() || *end) return c.json_string(400, "strconv.Atoi: parsing \"" + v + "\": invalid syntax");
  }
  std::shared_lock lk(c.sim.mu);
  c.json(200, histogram_json(c.sim, keys, bound));
}

void range_holes(Ctx& c) {
  std::shared_lock lk(c.sim.mu);
  c.json(200, range_holes_json(c.sim));
}

}  // namespace

void register_region_routes(Router& r) {
  const std::string b = "/pd/api/v1";
  r.add("GET", b + "/region/id/{id}", region_by_id);
  r.add("GET", b + "/region/key/{key...}", region_by_key);
  r.add("GET", b + "/regions", all_regions);
  r.add("GET", b + "/regions/key", regions_by_key);
  r.add("GET", b + "/regions/count", regions_count);
  r.add("GET", b + "/regions/store/{id}", regions_by_store);
  r.add("GET", b + "/regions/sibling/{id}", regions_sibling);
  for (const char* m : {"writeflow", "readflow", "writequery", "readquery", "confver", "version", "size", "keys", "cpu"}) {
    std::string metric = m;
    r.add("GET", b + "/regions/" + metric, [metric](Ctx& c) { top_regions(c, metric); });
  }
  for (const char* k : {"miss-peer", "extra-peer", "pending-peer", "down-peer", "learner-peer", "offline-peer",
                        "empty-region", "oversized-region", "undersized-region"}) {
    std::string kind = k;
    r.add("GET", b + "/regions/check/" + kind, [kind](Ctx& c) { region_check(c, kind); });
  }
  r.add("GET", b + "/regions/check/hist-size", [](Ctx& c) { region_hist(c, false); });
  r.add("GET", b + "/regions/check/hist-keys", [](Ctx& c) { region_hist(c, true); });
  r.add("GET", b + "/regions/range-holes", range_holes);
  register_region_action_routes(r);
}

}  // namespace pdsim
