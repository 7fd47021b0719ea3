// bindings/api/errors.hpp: ErrorCode (from errors.def) and HostError, the C++
// exception an API implementation throws for a safety refusal or an
// operational failure. The dispatcher turns it into a Lua error object
// (lua/error_object.hpp) before anything reaches lua_error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "bindings/api/value.hpp"

namespace medic::api {

enum class ErrorCode : uint8_t {
#define HOST_ERR(code, cls, desc) code,
#include "bindings/api/errors.def"
#undef HOST_ERR
    Count
};

struct ErrorInfo {
    const char* code;
    const char* cls;
    const char* description;
};

inline constexpr ErrorInfo kErrorInfo[] = {
#define HOST_ERR(code, cls, desc) {#code, #cls, desc},
#include "bindings/api/errors.def"
#undef HOST_ERR
};
static_assert(std::size(kErrorInfo) == size_t(ErrorCode::Count));

inline const char* error_code_name(ErrorCode c) { return kErrorInfo[size_t(c)].code; }

/// Thrown by API implementations. `message` is the subject-first sentence
/// after the "<where>: <api>: " prefix, e.g. "refused by safety policy ...".
struct HostError {
    ErrorCode code = ErrorCode::E_HOST;
    std::string message;
    std::string subject;  ///< optional: the parameter it is about
    Value details;        ///< optional plain data (a map)
};

}  // namespace medic::api
