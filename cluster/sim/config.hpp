// PD configuration as pdsim keeps it: the schedule, replication and
// pd-server sections as ordered typed fields (Go types: uint64, float64,
// ",string" booleans, typeutil.Duration strings, comma-joined string lists),
// so GET renders PD's exact shape and POST applies PD's type rules and
// error texts. Sections that pdsim does not simulate (log, security, ...)
// are rendered with their v8.5 defaults in http_config.cpp.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/json_writer.hpp"

namespace simdjson::dom {
class element;
}

namespace pdsim {

enum class FieldType { U64, I64, F64, BoolStr, Duration, Str, StrList, Special };

struct ConfigField {
  std::string name;
  FieldType type;
  int64_t i = 0;    // U64/I64/BoolStr (0/1)/Duration (ns)
  double f = 0;     // F64
  std::string s;    // Str/StrList
};

class ConfigSection {
 public:
  ConfigSection(std::string go_struct, std::vector<ConfigField> fields)
      : go_struct_(std::move(go_struct)), fields_(std::move(fields)) {}
  ConfigField* find(std::string_view name);
  const ConfigField* find(std::string_view name) const;
  int64_t i(std::string_view name) const;
  double f(std::string_view name) const;
  bool b(std::string_view name) const { return i(name) != 0; }
  const std::string& s(std::string_view name) const;
  /// Writes the section as an object; Special fields call `special`.
  void write(JsonWriter& w, const std::function<void(JsonWriter&, const std::string&)>& special) const;
  /// Sets one field from a parsed JSON value with Go's json.Unmarshal type
  /// rules. Returns "" on success, else Go's error text.
  std::string set(std::string_view name, const simdjson::dom::element& v);
  const std::string& go_struct() const { return go_struct_; }

 private:
  std::string go_struct_;
  std::vector<ConfigField> fields_;
};

struct PdConfig {
  PdConfig();
  ConfigSection schedule;
  ConfigSection replication;
  ConfigSection pd_server;
  std::string cluster_version = "8.5.2";
  std::string log_level = "info";

  /// "schedule", "replication" or "pd-server"; nullptr for others.
  ConfigSection* section(std::string_view name);
  const ConfigSection* section(std::string_view name) const;
  /// ScheduleConfig.Validate / ReplicationConfig.Validate; "" when valid.
  std::string validate() const;
  int64_t max_store_down_ns() const { return schedule.i("max-store-down-time"); }
  uint64_t max_replicas() const { return uint64_t(replication.i("max-replicas")); }
};

}  // namespace pdsim
