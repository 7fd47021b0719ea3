// tests/engine/pd/scan_pipe_test.cpp: ScanPipe, the hand-over between the
// thread that downloads a /regions body and the one that parses it: bytes
// arrive in order and whole, a stopped attempt makes the writer fail (even
// while it waits for room), each attempt's end gets the parse side's answer,
// and the last item carries the download's result.
#include <catch2/catch.hpp>

#include <string>
#include <thread>

#include "pd/scan_pipe.hpp"

using medic::pd::PdError;
using medic::pd::Result;
using medic::pd::detail::ScanPipe;

TEST_CASE("scan pipe: bytes in order, stopped attempts, answers and the final result", "[scan_pipe]") {
    ScanPipe pipe(ScanPipe::kChunk);  // room for one chunk: the writer waits often
    std::string body;
    for (int i = 0; body.size() < 5 * ScanPipe::kChunk + 123; ++i) body += std::to_string(i) + ",";
    Result<uint64_t> first_end = uint64_t(0), second_end = uint64_t(0);
    bool first_write_failed = false, second_writes_ok = true;  // (no Catch assertions off the main thread)
    PdError first_error;
    std::thread download([&] {
        // Attempt 1: the parse side stops it early; write() must fail even
        // though the queue is full and nobody reads this attempt any more.
        pipe.begin();
        for (size_t off = 0; off < body.size() * 4; off += 1000)
            if (!pipe.write(body.data() + off % body.size(), 1000)) {
                first_write_failed = true;
                break;
            }
        first_error = pipe.stop_error();
        // Attempt 2: the whole body in odd pieces, then its end.
        pipe.begin();
        for (size_t off = 0; off < body.size(); off += 777)
            second_writes_ok &= pipe.write(body.data() + off, std::min<size_t>(777, body.size() - off));
        second_end = pipe.end();
        pipe.close(uint64_t(99));
    });
    std::string got;
    int begins = 0, ends = 0;
    size_t first_bytes = 0;
    for (bool open = true; open;) {
        ScanPipe::Item it = pipe.pop();
        switch (it.kind) {
            case ScanPipe::Kind::Begin:
                ++begins;
                got.clear();
                break;
            case ScanPipe::Kind::Data:
                CHECK(it.data.size() <= ScanPipe::kChunk);
                if (begins == 1) {
                    first_bytes += it.data.size();
                    PdError e;
                    e.detail = "bad body";
                    pipe.stop(e);
                } else {
                    got += it.data;
                }
                pipe.recycle(std::move(it.data));
                break;
            case ScanPipe::Kind::End:
                ++ends;
                pipe.answer(uint64_t(got.size()));
                break;
            case ScanPipe::Kind::Closed: open = false; break;
        }
    }
    download.join();
    CHECK(first_write_failed);
    CHECK(second_writes_ok);
    CHECK(first_error.detail == "bad body");
    CHECK(first_bytes <= 2 * ScanPipe::kChunk);  // nothing of the stopped attempt after the stop
    CHECK(begins == 2);
    CHECK(ends == 1);
    CHECK(got == body);
    REQUIRE(second_end.ok());
    CHECK(second_end.value() == body.size());
    REQUIRE(pipe.closed_result().ok());
    CHECK(pipe.closed_result().value() == 99);
}
