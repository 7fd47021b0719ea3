// tests/engine/advisor/replay_server.hpp: a loopback HTTP server (cpp-httplib)
// that answers POSTs with queued, recorded LLM exchanges byte for byte —
// status, headers, body or SSE file — and records what the client sent.
//
// Exchanges come from the shared llm-api examples (copied into fixtures/);
// tests can also queue hand-made hostile responses. Test-only code.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace medic::test {

struct ReplayResponse {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    size_t chunk_size = 0;           ///< >0: send the body in pieces of this size (chunked)
    size_t cut_after = std::string::npos;  ///< drop the connection after this many body bytes
};

struct RecordedRequest {
    std::string method, path, body;
    std::vector<std::pair<std::string, std::string>> headers;  ///< names lower-cased
    std::string header(const std::string& name) const;
};

/// Directory holding the example files (compile definition).
std::string examples_dir();
/// Reads a file from examples_dir() verbatim.
std::string read_example_file(const std::string& name);
/// Loads examples/<name>.json's "response": status, headers (minus hop-by-hop
/// ones), body re-serialized / body_text / body_sse_file bytes verbatim.
ReplayResponse load_example(const std::string& name);
/// The "request.body" of an example, serialized compactly ("" when null).
std::string example_request_body(const std::string& name);

class ReplayServer {
public:
    ReplayServer();
    ~ReplayServer();
    ReplayServer(const ReplayServer&) = delete;
    ReplayServer& operator=(const ReplayServer&) = delete;

    /// Queues the answer to the next POST (FIFO). With an empty queue the
    /// server answers 599 "replay queue empty".
    void enqueue(ReplayResponse r);
    std::string url() const;  ///< "http://127.0.0.1:PORT"
    std::vector<RecordedRequest> requests() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace medic::test
