// bindings/api/spec.cpp: small helpers over the spec types (spec.hpp).
#include "bindings/api/spec.hpp"

#include "bindings/lua/error_object.hpp"
#include "bindings/lua/run.hpp"

namespace medic::api {

const Value& Args::operator[](std::string_view name) const {
    static const Value kNil;
    for (size_t i = 0; i < params.size(); i++)
        if (name == params[i].name) return values[i];
    return kNil;
}

bool Args::has(std::string_view name) const {
    for (size_t i = 0; i < params.size(); i++)
        if (name == params[i].name) return given[i];
    return false;
}

std::string api_label(const ApiFn& fn) {
    if (std::string_view(fn.module) == "actions") return fn.name;
    return std::string(fn.module) + "." + fn.name;
}

// Level 0 is the dispatcher's own C frame: start at its caller.
std::string Call::where() const { return lua::where_of(L, run, 1); }

}  // namespace medic::api
