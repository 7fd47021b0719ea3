// engine/pd/scan_pipe.hpp: internal to engine/pd. ScanPipe hands a streamed
// GET body from the thread that downloads it (curl's write callback) to the
// thread that parses it, so a full /regions scan costs max(download, parse)
// instead of their sum. Bounded: the download waits while `max_queued`
// bytes are waiting to be parsed.
//
// One pipe serves all attempts of one GET (retries, failover): the download
// side marks where an attempt begins and ends; the parse side answers each
// end with the attempt's result, or stops an attempt early when its body is
// bad (the download side's next write() then returns false, and curl
// aborts). Exactly one thread on each side.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "pd/result.hpp"

namespace medic::pd::detail {

class ScanPipe {
public:
    static constexpr size_t kChunk = 256 << 10;  // bytes per hand-over (curl gives 16 KiB at a time)

    explicit ScanPipe(size_t max_queued = 8u << 20) : max_queued_(max_queued) {}

    // ---- download side
    /// A new attempt starts (its bytes follow).
    void begin();
    /// Body bytes of the current attempt. false: the parse side stopped this
    /// attempt (stop_error() says why); the caller aborts the transfer.
    bool write(const char* data, size_t n);
    /// The attempt's body is complete: waits for, and returns, the parse side's verdict.
    Result<uint64_t> end();
    /// The parse side's error for the attempt it stopped.
    PdError stop_error();
    /// The download is over (all attempts): `final` is the scan's result.
    void close(Result<uint64_t> final);

    // ---- parse side
    enum class Kind { Begin, Data, End, Closed };
    struct Item {
        Kind kind = Kind::Data;
        std::string data;  // Data: body bytes
    };
    /// The next item (blocks). Closed: the result is in closed_result().
    Item pop();
    /// A Data item's buffer, back for reuse.
    void recycle(std::string&& buf);
    /// Stop the current attempt: later Data of it is dropped, write() fails.
    void stop(PdError why);
    /// Answer an End item.
    void answer(Result<uint64_t> r);
    Result<uint64_t> closed_result();

private:
    void push(Item&& it);  // waits for room (Data only)
    void flush_chunk();

    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<Item> q_;
    size_t queued_ = 0, max_queued_;
    std::string chunk_;               // download side: bytes not yet handed over
    std::vector<std::string> spare_;  // emptied buffers, reused (no fresh pages per chunk)
    uint64_t attempt_ = 0;            // download side's attempt number
    uint64_t stopped_attempt_ = 0;    // the attempt the parse side stopped (0 = none)
    uint64_t parse_attempt_ = 0;      // attempt the parse side is on
    std::optional<PdError> stop_why_;
    std::optional<Result<uint64_t>> answer_, closed_;
};

}  // namespace medic::pd::detail
