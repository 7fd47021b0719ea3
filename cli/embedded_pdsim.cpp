// cli/embedded_pdsim.cpp: the commands' embedded pdsim (see header), a thin
// wrapper over bindings/drill/embedded_pdsim.
#include "embedded_pdsim.hpp"

#include <cstdio>
#include <stdexcept>

#include "bindings/drill/embedded_pdsim.hpp"

namespace medic::cli {

std::string find_pdsim_binary() { return drill::find_pdsim_binary(); }

std::unique_ptr<EmbeddedPdsim> EmbeddedPdsim::start(const std::vector<std::string>& extra, std::string* err) {
    if (drill::find_pdsim_binary().empty()) {
        *err = "no --pd given and no pdsim binary found (set PDSIM_BIN or put pdsim on PATH)";
        return nullptr;
    }
    std::unique_ptr<EmbeddedPdsim> sim(new EmbeddedPdsim());
    try {
        sim->sim_ = std::make_unique<drill::EmbeddedPdsim>(extra, /*quiet=*/true);
    } catch (const std::exception& e) {
        *err = e.what();
        return nullptr;
    }
    return sim;
}

EmbeddedPdsim::~EmbeddedPdsim() = default;

const std::vector<std::string>& EmbeddedPdsim::urls() const { return sim_->urls(); }

pid_t EmbeddedPdsim::pid() const { return sim_->pid(); }

std::unique_ptr<pd::PdClient> connect_pd(const CommonFlags& flags, std::unique_ptr<EmbeddedPdsim>* sim,
                                         std::string* err, const std::string& scenario, pd::PdClientOptions opts) {
    if (flags.pd.empty()) {
        *sim = EmbeddedPdsim::start({"--scenario", scenario}, err);
        if (!*sim) return nullptr;
        std::fprintf(stderr, "medic: no --pd given; started an embedded pdsim (scenario %s) at %s\n",
                     scenario.c_str(), (*sim)->urls().front().c_str());
        opts.endpoints = (*sim)->urls();
    } else {
        auto eps = pd::parse_endpoints(flags.pd);
        if (!eps) {
            *err = eps.error().detail;
            return nullptr;
        }
        opts.endpoints = eps.value();
    }
    auto c = pd::PdClient::create(opts);
    if (!c) {
        *err = c.error().to_string();
        return nullptr;
    }
    return std::move(c.value());
}

}  // namespace medic::cli
