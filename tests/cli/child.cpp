// tests/cli/child.cpp: Child (see child.hpp) on fork/exec, pipes and poll.
#include "child.hpp"
#include "support/pdsim_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace medic::test {

namespace {

using Clock = std::chrono::steady_clock;

double left_s(Clock::time_point until) {
    return std::chrono::duration<double>(until - Clock::now()).count();
}

}  // namespace

Child::Child(const std::vector<std::string>& argv, const std::vector<std::string>& env) {
    int o[2], e[2];
    if (pipe2(o, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    if (pipe2(e, O_CLOEXEC) != 0) {
        close(o[0]);
        close(o[1]);
        throw std::runtime_error("pipe failed");
    }
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        dup2(o[1], 1);
        dup2(e[1], 2);
        for (const auto& kv : env) {
            auto eq = kv.find('=');
            std::string k = kv.substr(0, eq), v = eq == std::string::npos ? "" : kv.substr(eq + 1);
            if (v.empty()) unsetenv(k.c_str());
            else setenv(k.c_str(), v.c_str(), 1);
        }
        std::vector<char*> args;
        for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        execv(args[0], args.data());
        std::fprintf(stderr, "exec %s: %s\n", args[0], std::strerror(errno));
        _exit(127);
    }
    close(o[1]);
    close(e[1]);
    out_fd_ = o[0];
    err_fd_ = e[0];
}

Child::~Child() {
    if (pid_ > 0 && status_ < 0) {
        kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
    }
    if (out_fd_ >= 0) close(out_fd_);
    if (err_fd_ >= 0) close(err_fd_);
}

bool Child::pump(double timeout_s) {
    pollfd fds[2];
    int n = 0;
    if (out_fd_ >= 0) fds[n++] = {out_fd_, POLLIN, 0};
    if (err_fd_ >= 0) fds[n++] = {err_fd_, POLLIN, 0};
    if (n == 0) return false;
    int ms = timeout_s <= 0 ? 0 : int(timeout_s * 1000) + 1;
    if (poll(fds, nfds_t(n), ms) <= 0) return true;
    for (int i = 0; i < n; ++i) {
        if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
        char buf[65536];
        ssize_t got = read(fds[i].fd, buf, sizeof buf);
        bool is_out = fds[i].fd == out_fd_;
        if (got > 0) {
            (is_out ? out_ : err_).append(buf, size_t(got));
        } else {
            close(fds[i].fd);
            (is_out ? out_fd_ : err_fd_) = -1;
        }
    }
    return true;
}

std::string Child::wait_line(const std::string& needle, double timeout_s) {
    auto until = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(timeout_s));
    while (true) {
        size_t nl;
        while ((nl = out_.find('\n', scanned_)) != std::string::npos) {
            std::string line = out_.substr(scanned_, nl - scanned_);
            scanned_ = nl + 1;
            if (line.find(needle) != std::string::npos) return line;
        }
        double left = left_s(until);
        if (left <= 0 || out_fd_ < 0) return "";
        pump(left);
    }
}

bool Child::wait_err(const std::string& needle, double timeout_s) {
    auto until = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(timeout_s));
    while (err_.find(needle) == std::string::npos) {
        double left = left_s(until);
        if (left <= 0 || err_fd_ < 0) return false;
        pump(left);
    }
    return true;
}

void Child::signal(int sig) {
    if (pid_ > 0 && status_ < 0) kill(pid_, sig);
}

int Child::wait(double timeout_s) {
    auto until = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(timeout_s));
    bool killed = false;
    while (status_ < 0) {
        int st = 0;
        if (waitpid(pid_, &st, WNOHANG) == pid_) {
            status_ = st;
            break;
        }
        if (!killed && left_s(until) <= 0) {
            kill(pid_, SIGKILL);
            killed = true;
        }
        if (!pump(0.05)) {  // pipes closed: just wait for the exit
            struct timespec ts{0, 20'000'000};
            nanosleep(&ts, nullptr);
        }
    }
    // Drain what is left; bounded, since a grandchild may still hold the pipes.
    auto drain_until = Clock::now() + std::chrono::seconds(2);
    while ((out_fd_ >= 0 || err_fd_ >= 0) && left_s(drain_until) > 0) pump(left_s(drain_until));
    if (killed) return -1;
    if (WIFEXITED(status_)) return WEXITSTATUS(status_);
    if (WIFSIGNALED(status_)) return 128 + WTERMSIG(status_);
    return -1;
}

RunResult run(const std::vector<std::string>& argv, const std::vector<std::string>& env, double timeout_s) {
    Child c(argv, env);
    RunResult r;
    r.code = c.wait(timeout_s);
    r.out = c.out();
    r.err = c.err();
    return r;
}

TempDir::TempDir(const std::string& prefix) {
    std::string tmpl = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp " + tmpl + ": " + std::strerror(errno));
    path = tmpl;
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
}

std::string TempDir::write(const std::string& name, const std::string& text) const {
    std::string file = path + "/" + name;
    std::ofstream(file, std::ios::binary) << text;
    return file;
}

std::vector<std::string> medic_env(const TempDir& t) {
    return {"MEDIC_DB=" + t / "default.db", "PDSIM_BIN=" + pdsim_binary()};
}

}  // namespace medic::test
