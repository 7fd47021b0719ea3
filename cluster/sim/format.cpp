// Go-compatible formatting helpers (see format.hpp). Each function mirrors
// the Go standard library routine named in its comment, because PD clients
// parse these strings and tests compare them byte for byte.
#include "sim/format.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <ctime>

namespace pdsim {

std::string go_bytes_size(double size) {
  static const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"};
  int i = 0;
  while (size >= 1024.0 && i < 8) {
    size /= 1024.0;
    ++i;
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.4g%s", size, units[i]);
  return buf;
}

namespace {
// fmtFrac: fraction digits of v / 10^prec without trailing zeros.
std::string frac_digits(uint64_t frac, int prec) {
  std::string s(prec, '0');
  for (int i = prec - 1; i >= 0; --i) {
    s[i] = char('0' + frac % 10);
    frac /= 10;
  }
  while (!s.empty() && s.back() == '0') s.pop_back();
  return s.empty() ? s : "." + s;
}
}  // namespace

std::string go_duration(int64_t d) {
  if (d == 0) return "0s";
  bool neg = d < 0;
  uint64_t u = neg ? uint64_t(0) - uint64_t(d) : uint64_t(d);
  std::string out;
  if (u < 1000000000ULL) {
    int prec;
    const char* unit;
    if (u < 1000ULL) {
      prec = 0, unit = "ns";
    } else if (u < 1000000ULL) {
      prec = 3, unit = "\xC2\xB5s";
    } else {
      prec = 6, unit = "ms";
    }
    uint64_t p = 1;
    for (int i = 0; i < prec; ++i) p *= 10;
    out = std::to_string(u / p) + frac_digits(u % p, prec) + unit;
  } else {
    std::string frac = frac_digits(u % 1000000000ULL, 9);
    u /= 1000000000ULL;
    out = std::to_string(u % 60) + frac + "s";
    u /= 60;
    if (u > 0) {
      out = std::to_string(u % 60) + "m" + out;
      u /= 60;
      if (u > 0) out = std::to_string(u) + "h" + out;
    }
  }
  return neg ? "-" + out : out;
}

std::optional<int64_t> parse_go_duration(std::string_view s) {
  bool neg = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "0") return 0;
  if (s.empty()) return std::nullopt;
  double total = 0;
  while (!s.empty()) {
    size_t i = 0;
    while (i < s.size() && (std::isdigit((unsigned char)s[i]) || s[i] == '.')) ++i;
    if (i == 0) return std::nullopt;
    std::string num(s.substr(0, i));
    if (num == ".") return std::nullopt;
    char* end = nullptr;
    double v = std::strtod(num.c_str(), &end);
    if (end != num.c_str() + num.size()) return std::nullopt;
    s.remove_prefix(i);
    size_t j = 0;
    while (j < s.size() && !std::isdigit((unsigned char)s[j]) && s[j] != '.') ++j;
    std::string_view unit = s.substr(0, j);
    s.remove_prefix(j);
    double mul;
    if (unit == "ns") mul = 1;
    else if (unit == "us" || unit == "\xC2\xB5s" || unit == "\xCE\xBCs") mul = 1e3;
    else if (unit == "ms") mul = 1e6;
    else if (unit == "s") mul = 1e9;
    else if (unit == "m") mul = 60e9;
    else if (unit == "h") mul = 3600e9;
    else return std::nullopt;
    total += v * mul;
  }
  if (total > 9.2e18) return std::nullopt;
  return int64_t(neg ? -total : total);
}

namespace {
struct LocalParts {
  std::tm tm;
  long offset_s;
  std::string zone;
};

LocalParts local_parts(int64_t unix_s) {
  LocalParts p{};
  time_t t = time_t(unix_s);
  localtime_r(&t, &p.tm);
  p.offset_s = p.tm.tm_gmtoff;
  p.zone = p.tm.tm_zone ? p.tm.tm_zone : "UTC";
  return p;
}

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
}  // namespace

std::string rfc3339(int64_t unix_ns) {
  int64_t secs = floor_div(unix_ns, 1000000000);
  int64_t nanos = unix_ns - secs * 1000000000;
  LocalParts p = local_parts(secs);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", p.tm.tm_year + 1900, p.tm.tm_mon + 1,
                p.tm.tm_mday, p.tm.tm_hour, p.tm.tm_min, p.tm.tm_sec);
  std::string out = buf + frac_digits(uint64_t(nanos), 9);
  if (p.offset_s == 0) return out + "Z";
  long off = p.offset_s < 0 ? -p.offset_s : p.offset_s;
  std::snprintf(buf, sizeof buf, "%c%02ld:%02ld", p.offset_s < 0 ? '-' : '+', off / 3600, (off / 60) % 60);
  return out + buf;
}

std::string go_time_string(int64_t unix_ns, double mono_s) {
  if (unix_ns == 0) return "0001-01-01 00:00:00 +0000 UTC";
  int64_t secs = floor_div(unix_ns, 1000000000);
  int64_t nanos = unix_ns - secs * 1000000000;
  LocalParts p = local_parts(secs);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d", p.tm.tm_year + 1900, p.tm.tm_mon + 1,
                p.tm.tm_mday, p.tm.tm_hour, p.tm.tm_min, p.tm.tm_sec);
  std::string out = buf + frac_digits(uint64_t(nanos), 9);
  long off = p.offset_s < 0 ? -p.offset_s : p.offset_s;
  std::snprintf(buf, sizeof buf, " %c%02ld%02ld %s m=%+.9f", p.offset_s < 0 ? '-' : '+', off / 3600,
                (off / 60) % 60, p.zone.c_str(), mono_s);
  return out + buf;
}

void append_go_float(std::string& out, double v) {
  if (!std::isfinite(v)) v = 0;  // Go would fail to marshal; never emit NaN
  char buf[64];
  double a = std::fabs(v);
  bool sci = a != 0 && (a < 1e-6 || a >= 1e21);
  auto r = std::to_chars(buf, buf + sizeof buf, v, sci ? std::chars_format::scientific : std::chars_format::fixed);
  size_t n = size_t(r.ptr - buf);
  if (sci && n >= 4 && buf[n - 4] == 'e' && buf[n - 3] == '-' && buf[n - 2] == '0') {
    buf[n - 2] = buf[n - 1];
    --n;
  }
  out.append(buf, n);
}

std::string go_float(double v) {
  std::string s;
  append_go_float(s, v);
  return s;
}

void append_hex_upper(std::string& out, std::string_view raw) {
  static const char digits[] = "0123456789ABCDEF";
  size_t at = out.size();
  out.resize(at + raw.size() * 2);
  char* p = out.data() + at;
  for (unsigned char c : raw) {
    *p++ = digits[c >> 4];
    *p++ = digits[c & 15];
  }
}

std::string hex_upper(std::string_view raw) {
  std::string s;
  append_hex_upper(s, raw);
  return s;
}

std::string hex_lower(std::string_view raw) {
  static const char digits[] = "0123456789abcdef";
  std::string s;
  for (unsigned char c : raw) {
    s += digits[c >> 4];
    s += digits[c & 15];
  }
  return s;
}

namespace {
int hex_val(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

std::optional<std::string> hex_decode(std::string_view hex, std::string* err) {
  std::string out;
  out.reserve(hex.size() / 2);
  size_t i = 0;
  for (; i + 1 < hex.size(); i += 2) {
    int hi = hex_val(hex[i]), lo = hex_val(hex[i + 1]);
    char bad = hi < 0 ? hex[i] : (lo < 0 ? hex[i + 1] : 0);
    if (hi < 0 || lo < 0) {
      if (err) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "encoding/hex: invalid byte: U+%04X '%c'", unsigned((unsigned char)bad), bad);
        *err = buf;
      }
      return std::nullopt;
    }
    out.push_back(char(hi * 16 + lo));
  }
  if (i < hex.size()) {
    if (hex_val(hex[i]) < 0) {
      if (err) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "encoding/hex: invalid byte: U+%04X '%c'", unsigned((unsigned char)hex[i]),
                      hex[i]);
        *err = buf;
      }
    } else if (err) {
      *err = "encoding/hex: odd length hex string";
    }
    return std::nullopt;
  }
  return out;
}

void append_json_string(std::string& out, std::string_view s) {
  static const char digits[] = "0123456789abcdef";
  out.push_back('"');
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = (unsigned char)s[i];
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '<': case '>': case '&':
        out += "\\u00";
        out.push_back(digits[c >> 4]);
        out.push_back(digits[c & 15]);
        break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out.push_back(digits[c >> 4]);
          out.push_back(digits[c & 15]);
        } else if (c == 0xE2 && i + 2 < s.size() && (unsigned char)s[i + 1] == 0x80 &&
                   ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9)) {
          out += (unsigned char)s[i + 2] == 0xA8 ? "\\u2028" : "\\u2029";
          i += 2;
        } else {
          out.push_back(char(c));
        }
    }
  }
  out.push_back('"');
}

std::optional<std::string> url_unescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      int hi = hex_val(s[i + 1]), lo = hex_val(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(char(hi * 16 + lo));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

}  // namespace pdsim
