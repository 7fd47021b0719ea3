// TiDB-style region boundary keys: memcomparable-encoded table prefixes
// ("t" + int64 table id) and row keys ("t" + table + "_r" + int64 handle),
// as TiKV stores them (codec.EncodeBytes groups of 8 + marker byte).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pdsim {

/// codec.EncodeBytes: 8-byte groups each followed by 0xFF - padding.
std::string encode_bytes(std::string_view raw);
std::optional<std::string> decode_bytes(std::string_view enc);
/// Encoded key of a table prefix "t{table}".
std::string table_key(int64_t table);
/// Encoded key of row "t{table}_r{handle}".
std::string row_key(int64_t table, int64_t handle);
/// A key strictly between a and b (b empty = +inf), or nullopt if none is
/// found; prefers the middle row handle when both are rows of one table.
std::optional<std::string> middle_key(std::string_view a, std::string_view b);

}  // namespace pdsim
