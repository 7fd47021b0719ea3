// cli/embedded_pdsim.hpp: the commands' fallback when no --pd is given
// (DESIGN: "medic starts one when no PD address is given"): EmbeddedPdsim
// starts a private, quiet pdsim through the one launcher,
// bindings/drill/embedded_pdsim.hpp, and connect_pd() turns CommonFlags into
// a PdClient either way. The binary is $PDSIM_BIN, else ../cluster/pdsim
// next to the medic binary (the build tree), else `pdsim` on PATH. The
// process is stopped (SIGTERM, then SIGKILL) when the object dies.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "common_flags.hpp"
#include "pd/pd_client.hpp"

namespace medic::drill {
class EmbeddedPdsim;
}

namespace medic::cli {

class EmbeddedPdsim {
public:
    /// Start pdsim with `extra` args (e.g. {"--scenario","balanced"}) plus
    /// --addr 127.0.0.1:0 --ready-file. Returns nullptr and sets *err on failure.
    static std::unique_ptr<EmbeddedPdsim> start(const std::vector<std::string>& extra, std::string* err);
    ~EmbeddedPdsim();
    const std::vector<std::string>& urls() const;
    pid_t pid() const;

private:
    EmbeddedPdsim() = default;
    std::unique_ptr<drill::EmbeddedPdsim> sim_;
};

/// The pdsim binary to run ("" when none is found).
std::string find_pdsim_binary();

/// A PdClient for --pd, or for a freshly started embedded pdsim (kept in
/// *sim; announced on stderr). `scenario` picks the embedded scenario.
/// Returns nullptr with a one-line *err on failure.
std::unique_ptr<pd::PdClient> connect_pd(const CommonFlags& flags, std::unique_ptr<EmbeddedPdsim>* sim,
                                         std::string* err, const std::string& scenario = "balanced",
                                         pd::PdClientOptions opts = {});

}  // namespace medic::cli
