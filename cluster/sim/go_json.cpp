// Go encoding/json scanner error reproduction (see go_json.hpp). The checker
// is a recursive descent over the same grammar as Go's scanner and reports
// the first offending byte with Go's context phrase.
#include "sim/go_json.hpp"

#include <cmath>
#include <cstdio>

#include "sim/format.hpp"
#include "sim/http.hpp"

namespace pdsim {

namespace {

std::string quote_char(unsigned char c) {
  if (c == '\'') return "'\\''";
  if (c == '"') return "'\"'";
  if (c >= 0x20 && c < 0x7f) return std::string("'") + char(c) + "'";
  char buf[16];
  if (c == '\n') return "'\\n'";
  if (c == '\r') return "'\\r'";
  if (c == '\t') return "'\\t'";
  if (c < 0x20 || c == 0x7f) {
    std::snprintf(buf, sizeof buf, "'\\x%02x'", c);
    return buf;
  }
  // A lone byte >= 0x80 is quoted by Go as the rune U+0080..U+00FF.
  std::string s = "'";
  s += char(0xC0 | (c >> 6));
  s += char(0x80 | (c & 0x3F));
  return s + "'";
}

struct Checker {
  std::string_view s;
  size_t i = 0;
  std::optional<GoSyntaxError> err;

  bool fail(const std::string& context) {
    if (i >= s.size()) {
      err = GoSyntaxError{"unexpected end of JSON input", s.size()};
    } else {
      err = GoSyntaxError{"invalid character " + quote_char((unsigned char)s[i]) + " " + context, i + 1};
    }
    return false;
  }
  void ws() {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
  }
  bool literal(const char* word) {
    std::string_view w(word);
    for (size_t k = 0; k < w.size(); ++k, ++i) {
      if (i >= s.size()) return fail("");
      if (s[i] != w[k]) return fail("in literal " + std::string(w) + " (expecting '" + w[k] + "')");
    }
    return true;
  }
  bool digits_required(const std::string& ctx) {
    if (i >= s.size() || !std::isdigit((unsigned char)s[i])) return fail(ctx);
    while (i < s.size() && std::isdigit((unsigned char)s[i])) ++i;
    return true;
  }
  bool number() {
    if (s[i] == '-') {
      ++i;
      if (i >= s.size() || !std::isdigit((unsigned char)s[i])) return fail("in numeric literal");
    }
    if (s[i] == '0') ++i;
    else while (i < s.size() && std::isdigit((unsigned char)s[i])) ++i;
    if (i < s.size() && s[i] == '.') {
      ++i;
      if (!digits_required("after decimal point in numeric literal")) return false;
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
      ++i;
      if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
      if (!digits_required("in exponent of numeric literal")) return false;
    }
    return true;
  }
  bool string() {
    ++i;  // opening quote
    while (i < s.size()) {
      unsigned char c = (unsigned char)s[i];
      if (c == '"') {
        ++i;
        return true;
      }
      if (c < 0x20) return fail("in string literal");
      if (c == '\\') {
        ++i;
        if (i >= s.size()) return fail("");
        char e = s[i];
        if (e == 'u') {
          for (int k = 0; k < 4; ++k) {
            ++i;
            if (i >= s.size()) return fail("");
            if (!std::isxdigit((unsigned char)s[i])) return fail("in \\u hexadecimal character escape");
          }
        } else if (std::string_view("bfnrt\\/\"").find(e) == std::string_view::npos) {
          return fail("in string escape code");
        }
      }
      ++i;
    }
    return fail("");
  }
  bool value(int depth) {
    ws();
    if (i >= s.size()) return fail("");
    if (depth > 10000) return fail("looking for beginning of value");
    char c = s[i];
    switch (c) {
      case '{': return object(depth);
      case '[': return array(depth);
      case '"': return string();
      case 't': return literal("true");
      case 'f': return literal("false");
      case 'n': return literal("null");
      default:
        if (c == '-' || std::isdigit((unsigned char)c)) return number();
        return fail("looking for beginning of value");
    }
  }
  bool object(int depth) {
    ++i;
    ws();
    if (i < s.size() && s[i] == '}') {
      ++i;
      return true;
    }
    while (true) {
      ws();
      if (i >= s.size() || s[i] != '"') return fail("looking for beginning of object key string");
      if (!string()) return false;
      ws();
      if (i >= s.size() || s[i] != ':') return fail("after object key");
      ++i;
      if (!value(depth + 1)) return false;
      ws();
      if (i < s.size() && s[i] == ',') {
        ++i;
        continue;
      }
      if (i < s.size() && s[i] == '}') {
        ++i;
        return true;
      }
      return fail("after object key:value pair");
    }
  }
  bool array(int depth) {
    ++i;
    ws();
    if (i < s.size() && s[i] == ']') {
      ++i;
      return true;
    }
    while (true) {
      if (!value(depth + 1)) return false;
      ws();
      if (i < s.size() && s[i] == ',') {
        ++i;
        continue;
      }
      if (i < s.size() && s[i] == ']') {
        ++i;
        return true;
      }
      return fail("after array element");
    }
  }
};

}  // namespace

std::optional<GoSyntaxError> go_json_check(std::string_view body) {
  Checker c{body};
  if (!c.value(0)) return c.err;
  c.ws();
  if (c.i < body.size()) {
    c.fail("after top-level value");
    return c.err;
  }
  return std::nullopt;
}

bool read_json_body(Ctx& ctx, simdjson::dom::parser& parser, simdjson::dom::element& out) {
  const std::string& body = ctx.req.body;
  if (auto e = go_json_check(body)) {
    ctx.errcode_input(e->msg, "{\n    \"Offset\": " + std::to_string(e->offset) + "\n  }");
    return false;
  }
  if (parser.parse(body).get(out) != simdjson::SUCCESS) {
    // Valid for Go but not for simdjson (e.g. numbers beyond double range).
    ctx.errcode_input("json: cannot unmarshal number into Go value", "{}");
    return false;
  }
  return true;
}

std::optional<double> json_number(const simdjson::dom::element& v) {
  double d;
  if (v.is_number() && v.get_double().get(d) == simdjson::SUCCESS) return d;
  return std::nullopt;
}

uint64_t go_u64_of(double v) {
  if (!(v >= 0) || v >= 18446744073709551616.0) return 0;
  return uint64_t(v);
}

}  // namespace pdsim
