// JsonWriter: pdsim's hand-written JSON emitter. A purpose-built writer is
// used instead of a JSON library because PD's bytes must be reproduced
// exactly (Go's MarshalIndent layout with "{}"/"[]" for empty containers,
// Go float format, <>& escaped as \u003c..., field order and omitempty) and
// because /regions must stream hundreds of MB per second. Indented mode is
// PD's rd.JSON; compact mode is easyjson/rd.Data. Request bodies are parsed
// with simdjson elsewhere; this unit only writes.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace pdsim {

class JsonWriter {
 public:
  explicit JsonWriter(bool indent) : indent_(indent) {}

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  /// Object key; must be followed by exactly one value.
  JsonWriter& key(std::string_view k);
  JsonWriter& str(std::string_view s);
  JsonWriter& u64(uint64_t v);
  JsonWriter& i64(int64_t v);
  JsonWriter& f64(double v);
  JsonWriter& boolean(bool v);
  JsonWriter& null();
  /// Pre-rendered JSON value (compact); inserted verbatim.
  JsonWriter& raw(std::string_view json);

  /// The document; rd.JSON appends "\n" after the value.
  std::string take(bool trailing_newline);

 private:
  void before_value();
  void open(char c);
  void close(char c);
  void newline_indent(size_t depth);

  std::string out_;
  bool indent_;
  bool after_key_ = false;
  std::vector<bool> empty_;  // per open container: no element written yet
};

}  // namespace pdsim
