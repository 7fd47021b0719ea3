// JSON shape comparison (see shape.hpp), built on simdjson's DOM.
#include "shape.hpp"

#include <simdjson.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <vector>

namespace pdsim_test {

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

// Keys PD omits when zero/empty (omitempty) even if an example shows them.
const std::set<std::string> kOmitEmpty = {
    "state", "labels", "physically_destroyed", "node_state", "learner_count", "witness_count", "pending_peer_count",
    "slow_score", "network_slow_score", "slow_trend", "sending_snap_count", "receiving_snap_count", "is_busy",
    "start_ts", "last_heartbeat_ts", "uptime", "pause_leader_transfer_in", "pause_leader_transfer_out",
    "is_learner", "role", "is_witness", "down_peers", "pending_peers", "buckets", "bucket_version", "conf_ver",
    "version", "peers", "down_seconds", "leader_priority", "id", "store_id", "epoch", "replication_status",
    "leader", "etcd_leader"};

std::string type_name(element_type t) {
  switch (t) {
    case element_type::ARRAY: return "array";
    case element_type::OBJECT: return "object";
    case element_type::STRING: return "string";
    case element_type::BOOL: return "bool";
    case element_type::NULL_VALUE: return "null";
    default: return "number";
  }
}

// Region peers share one schema wherever they appear (peers, leader,
// pending_peers, down_peers[].peer), as they are one Go type.
std::string child(const std::string& path, const std::string& key) {
  if (key == "peers" || key == "pending_peers") return "@peers";
  if (key == "peer" || (key == "leader" && path.find("regions") != std::string::npos) || (key == "leader" && path == "$"))
    return "@peer";
  return path + "." + key;
}
std::string elem(const std::string& path) { return path == "@peers" ? "@peer" : path + "[]"; }

bool is_map(element e) {
  simdjson::dom::object o = e.get_object();
  if (o.size() == 0) return false;
  for (auto [k, v] : o)
    if (k.empty() || !std::all_of(k.begin(), k.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
  return true;
}

struct Node {
  std::set<std::string> types;
  std::vector<std::string> order;  // keys as first seen
  std::set<std::pair<std::string, std::string>> before;  // (a, b): a precedes b in some instance
  std::map<std::string, int> seen;
  int instances = 0;
};

void learn(element e, const std::string& path, std::map<std::string, Node>& schema) {
  Node& n = schema[path];
  n.types.insert(type_name(e.type()));
  if (e.type() == element_type::ARRAY) {
    for (element c : simdjson::dom::array(e)) learn(c, elem(path), schema);
  } else if (e.type() == element_type::OBJECT) {
    if (is_map(e)) {
      for (auto [k, v] : simdjson::dom::object(e)) learn(v, path + ".*", schema);
      return;
    }
    n.instances++;
    std::vector<std::string> keys;
    for (auto [k, v] : simdjson::dom::object(e)) keys.emplace_back(k);
    for (size_t i = 0; i < keys.size(); ++i)
      for (size_t j = i + 1; j < keys.size(); ++j) n.before.insert({keys[i], keys[j]});
    for (auto [k, v] : simdjson::dom::object(e)) {
      std::string key(k);
      if (!n.seen.count(key)) n.order.push_back(key);
      n.seen[key]++;
      learn(v, child(path, key), schema);
    }
  }
}

std::string check(element e, const std::string& path, const std::map<std::string, Node>& schema) {
  auto it = schema.find(path);
  if (it == schema.end()) return "unexpected value at " + path;
  const Node& n = it->second;
  std::string t = type_name(e.type());
  if (!n.types.count(t) && t != "null" && !n.types.count("null"))
    return "type " + t + " at " + path + " (example has " + *n.types.begin() + ")";
  if (e.type() == element_type::ARRAY) {
    for (element c : simdjson::dom::array(e)) {
      if (!schema.count(elem(path))) return "non-empty array at " + path + " where the example's is empty";
      std::string d = check(c, elem(path), schema);
      if (!d.empty()) return d;
    }
  } else if (e.type() == element_type::OBJECT) {
    simdjson::dom::object o = e;
    if (schema.count(path + ".*") && n.order.empty()) {
      for (auto [k, v] : o) {
        std::string d = check(v, path + ".*", schema);
        if (!d.empty()) return d;
      }
      return "";
    }
    if (o.size() == 0 && schema.count(path + ".*")) return "";
    std::set<std::string> mine;
    std::vector<std::string> earlier;
    for (auto [k, v] : o) {
      std::string key(k);
      mine.insert(key);
      if (std::find(n.order.begin(), n.order.end(), key) == n.order.end())
        return "key \"" + key + "\" at " + path + " is not in the example";
      for (const auto& prev : earlier)
        if (n.before.count({key, prev})) return "key \"" + key + "\" at " + path + " comes after \"" + prev + "\"";
      earlier.push_back(key);
      std::string d = check(v, child(path, key), schema);
      if (!d.empty()) return d;
    }
    for (const auto& [key, count] : n.seen)
      if (count == n.instances && !mine.count(key) && !kOmitEmpty.count(key))
        return "key \"" + key + "\" missing at " + path;
  }
  return "";
}

}  // namespace

std::string shape_diff(const std::string& example_body, const std::string& actual) {
  simdjson::dom::parser pe, pa;
  element ex, ac;
  if (pe.parse(example_body).get(ex) != simdjson::SUCCESS) return "example is not JSON";
  if (pa.parse(actual).get(ac) != simdjson::SUCCESS) return "actual body is not JSON: " + actual.substr(0, 200);
  std::map<std::string, Node> schema;
  learn(ex, "$", schema);
  return check(ac, "$", schema);
}

std::string example(const std::string& name) {
  std::ifstream f(std::string(PD_API_EXAMPLES) + "/" + name, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

}  // namespace pdsim_test
