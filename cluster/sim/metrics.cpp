// Store metrics text (see metrics.hpp). Caller holds sim.mu shared.
#include "sim/metrics.hpp"

#include "sim/format.hpp"

namespace pdsim {

namespace {
void series(std::string& out, const char* name, const char* help, const char* type, const std::string& labels,
            double v) {
  out += "# HELP ";
  out += name;
  out += ' ';
  out += help;
  out += "\n# TYPE ";
  out += name;
  out += ' ';
  out += type;
  out += '\n';
  out += name;
  out += labels;
  out += ' ';
  append_go_float(out, v);
  out += '\n';
}
}  // namespace

std::string store_metrics_text(const Sim& sim, const Store& s) {
  std::string out;
  series(out, "tikv_store_size_bytes", "Size of storage.", "gauge", "{type=\"capacity\"}", double(s.capacity));
  out += "tikv_store_size_bytes{type=\"available\"} " + go_float(double(s.available_bytes())) + "\n";
  out += "tikv_store_size_bytes{type=\"used\"} " + go_float(double(s.used_bytes())) + "\n";
  series(out, "tikv_raftstore_region_count", "Number of regions collected in region_collection_worker.", "gauge",
         "{type=\"region\"}", double(s.region_count));
  out += "tikv_raftstore_region_count{type=\"leader\"} " + std::to_string(s.leader_count) + "\n";
  series(out, "tikv_engine_size_bytes", "Sizes of each column families", "gauge", "{db=\"kv\",type=\"default\"}",
         double(s.region_size) * double(1 << 20));
  series(out, "tikv_raftstore_slow_score", "Slow score of the store.", "gauge", "", double(s.slow_score));
  series(out, "tikv_store_write_bytes_per_second", "Write flow of the store (simulated).", "gauge", "", s.bytes_w);
  series(out, "tikv_store_read_bytes_per_second", "Read flow of the store (simulated).", "gauge", "", s.bytes_r);
  series(out, "process_start_time_seconds", "Start time of the process since unix epoch in seconds.", "gauge", "",
         double(s.start_timestamp_s));
  series(out, "tikv_simulated_time_seconds", "pdsim simulated clock.", "gauge", "", double(sim.now_ns) / 1e9);
  return out;
}

}  // namespace pdsim
