// bindings/drill/embedded_pdsim.hpp: EmbeddedPdsim, a pdsim child process for
// `medic test`, `medic drill` and `medic demo` (the embedded default cluster),
// plus the small HTTP calls those commands make to pdsim's chaos API.
//
// It starts the pdsim binary (found in $PDSIM_BIN, next to the medic binary
// in the build tree, or on PATH) on a free loopback port, waits for its
// --ready-file, and stops it in the destructor (SIGTERM, then SIGKILL). It
// never talks PD's API: the engine does that through PdClient, exactly as
// against a real PD. This is the one pdsim launcher; cli/embedded_pdsim.*
// (the commands' --pd fallback) wraps it.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace medic::drill {

struct HttpReply {
    int status = 0;     ///< 0: no answer
    std::string body;
};

/// One HTTP request with a JSON body (libcurl; 10 s timeout).
HttpReply http_call(const std::string& method, const std::string& url, const std::string& body = "");

/// Where the pdsim binary is (see the file comment); "" when not found.
std::string find_pdsim_binary();

class EmbeddedPdsim {
public:
    /// Starts `pdsim --addr 127.0.0.1:0 --ready-file F <args>`. Throws
    /// std::runtime_error with the reason when it does not come up in 30 s.
    /// `quiet`: pdsim's own output goes to /dev/null.
    explicit EmbeddedPdsim(const std::vector<std::string>& args, bool quiet = false);
    ~EmbeddedPdsim();
    EmbeddedPdsim(const EmbeddedPdsim&) = delete;
    EmbeddedPdsim& operator=(const EmbeddedPdsim&) = delete;

    const std::string& url() const { return url_; }
    /// Every PD member's client URL (one per --members), url() first.
    const std::vector<std::string>& urls() const { return urls_; }
    pid_t pid() const { return pid_; }
    /// POST /chaos/<path> with a JSON body; throws on a non-2xx answer.
    std::string chaos(const std::string& path, const std::string& body = "{}") const;
    /// Step mode: advance the simulated clock (throws when pdsim refuses).
    void advance(double seconds) const;
    /// GET /chaos/stats field `pd_writes` (non-GET PD requests so far).
    long long pd_writes() const;

private:
    pid_t pid_ = -1;
    std::string ready_file_;
    std::string url_;
    std::vector<std::string> urls_;
};

}  // namespace medic::drill
