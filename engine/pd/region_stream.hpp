// engine/pd/region_stream.hpp: RegionStream, the /regions parser for bodies
// that arrive in pieces. A full scan of a million-region cluster is ~550 MB
// of JSON; parsing it whole needs the body plus simdjson's index of it in
// memory (4.5x the body measured). RegionStream keeps only the bytes not yet
// parsed: a light scanner follows the `regions` array as bytes arrive, and
// every `batch_bytes` of complete region objects are parsed with simdjson On
// Demand (the same field parser as pd_json) and handed to the sink; then the
// buffer drops them. What surrounds the array (count, closing brace) is kept
// aside and checked at finish() like a whole body would be.
//
// Errors are the same PdError values as pd_json's, with the field path
// ("regions[123456].peers[0].store_id") and the byte offset in the whole
// body. No I/O here; one RegionStream per body, not thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>

#include "pd/result.hpp"
#include "pd/types.hpp"

namespace medic::pd {

class RegionStream {
public:
    using Sink = std::function<void(const Region&)>;
    /// Told PD's "count" (when it comes before the array) so a caller can
    /// reserve. Unvalidated (the body is not parsed yet): cap it before use.
    using CountHint = std::function<void(uint64_t)>;
    static constexpr size_t kDefaultBatchBytes = 1 << 20;  // batch size barely matters for speed (measured 32 KiB-4 MiB)

    RegionStream(std::string_view endpoint, Sink sink, CountHint on_count = {},
                 size_t batch_bytes = kDefaultBatchBytes);
    ~RegionStream();
    RegionStream(const RegionStream&) = delete;
    RegionStream& operator=(const RegionStream&) = delete;

    /// The next piece of the body. false once the body is known to be bad
    /// (error() says why); later pieces are ignored.
    bool feed(const char* data, size_t n);
    /// The body is complete: parse the rest and check the whole. Returns the
    /// number of regions handed to the sink (id-0 placeholders skipped).
    Result<uint64_t> finish();
    /// The first error, once there is one.
    const std::optional<PdError>& error() const;
    /// Largest size the internal buffer reached (for the memory budget).
    size_t peak_buffer_bytes() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace medic::pd
