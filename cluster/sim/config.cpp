// PdConfig defaults (PD v8.5 / master) and Go-typed field assignment.
#include "sim/config.hpp"

#include <simdjson.h>

#include <cmath>

#include "sim/format.hpp"

namespace pdsim {

namespace {
constexpr int64_t kSec = 1000000000LL;

ConfigField u64(const char* n, int64_t v) { return {n, FieldType::U64, v, 0, {}}; }
ConfigField i64(const char* n, int64_t v) { return {n, FieldType::I64, v, 0, {}}; }
ConfigField f64(const char* n, double v) { return {n, FieldType::F64, 0, v, {}}; }
ConfigField bs(const char* n, bool v) { return {n, FieldType::BoolStr, v ? 1 : 0, 0, {}}; }
ConfigField dur(const char* n, int64_t ns) { return {n, FieldType::Duration, ns, 0, {}}; }
ConfigField str(const char* n, const char* v) { return {n, FieldType::Str, 0, 0, v}; }
ConfigField list(const char* n, const char* v) { return {n, FieldType::StrList, 0, 0, v}; }
ConfigField special(const char* n) { return {n, FieldType::Special, 0, 0, {}}; }

std::vector<ConfigField> schedule_defaults() {
  return {u64("max-snapshot-count", 64), u64("max-pending-peer-count", 64), u64("max-merge-region-size", 54),
          u64("max-merge-region-keys", 0), dur("split-merge-interval", 3600 * kSec),
          dur("switch-witness-interval", 3600 * kSec), bs("enable-one-way-merge", false),
          bs("enable-cross-table-merge", true), dur("patrol-region-interval", 10000000),
          dur("max-store-down-time", 1800 * kSec), dur("max-store-preparing-time", 48 * 3600 * kSec),
          u64("leader-schedule-limit", 4), str("leader-schedule-policy", "count"),
          u64("region-schedule-limit", 2048), u64("witness-schedule-limit", 4), u64("replica-schedule-limit", 64),
          u64("merge-schedule-limit", 8), u64("hot-region-schedule-limit", 4), u64("affinity-schedule-limit", 0),
          u64("split-scatter-schedule-limit", 4), u64("hot-region-cache-hits-threshold", 3),
          special("default-store-limit"), special("store-limit"), f64("tolerant-size-ratio", 0),
          f64("low-space-ratio", 0.8), f64("high-space-ratio", 0.7), str("region-score-formula-version", "v2"),
          u64("scheduler-max-waiting-operator", 5), bs("enable-remove-down-replica", true),
          bs("enable-replace-offline-replica", true), bs("enable-make-up-replica", true),
          bs("enable-remove-extra-replica", true), bs("enable-location-replacement", true),
          bs("enable-debug-metrics", false), bs("enable-joint-consensus", true), bs("enable-tikv-split-region", true),
          bs("enable-heartbeat-breakdown-metrics", true), bs("enable-heartbeat-concurrent-runner", true),
          special("schedulers-v2"), dur("hot-regions-write-interval", 600 * kSec), u64("hot-regions-reserved-days", 7),
          i64("max-movable-hot-peer-size", 512), bs("enable-diagnostic", true), bs("enable-witness", false),
          f64("slow-store-evicting-affected-store-ratio-threshold", 0.3), str("store-limit-version", "v1"),
          i64("patrol-region-worker-count", 1), u64("max-affinity-merge-region-size", 256)};
}

std::vector<ConfigField> replication_defaults() {
  return {u64("max-replicas", 3), list("location-labels", "zone,host"), bs("strictly-match-label", false),
          bs("enable-placement-rules", true), bs("enable-placement-rules-cache", false), str("isolation-level", "")};
}

std::vector<ConfigField> pd_server_defaults() {
  return {bs("use-region-storage", true), dur("max-gap-reset-ts", 24 * 3600 * kSec), str("key-type", "table"),
          list("runtime-services", ""), str("metric-storage", ""), str("dashboard-address", "auto"),
          i64("flow-round-by-digit", 3), dur("min-resolved-ts-persistence-interval", kSec),
          f64("server-memory-limit", 0), f64("server-memory-limit-gc-trigger", 0.7), bs("enable-gogc-tuner", false),
          f64("gc-tuner-threshold", 0.6), bs("block-safe-point-v1", false)};
}

const char* go_type(FieldType t) {
  switch (t) {
    case FieldType::U64: return "uint64";
    case FieldType::I64: return "int";
    case FieldType::F64: return "float64";
    case FieldType::BoolStr: return "bool";
    case FieldType::Duration: return "typeutil.Duration";
    default: return "string";
  }
}

const char* json_kind(const simdjson::dom::element& v) {
  switch (v.type()) {
    case simdjson::dom::element_type::STRING: return "string";
    case simdjson::dom::element_type::BOOL: return "bool";
    case simdjson::dom::element_type::ARRAY: return "array";
    case simdjson::dom::element_type::OBJECT: return "object";
    case simdjson::dom::element_type::NULL_VALUE: return "null";
    default: return "number";
  }
}

std::string number_text(const simdjson::dom::element& v) {
  if (v.is_int64()) return std::to_string(int64_t(v.get_int64()));
  if (v.is_uint64()) return std::to_string(uint64_t(v.get_uint64()));
  return go_float(double(v.get_double()));
}
}  // namespace

ConfigField* ConfigSection::find(std::string_view name) {
  for (auto& f : fields_)
    if (f.name == name) return &f;
  return nullptr;
}

const ConfigField* ConfigSection::find(std::string_view name) const {
  for (auto& f : fields_)
    if (f.name == name) return &f;
  return nullptr;
}

int64_t ConfigSection::i(std::string_view name) const {
  const ConfigField* f = find(name);
  return f ? f->i : 0;
}

double ConfigSection::f(std::string_view name) const {
  const ConfigField* x = find(name);
  return x ? x->f : 0;
}

const std::string& ConfigSection::s(std::string_view name) const {
  static const std::string empty;
  const ConfigField* f = find(name);
  return f ? f->s : empty;
}

void ConfigSection::write(JsonWriter& w,
                          const std::function<void(JsonWriter&, const std::string&)>& special) const {
  w.begin_object();
  for (const auto& f : fields_) {
    w.key(f.name);
    switch (f.type) {
      case FieldType::U64:
      case FieldType::I64:
        if (f.name == "max-merge-region-keys" && f.i == 0) w.i64(i("max-merge-region-size") * 10000);
        else w.i64(f.i);
        break;
      case FieldType::F64: w.f64(f.f); break;
      case FieldType::BoolStr: w.str(f.i ? "true" : "false"); break;
      case FieldType::Duration: w.str(go_duration(f.i)); break;
      case FieldType::Str:
      case FieldType::StrList: w.str(f.s); break;
      case FieldType::Special: special(w, f.name); break;
    }
  }
  w.end_object();
}

std::string ConfigSection::set(std::string_view name, const simdjson::dom::element& v) {
  ConfigField* f = find(name);
  if (!f) return "config item " + std::string(name) + " not found";
  auto type_error = [&](const std::string& what) {
    return "json: cannot unmarshal " + what + " into Go struct field " + go_struct_ + "." + f->name + " of type " +
           go_type(f->type);
  };
  std::string_view sv;
  switch (f->type) {
    case FieldType::U64:
    case FieldType::I64: {
      if (v.type() == simdjson::dom::element_type::NULL_VALUE) return "";
      if (!v.is_number()) return type_error(json_kind(v));
      bool ok = f->type == FieldType::U64 ? v.is_uint64() : v.is_int64();
      if (!ok) return type_error("number " + number_text(v));
      f->i = f->type == FieldType::U64 ? int64_t(uint64_t(v.get_uint64())) : int64_t(v.get_int64());
      return "";
    }
    case FieldType::F64:
      if (v.type() == simdjson::dom::element_type::NULL_VALUE) return "";
      if (!v.is_number()) return type_error(json_kind(v));
      f->f = double(v.get_double());
      return "";
    case FieldType::BoolStr:
      if (v.get_string().get(sv) != simdjson::SUCCESS) {
        if (v.is_bool() || v.is_number())
          return "json: invalid use of ,string struct tag, trying to unmarshal unquoted value into bool";
        return type_error(json_kind(v));
      }
      if (sv == "true") f->i = 1;
      else if (sv == "false") f->i = 0;
      else
        return "json: invalid use of ,string struct tag, trying to unmarshal \"" + std::string(sv) +
               "\" into bool";
      return "";
    case FieldType::Duration: {
      if (v.get_string().get(sv) != simdjson::SUCCESS) return "invalid syntax";
      auto d = parse_go_duration(sv);
      if (!d) return "time: invalid duration \"" + std::string(sv) + "\"";
      f->i = *d;
      return "";
    }
    case FieldType::Str:
    case FieldType::StrList:
      if (v.get_string().get(sv) != simdjson::SUCCESS) return type_error(json_kind(v));
      f->s = std::string(sv);
      return "";
    case FieldType::Special:
      return "";  // store-limit & co. are read-only through this path
  }
  return "";
}

PdConfig::PdConfig()
    : schedule("ScheduleConfig", schedule_defaults()),
      replication("ReplicationConfig", replication_defaults()),
      pd_server("PDServerConfig", pd_server_defaults()) {}

std::string PdConfig::validate() const {
  double tol = schedule.f("tolerant-size-ratio");
  double low = schedule.f("low-space-ratio"), high = schedule.f("high-space-ratio");
  if (tol < 0) return "tolerant-size-ratio should be non-negative";
  if (low < 0 || low > 1) return "low-space-ratio should between 0 and 1";
  if (high < 0 || high > 1) return "high-space-ratio should between 0 and 1";
  if (low <= high) return "low-space-ratio should be larger than high-space-ratio";
  const std::string& pol = schedule.s("leader-schedule-policy");
  if (pol != "count" && pol != "size") return "leader-schedule-policy should be count or size";
  if (replication.i("max-replicas") < 1) return "max-replicas should be larger than 0";
  const std::string& iso = replication.s("isolation-level");
  if (!iso.empty()) {
    std::string labels = "," + replication.s("location-labels") + ",";
    if (labels.find("," + iso + ",") == std::string::npos)
      return "isolation-level must be one of location-labels or empty";
  }
  return "";
}

ConfigSection* PdConfig::section(std::string_view name) {
  if (name == "schedule") return &schedule;
  if (name == "replication") return &replication;
  if (name == "pd-server") return &pd_server;
  return nullptr;
}

const ConfigSection* PdConfig::section(std::string_view name) const {
  return const_cast<PdConfig*>(this)->section(name);
}

}  // namespace pdsim
