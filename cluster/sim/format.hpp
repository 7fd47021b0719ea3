// Go-compatible value formatting for pdsim's PD responses: byte sizes
// (docker/go-units BytesSize), time.Duration strings, RFC 3339 and
// time.Time.String() timestamps, encoding/json floats, upper-case hex keys.
// Pure functions; no cluster state here.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pdsim {

/// go-units BytesSize: "%.4g" + binary unit ("0B", "1.5KiB", "96.73GiB").
std::string go_bytes_size(double bytes);
/// Go time.Duration.String(): "30m0s", "10ms", "1h0m0s", "0s".
std::string go_duration(int64_t ns);
/// Parses a Go duration ("30m", "1h30m", "10s", "500ms"); nullopt if invalid.
std::optional<int64_t> parse_go_duration(std::string_view s);
/// RFC 3339 with nanoseconds (trailing zeros dropped) in the local zone.
std::string rfc3339(int64_t unix_ns);
/// Go time.Time.String() with a monotonic suffix "m=+<mono_s>".
std::string go_time_string(int64_t unix_ns, double mono_s);
/// encoding/json float64 formatting (shortest round trip, no exponent
/// between 1e-6 and 1e21).
void append_go_float(std::string& out, double v);
std::string go_float(double v);
/// Appends the upper-case hex encoding of raw bytes.
void append_hex_upper(std::string& out, std::string_view raw);
std::string hex_upper(std::string_view raw);
std::string hex_lower(std::string_view raw);
/// Decodes hex (either case). On error returns nullopt and sets err to
/// Go's hex.DecodeString error text.
std::optional<std::string> hex_decode(std::string_view hex, std::string* err);
/// Appends s as a Go JSON string literal (escapes <, >, & like Go).
void append_json_string(std::string& out, std::string_view s);
/// Decodes %XX escapes (URL path / query); returns nullopt on a bad escape.
std::optional<std::string> url_unescape(std::string_view s);

}  // namespace pdsim
