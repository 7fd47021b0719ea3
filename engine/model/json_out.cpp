// engine/model/json_out.cpp: JsonOut (see header).
#include "model/json_out.hpp"

#include <cmath>
#include <cstdio>

namespace medic::model {

std::string json_quote(std::string_view s) {
    std::string o = "\"";
    for (unsigned char c : s) {
        switch (c) {
            case '"': o += "\\\""; break;
            case '\\': o += "\\\\"; break;
            case '\n': o += "\\n"; break;
            case '\r': o += "\\r"; break;
            case '\t': o += "\\t"; break;
            default:
                if (c < 0x20) {
                    char b[8];
                    std::snprintf(b, sizeof b, "\\u%04x", c);
                    o += b;
                } else {
                    o += char(c);
                }
        }
    }
    return o + "\"";
}

void JsonOut::sep() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (!first_.empty()) {
        if (!first_.back()) out_ += ',';
        first_.back() = false;
    }
}

JsonOut& JsonOut::begin_object() {
    sep();
    out_ += '{';
    first_.push_back(true);
    return *this;
}

JsonOut& JsonOut::end_object() {
    out_ += '}';
    first_.pop_back();
    return *this;
}

JsonOut& JsonOut::begin_array() {
    sep();
    out_ += '[';
    first_.push_back(true);
    return *this;
}

JsonOut& JsonOut::end_array() {
    out_ += ']';
    first_.pop_back();
    return *this;
}

JsonOut& JsonOut::key(std::string_view k) {
    sep();
    out_ += json_quote(k);
    out_ += ':';
    after_key_ = true;
    return *this;
}

JsonOut& JsonOut::value(std::string_view s) {
    sep();
    out_ += json_quote(s);
    return *this;
}

JsonOut& JsonOut::value(uint64_t v) {
    sep();
    out_ += std::to_string(v);
    return *this;
}

JsonOut& JsonOut::value(int64_t v) {
    sep();
    out_ += std::to_string(v);
    return *this;
}

JsonOut& JsonOut::value(double v) {
    sep();
    if (!std::isfinite(v)) {
        out_ += "null";
        return *this;
    }
    char b[32];
    std::snprintf(b, sizeof b, "%.6g", v);
    out_ += b;
    return *this;
}

JsonOut& JsonOut::value(bool v) {
    sep();
    out_ += v ? "true" : "false";
    return *this;
}

JsonOut& JsonOut::null() {
    sep();
    out_ += "null";
    return *this;
}

JsonOut& JsonOut::raw(std::string_view json) {
    sep();
    out_ += json.empty() ? std::string_view("null") : json;
    return *this;
}

}  // namespace medic::model
