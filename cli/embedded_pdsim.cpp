// cli/embedded_pdsim.cpp: start/stop a private pdsim (see header).
#include "embedded_pdsim.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

namespace medic::cli {

namespace fs = std::filesystem;

std::string find_pdsim_binary() {
    if (const char* env = std::getenv("PDSIM_BIN"); env && *env) return env;
    std::error_code ec;
    fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        for (fs::path cand : {self.parent_path().parent_path() / "cluster" / "pdsim", self.parent_path() / "pdsim"})
            if (fs::exists(cand, ec) && access(cand.c_str(), X_OK) == 0) return cand.string();
    }
    if (const char* path = std::getenv("PATH")) {
        std::string p = path;
        size_t start = 0;
        while (start <= p.size()) {
            size_t colon = p.find(':', start);
            std::string dir = p.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
            if (!dir.empty() && access((dir + "/pdsim").c_str(), X_OK) == 0) return dir + "/pdsim";
            if (colon == std::string::npos) break;
            start = colon + 1;
        }
    }
    return {};
}

std::unique_ptr<EmbeddedPdsim> EmbeddedPdsim::start(const std::vector<std::string>& extra, std::string* err) {
    std::string bin = find_pdsim_binary();
    if (bin.empty()) {
        *err = "no --pd given and no pdsim binary found (set PDSIM_BIN or put pdsim on PATH)";
        return nullptr;
    }
    std::unique_ptr<EmbeddedPdsim> sim(new EmbeddedPdsim());
    char tmpl[] = "/tmp/medic-pdsim-XXXXXX";
    if (!mkdtemp(tmpl)) {
        *err = "cannot create a temporary directory for pdsim";
        return nullptr;
    }
    sim->ready_file_ = std::string(tmpl) + "/ready";
    std::vector<std::string> args = {bin, "--addr", "127.0.0.1:0", "--ready-file", sim->ready_file_};
    args.insert(args.end(), extra.begin(), extra.end());
    sim->pid_ = fork();
    if (sim->pid_ < 0) {
        *err = "fork failed";
        return nullptr;
    }
    if (sim->pid_ == 0) {
        int devnull = open("/dev/null", O_RDWR);
        if (devnull >= 0) dup2(devnull, 1), dup2(devnull, 2);
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        execv(bin.c_str(), argv.data());
        _exit(127);
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
        int status = 0;
        if (waitpid(sim->pid_, &status, WNOHANG) == sim->pid_) {
            sim->pid_ = -1;
            *err = "pdsim (" + bin + ") exited before it was ready";
            return nullptr;
        }
        std::ifstream in(sim->ready_file_);
        std::string line;
        while (std::getline(in, line))
            if (!line.empty()) sim->urls_.push_back(line);
        if (!sim->urls_.empty()) return sim;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    *err = "pdsim (" + bin + ") did not become ready within 20 s";
    return nullptr;  // the destructor stops it
}

EmbeddedPdsim::~EmbeddedPdsim() {
    if (pid_ > 0) {
        kill(pid_, SIGTERM);
        for (int i = 0; i < 100; ++i) {
            if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
                pid_ = -1;
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        if (pid_ > 0) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
        }
    }
    if (!ready_file_.empty()) {
        std::error_code ec;
        fs::remove_all(fs::path(ready_file_).parent_path(), ec);
    }
}

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
