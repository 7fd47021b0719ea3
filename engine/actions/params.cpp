// engine/actions/params.cpp: parameter checking and canonical JSON (params.hpp).
#include "actions/params.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace medic::actions {
namespace {

std::string format_number(double d) {
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e15) {
        return std::to_string(static_cast<int64_t>(d));
    }
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", d);
    return buf;
}

std::string range_text(const ParamSpec& p) {
    bool has_min = p.min > std::numeric_limits<double>::lowest();
    bool has_max = p.max < 9.0e18;
    if (has_min && has_max) return " in [" + format_number(p.min) + ", " + format_number(p.max) + "]";
    if (has_min) return " >= " + format_number(p.min);
    if (has_max) return " <= " + format_number(p.max);
    return "";
}

std::string expected(const ParamSpec& p) {
    return p.domain + " (" + param_type_name(p.type) + ")";
}

std::string type_error(const ActionSpec& s, const ParamSpec& p, const ParamValue& got) {
    return s.name + ": " + p.name + " must be " + expected(p) + ", got " + value_type_name(got);
}

std::string check_number_range(const ActionSpec& s, const ParamSpec& p, double v, bool is_int) {
    if (std::isnan(v) || v < p.min || v > p.max) {
        return s.name + ": " + p.name + " must be " + p.domain + " (" +
               (is_int ? "integer" : "number") + range_text(p) + "), got " + format_number(v);
    }
    return "";
}

std::string check_choice(const ActionSpec& s, const ParamSpec& p, const std::string& v) {
    if (p.choices.empty()) return "";
    for (const auto& c : p.choices)
        if (c == v) return "";
    std::string list;
    for (const auto& c : p.choices) list += (list.empty() ? "" : ", ") + c;
    return s.name + ": " + p.name + " must be one of " + list + ", got \"" + v + "\"";
}

// Integers may arrive as doubles (Lua numbers, JSON); accept them when integral.
bool as_integer(const ParamValue& v, int64_t& out) {
    if (auto* i = std::get_if<int64_t>(&v)) { out = *i; return true; }
    if (auto* d = std::get_if<double>(&v)) {
        if (std::isfinite(*d) && *d == std::floor(*d) && std::fabs(*d) < 9.2e18) {
            out = static_cast<int64_t>(*d);
            return true;
        }
    }
    return false;
}

// Check one supplied value; on success store the normalised value in `out`.
std::string check_value(const ActionSpec& s, const ParamSpec& p, const ParamValue& v,
                        ParamValue& out) {
    switch (p.type) {
        case ParamType::Integer: {
            int64_t i = 0;
            if (!as_integer(v, i)) return type_error(s, p, v);
            out = i;
            return check_number_range(s, p, double(i), true);
        }
        case ParamType::Number: {
            double d = 0;
            if (auto* i = std::get_if<int64_t>(&v)) d = double(*i);
            else if (auto* dd = std::get_if<double>(&v)) d = *dd;
            else return type_error(s, p, v);
            out = d;
            return check_number_range(s, p, d, false);
        }
        case ParamType::String: {
            auto* str = std::get_if<std::string>(&v);
            if (!str) return type_error(s, p, v);
            if (str->size() > 4096) return s.name + ": " + p.name + " is too long (max 4096 bytes)";
            out = *str;
            return check_choice(s, p, *str);
        }
        case ParamType::Bool:
            if (!std::holds_alternative<bool>(v)) return type_error(s, p, v);
            out = v;
            return "";
        case ParamType::IntegerList: {
            auto* l = std::get_if<std::vector<int64_t>>(&v);
            if (!l) return type_error(s, p, v);
            if (l->size() > 10000) return s.name + ": " + p.name + " has too many elements (max 10000)";
            for (int64_t i : *l)
                if (auto e = check_number_range(s, p, double(i), true); !e.empty()) return e;
            out = v;
            return "";
        }
        case ParamType::StringList: {
            auto* l = std::get_if<std::vector<std::string>>(&v);
            if (!l) return type_error(s, p, v);
            if (l->size() > 10000) return s.name + ": " + p.name + " has too many elements (max 10000)";
            for (const auto& e : *l)
                if (auto err = check_choice(s, p, e); !err.empty()) return err;
            out = v;
            return "";
        }
        case ParamType::Count: break;
    }
    return s.name + ": " + p.name + ": unsupported parameter type";
}

std::string known_names(const ActionSpec& s) {
    std::string list;
    for (const auto& p : s.params) list += (list.empty() ? "" : ", ") + p.name;
    return list.empty() ? "none" : list;
}

}  // namespace

const char* value_type_name(const ParamValue& v) {
    switch (v.index()) {
        case 0: return "nil";
        case 1: return "integer";
        case 2: return "number";
        case 3: return "string";
        case 4: return "boolean";
        case 5: return "integer list";
        default: return "string list";
    }
}

ParamCheck check_params(const ActionSpec& spec, const ParamMap& input) {
    ParamCheck r;
    for (const auto& [name, value] : input) {
        if (!spec.param(name)) {
            r.error = spec.name + ": unknown parameter '" + name + "' (expected " + known_names(spec) + ")";
            return r;
        }
    }
    for (const auto& p : spec.params) {
        auto it = input.find(p.name);
        bool absent = it == input.end() || std::holds_alternative<std::monostate>(it->second);
        if (absent) {
            if (p.required) {
                r.error = spec.name + ": " + p.name + " is required (" + expected(p) + ")";
                return r;
            }
            if (!std::holds_alternative<std::monostate>(p.default_value))
                r.params[p.name] = p.default_value;
            continue;
        }
        ParamValue out;
        if (auto e = check_value(spec, p, it->second, out); !e.empty()) {
            r.error = std::move(e);
            return r;
        }
        r.params[p.name] = std::move(out);
    }
    return r;
}

namespace {

bool parse_int_text(std::string_view t, int64_t& out) {
    auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), out);
    return ec == std::errc() && ptr == t.data() + t.size() && !t.empty();
}

std::vector<std::string> split_commas(std::string_view t) {
    std::vector<std::string> out;
    if (t.empty()) return out;
    size_t start = 0;
    while (true) {
        size_t c = t.find(',', start);
        out.emplace_back(t.substr(start, c == std::string_view::npos ? t.npos : c - start));
        if (c == std::string_view::npos) break;
        start = c + 1;
    }
    return out;
}

}  // namespace

ParamValue parse_param_text(const ParamSpec& p, std::string_view text, std::string& error) {
    switch (p.type) {
        case ParamType::Integer: {
            int64_t i = 0;
            if (parse_int_text(text, i)) return i;
            break;
        }
        case ParamType::Number: {
            std::string s(text);
            char* end = nullptr;
            double d = std::strtod(s.c_str(), &end);
            if (!s.empty() && end == s.c_str() + s.size()) return d;
            break;
        }
        case ParamType::String: return std::string(text);
        case ParamType::Bool:
            if (text == "true" || text == "1") return true;
            if (text == "false" || text == "0") return false;
            break;
        case ParamType::IntegerList: {
            std::vector<int64_t> v;
            bool all_ok = true;
            for (const auto& part : split_commas(text)) {
                int64_t i = 0;
                all_ok = all_ok && parse_int_text(part, i);
                v.push_back(i);
            }
            if (all_ok) return v;
            break;
        }
        case ParamType::StringList: return split_commas(text);
        case ParamType::Count: break;
    }
    error = p.name + " must be " + p.domain + " (" + param_type_name(p.type) + "), got '" +
            std::string(text) + "'";
    return std::monostate{};
}

std::string json_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 2);
    for (unsigned char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else {
                    out += char(c);
                }
        }
    }
    return out;
}

std::string value_to_json(const ParamValue& v) {
    switch (v.index()) {
        case 0: return "null";
        case 1: return std::to_string(std::get<int64_t>(v));
        case 2: {
            double d = std::get<double>(v);
            return std::isfinite(d) ? format_number(d) : "null";
        }
        case 3: return "\"" + json_escape(std::get<std::string>(v)) + "\"";
        case 4: return std::get<bool>(v) ? "true" : "false";
        case 5: {
            std::string s = "[";
            for (auto i : std::get<std::vector<int64_t>>(v)) s += (s.size() > 1 ? "," : "") + std::to_string(i);
            return s + "]";
        }
        default: {
            std::string s = "[";
            for (const auto& e : std::get<std::vector<std::string>>(v))
                s += (s.size() > 1 ? ",\"" : "\"") + json_escape(e) + "\"";
            return s + "]";
        }
    }
}

std::string params_to_json(const ParamMap& m) {
    std::string s = "{";
    for (const auto& [k, v] : m) {
        if (s.size() > 1) s += ",";
        s += "\"" + json_escape(k) + "\":" + value_to_json(v);
    }
    return s + "}";
}

int64_t param_int(const ParamMap& m, std::string_view name, int64_t fallback) {
    auto it = m.find(name);
    if (it == m.end()) return fallback;
    if (auto* i = std::get_if<int64_t>(&it->second)) return *i;
    if (auto* d = std::get_if<double>(&it->second)) return int64_t(*d);
    return fallback;
}

double param_number(const ParamMap& m, std::string_view name, double fallback) {
    auto it = m.find(name);
    if (it == m.end()) return fallback;
    if (auto* d = std::get_if<double>(&it->second)) return *d;
    if (auto* i = std::get_if<int64_t>(&it->second)) return double(*i);
    return fallback;
}

std::string param_string(const ParamMap& m, std::string_view name, std::string fallback) {
    auto it = m.find(name);
    if (it == m.end()) return fallback;
    if (auto* s = std::get_if<std::string>(&it->second)) return *s;
    return fallback;
}

std::vector<std::string> param_strings(const ParamMap& m, std::string_view name) {
    auto it = m.find(name);
    if (it == m.end()) return {};
    if (auto* s = std::get_if<std::vector<std::string>>(&it->second)) return *s;
    return {};
}

}  // namespace medic::actions
