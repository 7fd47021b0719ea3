// tests/cli/child.hpp: Child, a process started from a test with its stdout
// and stderr captured through pipes (read while it runs, with deadlines),
// used to drive the real `medic` binary end to end. Killed (SIGKILL) and
// reaped on destruction if still running.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace medic::test {

class Child {
public:
    /// Starts argv[0] (a path) with argv; `env` entries "K=V" are added to
    /// the inherited environment ("K=" unsets K). Throws std::runtime_error
    /// when the process cannot be started.
    Child(const std::vector<std::string>& argv, const std::vector<std::string>& env = {});
    ~Child();
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    /// Reads stdout until a complete line containing `needle` arrives or
    /// `timeout_s` passes; returns that line ("" on timeout or EOF). Lines
    /// read on the way stay in out().
    std::string wait_line(const std::string& needle, double timeout_s);
    /// Reads both pipes until stderr contains `needle` or `timeout_s`
    /// passes; true when it does (a line printed while the child still runs).
    bool wait_err(const std::string& needle, double timeout_s);
    /// Waits for exit (SIGKILL after `timeout_s`), draining both pipes.
    /// Returns the exit code, or 128+signal, or -1 if it had to be killed.
    int wait(double timeout_s);
    /// Sends `sig` (e.g. SIGTERM for a clean stop).
    void signal(int sig);

    pid_t pid() const { return pid_; }
    const std::string& out() const { return out_; }
    const std::string& err() const { return err_; }

private:
    bool pump(double timeout_s);  // one poll round; false when both pipes closed
    pid_t pid_ = -1;
    int out_fd_ = -1, err_fd_ = -1;
    std::string out_, err_;
    size_t scanned_ = 0;  // out_ bytes already searched by wait_line
    int status_ = -1;
};

/// Run to completion (timeout -> killed, code -1) and return the code.
struct RunResult {
    int code = 0;
    std::string out, err;
};
RunResult run(const std::vector<std::string>& argv, const std::vector<std::string>& env = {}, double timeout_s = 60);

/// A private temporary directory (mkdtemp under $TMPDIR, named
/// "<prefix>-XXXXXX"), removed with everything in it on destruction.
/// Throws std::runtime_error when it cannot be created.
struct TempDir {
    explicit TempDir(const std::string& prefix = "medic-test");
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::string operator/(const std::string& name) const { return path + "/" + name; }
    /// Writes `text` to <dir>/<name> and returns that path.
    std::string write(const std::string& name, const std::string& text) const;
    std::string path;
};

/// Environment for a medic child: its default database in `t` (never
/// ./medic.db) and the build's pdsim for an embedded simulator.
std::vector<std::string> medic_env(const TempDir& t);

}  // namespace medic::test
