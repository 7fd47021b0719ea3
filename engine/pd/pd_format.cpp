// engine/pd/pd_format.cpp: ByteSize, Duration and hex codecs (see header).
#include "pd/pd_format.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace medic::pd {

namespace {

// Multiplier for a unit suffix, or 0 when unknown.
double unit_multiplier(std::string_view u) {
    struct Unit { std::string_view name; double mult; };
    static constexpr Unit kUnits[] = {
        {"B", 1}, {"", 1},
        {"KiB", 1024.0}, {"MiB", 1048576.0}, {"GiB", 1073741824.0},
        {"TiB", 1099511627776.0}, {"PiB", 1125899906842624.0}, {"EiB", 1152921504606846976.0},
        {"kB", 1e3}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}, {"TB", 1e12}, {"PB", 1e15}, {"EB", 1e18},
    };
    for (const auto& e : kUnits)
        if (e.name == u) return e.mult;
    return 0;
}

// Parse a non-negative decimal number prefix; returns chars consumed (0 = none).
size_t parse_decimal(std::string_view s, double* out) {
    size_t i = 0;
    bool digits = false;
    double v = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
        v = v * 10 + (s[i++] - '0');
        digits = true;
    }
    if (i < s.size() && s[i] == '.') {
        ++i;
        double scale = 0.1;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
            v += (s[i++] - '0') * scale;
            scale /= 10;
            digits = true;
        }
    }
    if (!digits) return 0;
    *out = v;
    return i;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

}  // namespace

std::optional<uint64_t> parse_byte_size(std::string_view s) {
    double v = 0;
    size_t n = parse_decimal(s, &v);
    if (n == 0) return std::nullopt;
    std::string_view unit = s.substr(n);
    if (!unit.empty() && unit.front() == ' ') unit.remove_prefix(1);  // go-humanize "10 GiB"
    if (unit.empty()) return std::nullopt;  // PD always prints a unit
    double m = unit_multiplier(unit);
    if (m == 0) return std::nullopt;
    double bytes = std::round(v * m);
    if (!(bytes < 18446744073709551615.0)) return std::nullopt;
    return uint64_t(bytes);
}

std::optional<double> parse_go_duration(std::string_view s) {
    if (s.empty()) return std::nullopt;
    double sign = 1;
    if (s.front() == '-' || s.front() == '+') {
        sign = s.front() == '-' ? -1 : 1;
        s.remove_prefix(1);
    }
    if (s == "0") return 0.0;
    double total = 0;
    while (!s.empty()) {
        double v = 0;
        size_t n = parse_decimal(s, &v);
        if (n == 0) return std::nullopt;
        s.remove_prefix(n);
        size_t u = 0;
        while (u < s.size() && !(s[u] >= '0' && s[u] <= '9') && s[u] != '.') ++u;
        std::string_view unit = s.substr(0, u);
        s.remove_prefix(u);
        double m;
        if (unit == "h") m = 3600;
        else if (unit == "m") m = 60;
        else if (unit == "s") m = 1;
        else if (unit == "ms") m = 1e-3;
        else if (unit == "us" || unit == "\xC2\xB5s" || unit == "\xCE\xBCs") m = 1e-6;
        else if (unit == "ns") m = 1e-9;
        else return std::nullopt;
        total += v * m;
    }
    return sign * total;
}

bool hex_decode(std::string_view hex, std::string* out) {
    out->clear();
    if (hex.size() % 2 != 0) return false;
    out->resize(hex.size() / 2);
    for (size_t i = 0; i < hex.size(); i += 2) {
        int hi = hex_value(hex[i]), lo = hex_value(hex[i + 1]);
        if (hi < 0 || lo < 0) return false;
        (*out)[i / 2] = char((hi << 4) | lo);
    }
    return true;
}

std::string hex_encode(std::string_view raw) {
    static constexpr char kDigits[] = "0123456789ABCDEF";
    std::string out(raw.size() * 2, '0');
    for (size_t i = 0; i < raw.size(); ++i) {
        auto b = static_cast<unsigned char>(raw[i]);
        out[2 * i] = kDigits[b >> 4];
        out[2 * i + 1] = kDigits[b & 15];
    }
    return out;
}

std::string format_byte_size(uint64_t bytes) {
    static constexpr const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double v = double(bytes);
    int u = 0;
    while (v >= 1024 && u < 6) {
        v /= 1024;
        ++u;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g%s", v, kUnits[u]);
    return buf;
}

}  // namespace medic::pd
