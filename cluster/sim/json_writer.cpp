// JsonWriter implementation: Go MarshalIndent layout rules (see header).
#include "sim/json_writer.hpp"

#include <charconv>

#include "sim/format.hpp"

namespace pdsim {

void JsonWriter::newline_indent(size_t depth) {
  out_.push_back('\n');
  out_.append(depth * 2, ' ');
}

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (empty_.empty()) return;
  if (!empty_.back()) out_.push_back(',');
  empty_.back() = false;
  if (indent_) newline_indent(empty_.size());
}

void JsonWriter::open(char c) {
  before_value();
  out_.push_back(c);
  empty_.push_back(true);
}

void JsonWriter::close(char c) {
  bool was_empty = empty_.back();
  empty_.pop_back();
  if (indent_ && !was_empty) newline_indent(empty_.size());
  out_.push_back(c);
}

JsonWriter& JsonWriter::begin_object() { open('{'); return *this; }
JsonWriter& JsonWriter::end_object() { close('}'); return *this; }
JsonWriter& JsonWriter::begin_array() { open('['); return *this; }
JsonWriter& JsonWriter::end_array() { close(']'); return *this; }

JsonWriter& JsonWriter::key(std::string_view k) {
  before_value();
  append_json_string(out_, k);
  out_ += indent_ ? ": " : ":";
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::str(std::string_view s) {
  before_value();
  append_json_string(out_, s);
  return *this;
}

JsonWriter& JsonWriter::u64(uint64_t v) {
  before_value();
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out_.append(buf, r.ptr);
  return *this;
}

JsonWriter& JsonWriter::i64(int64_t v) {
  before_value();
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out_.append(buf, r.ptr);
  return *this;
}

JsonWriter& JsonWriter::f64(double v) {
  before_value();
  append_go_float(out_, v);
  return *this;
}

JsonWriter& JsonWriter::boolean(bool v) {
  before_value();
  out_ += v ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::null() {
  before_value();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::raw(std::string_view json) {
  before_value();
  out_.append(json);
  return *this;
}

std::string JsonWriter::take(bool trailing_newline) {
  if (trailing_newline) out_.push_back('\n');
  return std::move(out_);
}

}  // namespace pdsim
