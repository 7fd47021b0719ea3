// engine/advisor/expected.hpp: Expected<T, E>, a value-or-error return type
// used across the advisor (JSON tree, HTTP transport, LLM wire parsers).
//
// Errors are values: nothing in the advisor throws for bad input from a model,
// a proxy or a user. Deliberately tiny (check ok(), then value() or error()).
#pragma once

#include <utility>
#include <variant>

namespace medic::advisor {

template <class T, class E>
class Expected {
public:
    Expected(T v) : v_(std::in_place_index<0>, std::move(v)) {}   // NOLINT implicit
    Expected(E e) : v_(std::in_place_index<1>, std::move(e)) {}   // NOLINT implicit

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& value() & { return std::get<0>(v_); }
    const T& value() const& { return std::get<0>(v_); }
    T&& value() && { return std::get<0>(std::move(v_)); }
    const E& error() const { return std::get<1>(v_); }
    E& error() { return std::get<1>(v_); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

private:
    std::variant<T, E> v_;
};

}  // namespace medic::advisor
