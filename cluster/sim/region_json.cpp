// RegionInfo emitter (see region_json.hpp). Key order follows easyjson for
// response.RegionInfo at PD master: id, start_key, end_key, epoch, peers,
// leader, down_peers, pending_peers, cpu_usage, written_bytes, read_bytes,
// written_keys, read_keys, approximate_size, approximate_keys,
// approximate_kv_size, approximate_columnar_kv_size, buckets, bucket_version.
#include "sim/region_json.hpp"

#include <charconv>

#include "sim/format.hpp"

namespace pdsim {

namespace {
constexpr int64_t kPeerDownNs = 600LL * 1000000000LL;  // TiKV max-peer-down-duration

inline void put_u64(std::string& out, uint64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void append_peer(std::string& out, const Cluster& c, const Peer& p) {
  out += "{\"role_name\":\"";
  out += role_name(p.role);
  out += '"';
  if (p.role == PeerRole::Learner) out += ",\"is_learner\":true";
  out += ",\"id\":";
  put_u64(out, p.id);
  out += ",\"store_id\":";
  put_u64(out, c.stores()[p.store].id);
  if (p.role != PeerRole::Voter) {
    out += ",\"role\":";
    put_u64(out, uint64_t(p.role));
  }
  out += '}';
}
}  // namespace

bool peer_is_down(const Store& s, int64_t now_ns, uint64_t* down_seconds) {
  if (s.alive || s.died_ns == 0) return false;
  int64_t d = now_ns - s.died_ns;
  if (d < kPeerDownNs) return false;
  if (down_seconds) *down_seconds = uint64_t(d / 1000000000LL);
  return true;
}

bool peer_is_pending(const Store& s, const Peer& p) { return !s.alive || p.pending; }

void append_region_json(std::string& out, const RegionJsonContext& ctx, const Region& r) {
  const Cluster& c = *ctx.cluster;
  out += "{\"id\":";
  put_u64(out, r.id);
  out += ",\"start_key\":\"";
  append_hex_upper(out, c.key(r.start));
  out += "\",\"end_key\":\"";
  append_hex_upper(out, c.key(r.end));
  out += "\",\"epoch\":{";
  bool comma = false;
  if (r.conf_ver) {
    out += "\"conf_ver\":";
    put_u64(out, r.conf_ver);
    comma = true;
  }
  if (r.version) {
    if (comma) out += ',';
    out += "\"version\":";
    put_u64(out, r.version);
  }
  out += '}';
  if (r.npeers) {
    out += ",\"peers\":[";
    for (int i = 0; i < r.npeers; ++i) {
      if (i) out += ',';
      append_peer(out, c, r.peers[i]);
    }
    out += ']';
  }
  out += ",\"leader\":";
  if (r.leader >= 0) append_peer(out, c, r.peers[r.leader]);
  else out += "{\"role_name\":\"\"}";
  bool any_down = false;
  for (int i = 0; i < r.npeers; ++i) {
    uint64_t secs = 0;
    if (i == r.leader || !peer_is_down(c.stores()[r.peers[i].store], ctx.now_ns, &secs)) continue;
    out += any_down ? "," : ",\"down_peers\":[";
    any_down = true;
    out += "{\"peer\":";
    append_peer(out, c, r.peers[i]);
    if (secs) {
      out += ",\"down_seconds\":";
      put_u64(out, secs);
    }
    out += '}';
  }
  if (any_down) out += ']';
  bool any_pending = false;
  for (int i = 0; i < r.npeers; ++i) {
    if (i == r.leader || !peer_is_pending(c.stores()[r.peers[i].store], r.peers[i])) continue;
    out += any_pending ? "," : ",\"pending_peers\":[";
    any_pending = true;
    append_peer(out, c, r.peers[i]);
  }
  if (any_pending) out += ']';
  out += ",\"cpu_usage\":";
  put_u64(out, r.cpu);
  out += ",\"written_bytes\":";
  put_u64(out, r.wbytes);
  out += ",\"read_bytes\":";
  put_u64(out, r.rbytes);
  out += ",\"written_keys\":";
  put_u64(out, r.wkeys);
  out += ",\"read_keys\":";
  put_u64(out, r.rkeys);
  out += ",\"approximate_size\":";
  put_u64(out, r.size_mib);
  out += ",\"approximate_keys\":";
  put_u64(out, r.keys);
  out += ",\"approximate_kv_size\":";
  put_u64(out, r.kv_size_mib);
  out += ",\"approximate_columnar_kv_size\":0}";
}

void append_empty_region_json(std::string& out) {
  out +=
      "{\"id\":0,\"start_key\":\"\",\"end_key\":\"\",\"leader\":{\"role_name\":\"\"},\"cpu_usage\":0,"
      "\"written_bytes\":0,\"read_bytes\":0,\"written_keys\":0,\"read_keys\":0,\"approximate_size\":0,"
      "\"approximate_keys\":0,\"approximate_kv_size\":0,\"approximate_columnar_kv_size\":0}";
}

}  // namespace pdsim
