// gui/bridge/json_flat.cpp: simdjson DOM walk for display only.
#include "json_flat.hpp"

#include <simdjson.h>

namespace medic::gui::bridge {
namespace {

std::string scalar(simdjson::dom::element e) {
    switch (e.type()) {
        case simdjson::dom::element_type::STRING: return std::string(std::string_view(e.get_string().value()));
        case simdjson::dom::element_type::INT64: return std::to_string(int64_t(e.get_int64().value()));
        case simdjson::dom::element_type::UINT64: return std::to_string(uint64_t(e.get_uint64().value()));
        case simdjson::dom::element_type::DOUBLE: {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%g", double(e.get_double().value()));
            return buf;
        }
        case simdjson::dom::element_type::BOOL: return e.get_bool().value() ? "true" : "false";
        case simdjson::dom::element_type::NULL_VALUE: return "null";
        default: return simdjson::minify(e);
    }
}

void walk(simdjson::dom::element e, const std::string& path, std::vector<KeyValue>& out, std::size_t max_rows) {
    if (out.size() >= max_rows) return;
    // Objects and arrays are bound to locals first: iterating a temporary
    // simdjson_result's value() would dangle.
    simdjson::dom::object obj;
    simdjson::dom::array arr;
    if (e.get_object().get(obj) == simdjson::SUCCESS) {
        for (auto field : obj) {
            std::string key = path.empty() ? std::string(field.key) : path + "." + std::string(field.key);
            walk(field.value, key, out, max_rows);
        }
    } else if (e.get_array().get(arr) == simdjson::SUCCESS) {
        std::size_t i = 0;
        for (auto item : arr) walk(item, path + "[" + std::to_string(i++) + "]", out, max_rows);
    } else {
        out.push_back(KeyValue{path.empty() ? "value" : path, scalar(e)});
    }
}

void pretty(simdjson::dom::element e, int depth, std::string& out) {
    std::string pad(static_cast<std::size_t>(depth) * 2, ' ');
    simdjson::dom::object obj;
    simdjson::dom::array arr;
    if (e.get_object().get(obj) == simdjson::SUCCESS) {
        out += "{\n";
        bool first = true;
        for (auto field : obj) {
            out += first ? "" : ",\n";
            out += pad + "  \"" + std::string(field.key) + "\": ";
            pretty(field.value, depth + 1, out);
            first = false;
        }
        out += "\n" + pad + "}";
    } else if (e.get_array().get(arr) == simdjson::SUCCESS) {
        out += "[\n";
        bool first = true;
        for (auto item : arr) {
            out += first ? "" : ",\n";
            out += pad + "  ";
            pretty(item, depth + 1, out);
            first = false;
        }
        out += "\n" + pad + "]";
    } else {
        out += simdjson::minify(e);
    }
}

}  // namespace

std::vector<KeyValue> flatten_json(std::string_view json, std::size_t max_rows) {
    std::vector<KeyValue> out;
    if (json.empty()) return out;
    simdjson::dom::parser parser;
    simdjson::padded_string padded(json);
    simdjson::dom::element root;
    if (parser.parse(padded).get(root)) return {KeyValue{"(malformed JSON)", std::string(json.substr(0, 200))}};
    walk(root, "", out, max_rows);
    return out;
}

std::string pretty_json(std::string_view json, std::size_t max_chars) {
    simdjson::dom::parser parser;
    simdjson::padded_string padded(json);
    simdjson::dom::element root;
    if (parser.parse(padded).get(root)) return std::string(json.substr(0, max_chars));
    std::string out;
    pretty(root, 0, out);
    if (out.size() > max_chars) out = out.substr(0, max_chars) + "\n...";
    return out;
}

}  // namespace medic::gui::bridge
