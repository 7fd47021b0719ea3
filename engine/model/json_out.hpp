// engine/model/json_out.hpp: JsonOut, a tiny streaming JSON writer for
// incident evidence and CLI --json output (RFC 8259 string escaping, u64 ids
// printed exactly, non-finite doubles as null). No parsing here.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace medic::model {

class JsonOut {
public:
    JsonOut& begin_object();
    JsonOut& end_object();
    JsonOut& begin_array();
    JsonOut& end_array();
    JsonOut& key(std::string_view k);
    JsonOut& value(std::string_view s);
    JsonOut& value(const char* s) { return value(std::string_view(s)); }
    JsonOut& value(const std::string& s) { return value(std::string_view(s)); }
    JsonOut& value(uint64_t v);
    JsonOut& value(int64_t v);
    JsonOut& value(int v) { return value(int64_t(v)); }
    JsonOut& value(unsigned v) { return value(uint64_t(v)); }
    JsonOut& value(double v);
    JsonOut& value(bool v);
    JsonOut& null();
    /// Insert already-serialized JSON (e.g. stored evidence).
    JsonOut& raw(std::string_view json);
    template <class T>
    JsonOut& kv(std::string_view k, const T& v) {
        key(k);
        return value(v);
    }
    const std::string& str() const { return out_; }

private:
    void sep();
    std::string out_;
    std::vector<bool> first_;  // per open container: no element written yet
    bool after_key_ = false;
};

/// `s` as a quoted JSON string.
std::string json_quote(std::string_view s);

}  // namespace medic::model
