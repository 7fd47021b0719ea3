// bindings/emit/emit_common.cpp: shared emitter helpers (emit_common.hpp).
#include "bindings/emit/emit_common.hpp"

#include <cctype>
#include <cstring>

#include "bindings/lua/dispatch.hpp"

namespace medic::emit {
namespace {

std::string scalar_type(const api::Domain& d) {
    using api::LuaType;
    switch (d.type) {
    case LuaType::Any: return "any";
    case LuaType::Boolean: return "boolean";
    case LuaType::Integer: return "integer";
    case LuaType::Number: return "number";
    case LuaType::String:
        if (d.check == api::Check::OneOf) {
            std::string out;
            for (const char* c : d.choices) out += (out.empty() ? "\"" : "|\"") + std::string(c) + "\"";
            return out;
        }
        return "string";
    case LuaType::Function: return "function";
    default: return "table";
    }
}

std::string pascal(std::string_view s) {
    std::string out;
    bool up = true;
    for (char c : s) {
        if (c == '_') {
            up = true;
            continue;
        }
        out += up ? char(std::toupper(static_cast<unsigned char>(c))) : c;
        up = false;
    }
    return out;
}

}  // namespace

std::string param_type(const api::ParamSpec& p) {
    if (p.domain->type == api::LuaType::Function && std::strncmp(p.doc, "fun(", 4) == 0) {
        std::string d = p.doc;
        return d.substr(0, d.find(" -- "));
    }
    if (p.element) return scalar_type(*p.element) + "[]";
    if (p.free_map) return "table<string, boolean|number|string>";
    if (p.map_of_fields && p.keyset) return std::string("table<string, ") + p.keyset + ">";
    if (p.keyset) return p.keyset;
    return scalar_type(*p.domain);
}

std::string param_doc(const api::ParamSpec& p) {
    std::string d = p.doc;
    if (std::strncmp(p.doc, "fun(", 4) == 0 && d.find(" -- ") != std::string::npos) return d.substr(d.find(" -- ") + 4);
    return d;
}

std::string args_class(const api::ApiFn& fn) { return std::string(fn.module) + "." + pascal(fn.name) + "Args"; }

std::string domain_phrase(const api::Domain& d) { return std::string(d.noun) + " (" + lua::domain_text(d) + ")"; }

}  // namespace medic::emit
