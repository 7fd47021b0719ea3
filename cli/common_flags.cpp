// cli/common_flags.cpp: shared flag parsing (see header).
#include "common_flags.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace medic::cli {

std::string default_db_path() {
    const char* env = std::getenv("MEDIC_DB");
    return env && *env ? env : "./medic.db";
}

bool take_flag(std::vector<std::string>& rest, std::string_view name, std::string* value, std::string* err) {
    for (size_t i = 0; i < rest.size(); ++i) {
        const std::string& a = rest[i];
        if (a == name) {
            if (i + 1 >= rest.size() || rest[i + 1].rfind("--", 0) == 0) {
                *err = std::string(name) + " needs a value";
                rest.erase(rest.begin() + long(i));
                return true;
            }
            *value = rest[i + 1];
            if (value->empty()) *err = std::string(name) + " needs a value, got ''";
            rest.erase(rest.begin() + long(i), rest.begin() + long(i) + 2);
            return true;
        }
        if (a.size() > name.size() && a.compare(0, name.size(), name) == 0 && a[name.size()] == '=') {
            *value = a.substr(name.size() + 1);
            if (value->empty()) *err = std::string(name) + " needs a value";
            rest.erase(rest.begin() + long(i));
            return true;
        }
    }
    return false;
}

bool take_switch(std::vector<std::string>& rest, std::string_view name) {
    for (size_t i = 0; i < rest.size(); ++i)
        if (rest[i] == name) {
            rest.erase(rest.begin() + long(i));
            return true;
        }
    return false;
}

std::optional<double> parse_positive(std::string_view name, const std::string& text, std::string* err) {
    // Decimal only: strtod alone would also take "0x10", " 5", "inf" and "nan".
    bool decimal = !text.empty() && (std::isdigit((unsigned char)text[0]) || text[0] == '.') &&
                   text.find_first_not_of("0123456789.eE+-") == std::string::npos;
    char* end = nullptr;
    double v = decimal ? std::strtod(text.c_str(), &end) : 0;
    if (!decimal || *end != '\0' || !(v > 0) || !std::isfinite(v)) {
        *err = std::string(name) + " must be a positive number, got '" + text + "'";
        return std::nullopt;
    }
    return v;
}

std::optional<std::string> parse_common_flags(const Args& args, CommonFlags& out) {
    out.rest = args;
    out.db = default_db_path();
    std::string err;
    take_flag(out.rest, "--pd", &out.pd, &err);
    if (!err.empty()) return err;
    if (take_flag(out.rest, "--db", &out.db, &err)) out.db_given = true;
    if (!err.empty()) return err;
    out.json = take_switch(out.rest, "--json");
    return std::nullopt;
}

int fail(std::string_view cmd, std::string_view msg, int code) {
    std::fprintf(stderr, "medic %.*s: %.*s\n", int(cmd.size()), cmd.data(), int(msg.size()), msg.data());
    return code;
}

std::optional<long long> parse_whole(std::string_view name, const std::string& text, long long min, long long max,
                                     std::string* err) {
    // strtoll alone reads "x" as 0 and "5x" as 5: the whole text must be digits.
    bool digits = !text.empty() && text.size() <= 18 &&
                  text.find_first_not_of("0123456789", text[0] == '-' ? 1 : 0) == std::string::npos && text != "-";
    long long v = digits ? std::strtoll(text.c_str(), nullptr, 10) : 0;
    if (!digits || v < min || v > max) {
        *err = std::string(name) + " must be a whole number from " + std::to_string(min) + " to " + std::to_string(max) +
               ", got '" + text + "'";
        return std::nullopt;
    }
    return v;
}

int parse_page_size(const std::string& text, std::string* err) {
    return int(parse_whole("--scan-page", text, 1, 10240, err).value_or(0));
}

bool database_exists(std::string_view cmd, const std::string& path) {
    if (std::filesystem::exists(path)) return true;
    fail(cmd, "no database at " + path + " (pass --db PATH or set MEDIC_DB)");
    return false;
}

}  // namespace medic::cli
