// engine/pd/pd_format.hpp: PD's scalar text formats — Go ByteSize strings
// ("1.819TiB", v3 "10 GiB"), Go time.Duration strings ("72h52m31.2s"), and
// region keys as hex. Pure functions, no allocation beyond the outputs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace medic::pd {

/// Parse a docker/go-units BytesSize ("0B", "512B", "1.5KiB", "96.73GiB") or a
/// go-humanize size ("10 GiB", "1.2 kB"); binary units = 1024^n, SI units
/// (kB, MB, ...) = 1000^n. nullopt for anything else (negative, no unit, junk).
std::optional<uint64_t> parse_byte_size(std::string_view s);

/// Parse a Go time.Duration string ("0s", "10ms", "1h0m0s", "1.5us", "-3s")
/// into seconds. nullopt for malformed input.
std::optional<double> parse_go_duration(std::string_view s);

/// Decode hex (either case) into raw bytes, appending to *out after clearing
/// it. False on odd length or a non-hex character (out then unspecified).
bool hex_decode(std::string_view hex, std::string* out);

/// Raw bytes to PD's upper-case hex.
std::string hex_encode(std::string_view raw);

/// Format bytes the way PD does ("1.5GiB") for display.
std::string format_byte_size(uint64_t bytes);

}  // namespace medic::pd
