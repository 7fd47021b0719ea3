// engine/pd/result.hpp: Result<T>, a value-or-PdError return type, and PdError,
// the one error value the PD read path produces (transport, HTTP status, PD's
// own error text, or a parse error with field path and body location).
//
// Errors are values here (STYLE 3.7): PdClient and pd_json never throw for bad
// input from PD; they return a PdError that says which endpoint, what kind of
// failure, and where. This header must stay free of curl and simdjson.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>

namespace medic::pd {

/// What went wrong, coarse enough for callers to branch on (retry? failover?).
enum class ErrorKind : uint8_t {
    Timeout,      ///< connect or total timeout elapsed
    Refused,      ///< connection refused / host unreachable / DNS failure
    Transport,    ///< other libcurl failure (reset, TLS, ...)
    HttpStatus,   ///< PD answered with a non-2xx status; pd_message holds its text
    Malformed,    ///< 2xx body that is not valid JSON or lacks/mistypes a field
    BadArgument,  ///< caller error (bad URL, bad id) caught before any request
    Count
};

inline constexpr const char* kErrorKindNames[] = {"timeout", "refused", "transport",
                                                  "http_status", "malformed", "bad_argument"};
static_assert(std::size(kErrorKindNames) == size_t(ErrorKind::Count));

inline const char* error_kind_name(ErrorKind k) { return kErrorKindNames[size_t(k)]; }

/// One failed PD interaction.
struct PdError {
    ErrorKind kind = ErrorKind::Transport;
    std::string endpoint;    ///< path relative to /pd/api/v1, e.g. "/stores" (or full URL for probes)
    std::string url;         ///< the full URL last tried ("" when no request was made)
    int http_status = 0;     ///< 0 when no HTTP response was received
    std::string pd_message;  ///< PD's error text, decoded from whichever body shape it used
    std::string detail;      ///< our description: curl error, "field path: expected ..., near '...'"

    /// One line: "pd /stores: http 404: [PD:core:ErrStoreNotFound]store 99 not found".
    std::string to_string() const {
        std::string s = "pd " + endpoint + ": ";
        if (kind == ErrorKind::HttpStatus) {
            s += "http " + std::to_string(http_status);
            if (!pd_message.empty()) s += ": " + pd_message;
            if (!detail.empty()) s += " (" + detail + ")";
            return s;
        }
        if (kind == ErrorKind::Malformed) return s + detail;  // "stores[3].store.id: expected ..."
        s += error_kind_name(kind);
        if (!detail.empty()) s += ": " + detail;
        if (!url.empty()) s += " [" + url + "]";
        return s;
    }
};

/// A value or a PdError. Deliberately tiny (no monadic API): check ok(), then
/// use value() or error().
template <class T>
class Result {
public:
    Result(T v) : v_(std::in_place_index<0>, std::move(v)) {}             // NOLINT implicit
    Result(PdError e) : v_(std::in_place_index<1>, std::move(e)) {}        // NOLINT implicit

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& value() & { return std::get<0>(v_); }
    const T& value() const& { return std::get<0>(v_); }
    T&& value() && { return std::get<0>(std::move(v_)); }
    const PdError& error() const { return std::get<1>(v_); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

private:
    std::variant<T, PdError> v_;
};

/// Result of an operation that returns nothing on success.
struct Ok {};
using Status = Result<Ok>;

}  // namespace medic::pd
