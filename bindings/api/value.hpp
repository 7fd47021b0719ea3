// bindings/api/value.hpp: Value, the plain data that crosses the Lua boundary
// in both directions (checked arguments in, query results out).
//
// Only primitives, arrays and string-keyed maps: never a Lua function, a
// userdata or anything with a metatable, so nothing a script hands in can run
// code later and nothing the host hands out can reach back (SANDBOX 2.5 "treat
// return values as data").
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace medic::api {

struct Value;
using Array = std::vector<Value>;
using Map = std::vector<std::pair<std::string, Value>>;

struct Value {
    enum class Kind : uint8_t { Nil, Boolean, Integer, Number, String, Array, Map, Function };
    Kind kind = Kind::Nil;
    bool b = false;
    int64_t i = 0;
    double n = 0;
    std::string s;
    std::shared_ptr<api::Array> a;
    std::shared_ptr<api::Map> m;

    static Value nil() { return {}; }
    static Value boolean(bool v) { Value x; x.kind = Kind::Boolean; x.b = v; return x; }
    static Value integer(int64_t v) { Value x; x.kind = Kind::Integer; x.i = v; return x; }
    static Value number(double v) { Value x; x.kind = Kind::Number; x.n = v; return x; }
    static Value string(std::string v) { Value x; x.kind = Kind::String; x.s = std::move(v); return x; }
    static Value function() { Value x; x.kind = Kind::Function; return x; }
    static Value array() { Value x; x.kind = Kind::Array; x.a = std::make_shared<api::Array>(); return x; }
    static Value map() { Value x; x.kind = Kind::Map; x.m = std::make_shared<api::Map>(); return x; }

    /// Back to nil, keeping the string's buffer (reused argument slots).
    void clear() { kind = Kind::Nil; b = false; i = 0; n = 0; s.clear(); a.reset(); m.reset(); }
    bool is_nil() const { return kind == Kind::Nil; }
    bool truthy() const { return !(kind == Kind::Nil || (kind == Kind::Boolean && !b)); }
    /// Integers and numbers as a double (0 for anything else).
    double as_number() const { return kind == Kind::Integer ? double(i) : kind == Kind::Number ? n : 0; }

    /// Map: append a field (keys are unique by construction at call sites).
    Value& set(std::string key, Value v) { m->emplace_back(std::move(key), std::move(v)); return *this; }
    /// Array: append an element.
    Value& push(Value v) { a->push_back(std::move(v)); return *this; }
    /// Map: the field named `key`, or nullptr.
    const Value* get(std::string_view key) const {
        if (kind != Kind::Map) return nullptr;
        for (const auto& [k, v] : *m)
            if (k == key) return &v;
        return nullptr;
    }
};

}  // namespace medic::api
