// TiDB key encoding (see keys.hpp).
#include "sim/keys.hpp"

namespace pdsim {

namespace {
void put_int64(std::string& out, int64_t v) {
  uint64_t u = uint64_t(v) ^ 0x8000000000000000ULL;  // sign bit flipped: memcomparable
  for (int i = 7; i >= 0; --i) out.push_back(char((u >> (i * 8)) & 0xFF));
}
int64_t get_int64(std::string_view s) {
  uint64_t u = 0;
  for (int i = 0; i < 8; ++i) u = (u << 8) | (unsigned char)s[size_t(i)];
  return int64_t(u ^ 0x8000000000000000ULL);
}
}  // namespace

std::string encode_bytes(std::string_view raw) {
  std::string out;
  size_t i = 0;
  while (true) {
    size_t left = raw.size() - i;
    if (left >= 8) {
      out.append(raw.substr(i, 8));
      out.push_back(char(0xFF));
      i += 8;
      continue;
    }
    out.append(raw.substr(i));
    out.append(8 - left, '\0');
    out.push_back(char(0xFF - (8 - left)));
    return out;
  }
}

std::optional<std::string> decode_bytes(std::string_view enc) {
  std::string out;
  size_t i = 0;
  while (i + 9 <= enc.size()) {
    unsigned char marker = (unsigned char)enc[i + 8];
    size_t pad = 0xFF - marker;
    if (pad > 8) return std::nullopt;
    out.append(enc.substr(i, 8 - pad));
    i += 9;
    if (pad > 0) return i == enc.size() ? std::optional<std::string>(out) : std::nullopt;
  }
  return std::nullopt;
}

std::string table_key(int64_t table) {
  std::string raw = "t";
  put_int64(raw, table);
  return encode_bytes(raw);
}

std::string row_key(int64_t table, int64_t handle) {
  std::string raw = "t";
  put_int64(raw, table);
  raw += "_r";
  put_int64(raw, handle);
  return encode_bytes(raw);
}

namespace {
struct RowPos {
  int64_t table;
  int64_t handle;  // INT64_MIN for a bare table prefix
};
std::optional<RowPos> parse_row(std::string_view enc) {
  auto raw = decode_bytes(enc);
  if (!raw || raw->size() < 9 || (*raw)[0] != 't') return std::nullopt;
  int64_t table = get_int64(std::string_view(*raw).substr(1, 8));
  if (raw->size() == 9) return RowPos{table, INT64_MIN};
  if (raw->size() == 19 && (*raw)[9] == '_' && (*raw)[10] == 'r')
    return RowPos{table, get_int64(std::string_view(*raw).substr(11, 8))};
  return std::nullopt;
}
}  // namespace

std::optional<std::string> middle_key(std::string_view a, std::string_view b) {
  auto pa = parse_row(a);
  if (pa) {
    auto pb = b.empty() ? std::optional<RowPos>() : parse_row(b);
    int64_t lo = pa->handle == INT64_MIN ? 0 : pa->handle;
    int64_t hi = lo + 2000000;  // open-ended: rows beyond the last boundary
    if (pb && pb->table == pa->table && pb->handle != INT64_MIN) hi = pb->handle;
    else if (pb && pb->table != pa->table + 0 && pb->table <= pa->table) hi = lo;
    if (hi - lo >= 2) {
      std::string k = row_key(pa->table, lo + (hi - lo) / 2);
      if (std::string_view(k) > a && (b.empty() || std::string_view(k) < b)) return k;
    }
  }
  if (a.empty() && !b.empty() && (unsigned char)b[0] > 0) {
    std::string k(1, char((unsigned char)b[0] - 1));
    k.push_back('\xFF');
    return k;  // "" < k < b
  }
  std::string k(a);
  k.push_back('\x80');
  if (b.empty() || std::string_view(k) < b) return k;
  return std::nullopt;
}

}  // namespace pdsim
