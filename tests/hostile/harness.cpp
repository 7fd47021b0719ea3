// tests/hostile/harness.cpp: header parsing, the medic child process and the
// judgement of its outcome (harness.hpp).
#include "harness.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <simdjson.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace medic::hostile {
namespace fs = std::filesystem;

const char* const kCanaries[] = {"/tmp/medic_hostile_canary", "/tmp/medic_hostile_canary.txt", nullptr};

namespace {

// ============================================================================
// header
// ============================================================================

std::string trim(std::string s) {
    size_t a = s.find_first_not_of(" \t\r");
    size_t b = s.find_last_not_of(" \t\r");
    return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

/// "\x1b" and "\\" escapes in a flag word (binary bytes on a command line).
std::string unescape(const std::string& w) {
    std::string out;
    for (size_t i = 0; i < w.size(); i++) {
        if (w[i] == '\\' && i + 3 < w.size() && w[i + 1] == 'x') {
            out += char(std::stoi(w.substr(i + 2, 2), nullptr, 16));
            i += 3;
        } else if (w[i] == '\\' && i + 1 < w.size() && w[i + 1] == '\\') {
            out += '\\';
            i++;
        } else {
            out += w[i];
        }
    }
    return out;
}

void apply_line(Expectation& e, const std::string& key, const std::string& value) {
    using K = Expectation::Kind;
    if (key == "expect") {
        std::istringstream in(value);
        std::string word, rest;
        in >> word >> rest;
        if (word == "ok") {
            e.kind = K::Ok;
        } else if (word == "error" && !rest.empty()) {
            e.kind = K::Error;
            for (size_t p = 0; p <= rest.size();) {
                size_t bar = rest.find('|', p);
                if (bar == std::string::npos) bar = rest.size();
                e.codes.push_back(rest.substr(p, bar - p));
                p = bar + 1;
            }
        } else if (word == "exit" && !rest.empty()) {
            e.kind = K::Exit;
            e.exit_code = std::atoi(rest.c_str());
        } else {
            e.problem = "bad expect line: " + value;
        }
    } else if (key == "message") {
        e.messages.push_back(value);
    } else if (key == "flags") {
        std::istringstream in(value);
        std::string w;
        while (in >> w) e.flags.push_back(unescape(w));
    } else if (key == "known-failing") {
        e.known_failing = value.empty() ? "(no reason given)" : value;
    }
}

}  // namespace

Expectation parse_expectation(const std::string& source, const std::string& sidecar) {
    Expectation e;
    std::string text = sidecar.empty() ? source : sidecar;
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
    std::istringstream in(text);
    std::string line;
    bool seen_expect = false, first = true;
    while (std::getline(in, line)) {
        bool shebang = first && line.rfind("#", 0) == 0;
        first = false;
        std::string body;
        if (line.rfind("--", 0) == 0) body = line.substr(2);
        else if (shebang) body = line.find("--") != std::string::npos ? line.substr(line.find("--") + 2) : "";
        else break;
        size_t colon = body.find(':');
        if (colon == std::string::npos) continue;
        std::string key = trim(body.substr(0, colon));
        if (key == "expect") seen_expect = true;
        apply_line(e, key, trim(body.substr(colon + 1)));
    }
    if (!seen_expect && e.problem.empty()) e.problem = "no '-- expect:' header line";
    return e;
}

// ============================================================================
// child process
// ============================================================================

namespace {

std::string make_temp_dir(const std::string& prefix) {
    const char* tmp = std::getenv("TMPDIR");
    std::string tmpl = std::string(tmp && *tmp ? tmp : "/tmp") + "/" + prefix + "-XXXXXX";
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    if (mkdtemp(buf.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    return buf.data();
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string fmt_seconds(double v) {
    std::ostringstream o;
    o << v;
    return o.str();
}

}  // namespace

ChildResult run_medic(const RunSettings& s, const std::vector<std::string>& files,
                      const std::vector<std::string>& extra) {
    std::string work = make_temp_dir("medic-hostile-cwd");
    std::string db = make_temp_dir("medic-hostile-db");
    std::vector<std::string> argv = {s.medic, "run"};
    for (const auto& f : files) argv.push_back(fs::absolute(f).string());
    const std::string fixed[] = {"--json", "--db", db + "/medic.db", "--cpu-limit", fmt_seconds(s.cpu_limit_s),
                                 "--wall-limit", fmt_seconds(s.wall_limit_s), "--memory-limit",
                                 std::to_string(s.memory_limit_mib)};
    argv.insert(argv.end(), std::begin(fixed), std::end(fixed));
    if (!s.pd_url.empty()) {
        argv.push_back("--pd");
        argv.push_back(s.pd_url);
    }
    argv.insert(argv.end(), extra.begin(), extra.end());
    std::vector<std::string> env;
    for (char** e = environ; *e; e++) {
        std::string kv = *e;
        for (const char* drop : {"MEDIC_DB=", "HOME=", "TMPDIR=", "PDSIM_BIN="})
            if (kv.rfind(drop, 0) == 0) kv.clear();
        if (!kv.empty()) env.push_back(kv);
    }
    env.push_back("HOME=" + work);
    env.push_back("TMPDIR=" + work);
    if (!s.pdsim_bin.empty()) env.push_back("PDSIM_BIN=" + s.pdsim_bin);
    // Everything the child needs is built before fork (this process has threads).
    std::vector<char*> cargv, cenv;
    for (auto& a : argv) cargv.push_back(a.data());
    cargv.push_back(nullptr);
    for (auto& kv : env) cenv.push_back(kv.data());
    cenv.push_back(nullptr);
    std::string out_path = db + "/stdout", err_path = db + "/stderr";
    int out_fd = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    int err_fd = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (out_fd < 0 || err_fd < 0) throw std::runtime_error("cannot create output files");

    auto t0 = std::chrono::steady_clock::now();
    pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        setpgid(0, 0);  // its own group: the harness can kill an embedded pdsim with it
        if (chdir(work.c_str()) != 0) _exit(126);
        dup2(out_fd, 1);
        dup2(err_fd, 2);
        execve(cargv[0], cargv.data(), cenv.data());
        _exit(127);
    }
    setpgid(pid, pid);
    close(out_fd);
    close(err_fd);
    ChildResult r;
    int status = 0;
    while (true) {
        pid_t w = waitpid(pid, &status, WNOHANG);
        if (w == pid) break;
        double dt = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (dt > s.kill_after_s) {
            r.timed_out = true;
            kill(-pid, SIGKILL);
            waitpid(pid, &status, 0);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    kill(-pid, SIGKILL);  // whatever the child left behind in its group
    r.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!r.timed_out) {
        if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
        else r.exit_code = WEXITSTATUS(status);
    }
    r.out = slurp(out_path);
    r.err = slurp(err_path);
    for (const auto& entry : fs::directory_iterator(work)) r.stray_files.push_back(entry.path().filename().string());
    std::error_code ec;
    fs::remove_all(work, ec);
    fs::remove_all(db, ec);
    return r;
}

// ============================================================================
// judgement
// ============================================================================

std::vector<RunJson> parse_runs(const std::string& out, std::vector<std::string>& problems) {
    std::vector<RunJson> runs;
    simdjson::dom::parser parser;
    std::istringstream in(out);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        simdjson::dom::element doc;
        if (parser.parse(line).get(doc) != simdjson::SUCCESS) {
            problems.push_back("stdout line is not valid JSON: " + line.substr(0, 200));
            continue;
        }
        RunJson j;
        std::string_view sv;
        if (doc["file"].get(sv) == simdjson::SUCCESS) j.file = sv;
        if (doc["status"].get(sv) == simdjson::SUCCESS) j.status = sv;
        if (doc["error"]["code"].get(sv) == simdjson::SUCCESS) j.code = sv;
        if (doc["error"]["message"].get(sv) == simdjson::SUCCESS) j.message = sv;
        double cpu = 0;
        if (doc["cpu_s"].get(cpu) == simdjson::SUCCESS) j.cpu_s = cpu;
        simdjson::dom::array logs;
        if (doc["logs"].get(logs) == simdjson::SUCCESS)
            for (auto l : logs)
                if (l["message"].get(sv) == simdjson::SUCCESS) j.logs.emplace_back(sv);
        runs.push_back(std::move(j));
    }
    return runs;
}

namespace {

/// A clear line: printable, valid UTF-8, not absurdly long.
std::string unclear(const std::string& s, size_t max_len) {
    if (s.size() > max_len) return "is " + std::to_string(s.size()) + " bytes long";
    for (size_t i = 0; i < s.size(); i++) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 || c == 0x7f) return "holds control byte " + std::to_string(c);
        if (c < 0x80) continue;
        size_t n = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xc2 && c <= 0xdf ? 2 : 0;
        if (n == 0 || i + n > s.size()) return "is not valid UTF-8";
        for (size_t k = 1; k < n; k++)
            if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return "is not valid UTF-8";
        i += n - 1;
    }
    return "";
}

bool has_code(const Expectation& e, const std::string& code) {
    for (const auto& c : e.codes)
        if (c == code) return true;
    return false;
}

double flag_value(const Expectation& e, const char* flag, double def) {
    for (size_t i = 0; i + 1 < e.flags.size(); i++)
        if (e.flags[i] == flag) return std::atof(e.flags[i + 1].c_str());
    return def;
}

}  // namespace

void judge_run(const Expectation& e, const RunJson& j, const RunSettings& s, double cpu_limit,
               std::vector<std::string>& problems) {
    using K = Expectation::Kind;
    if (e.kind == K::Ok && j.status != "ok")
        problems.push_back("expected ok, got " + j.status + " " + j.code + ": " + j.message);
    if (e.kind == K::Error && j.status != "error") problems.push_back("expected an error, got status " + j.status);
    if (e.kind == K::Error && j.status == "error" && !has_code(e, j.code))
        problems.push_back("expected code " + e.codes.front() + ", got " + j.code + ": " + j.message);
    for (const auto& m : e.messages) {
        bool found = j.message.find(m) != std::string::npos;
        for (const auto& l : j.logs) found = found || (e.kind == K::Ok && l.find(m) != std::string::npos);
        if (!found) problems.push_back("no '" + m + "' in the message: " + j.message.substr(0, 300));
    }
    if (std::string why = unclear(j.message, 4096); !why.empty())
        problems.push_back("the error message " + why);
    for (const auto& l : j.logs)
        if (std::string why = unclear(l, 4096); !why.empty()) {
            problems.push_back("a log line " + why);
            break;
        }
    if (j.cpu_s > cpu_limit + s.cpu_overshoot_s)
        problems.push_back("used " + std::to_string(j.cpu_s) + " s of CPU with a limit of " +
                           std::to_string(cpu_limit) + " s (a limit was not enforced in time)");
}

std::vector<std::string> judge(const Expectation& e, const ChildResult& r, const RunSettings& s) {
    using K = Expectation::Kind;
    std::vector<std::string> problems;
    if (!e.problem.empty()) return {"header: " + e.problem};
    if (r.timed_out) return {"still running after " + std::to_string(int(s.kill_after_s)) + " s: a hang"};
    if (r.signal) return {"killed by signal " + std::to_string(r.signal) + " (" + strsignal(r.signal) + "): a crash"};
    int want = e.kind == K::Ok ? 0 : e.kind == K::Error ? 1 : e.exit_code;
    if (r.exit_code != want)
        problems.push_back("exit code " + std::to_string(r.exit_code) + ", expected " + std::to_string(want));
    // stderr: the embedded pdsim's notice aside, one clear line per failure.
    std::vector<std::string> lines;
    std::istringstream err(r.err);
    for (std::string l; std::getline(err, l);)
        if (l.find("started an embedded pdsim") == std::string::npos) lines.push_back(l);
    size_t want_lines = e.kind == K::Ok ? 0 : 1;
    if (lines.size() != want_lines)
        problems.push_back("stderr has " + std::to_string(lines.size()) + " lines, expected " +
                           std::to_string(want_lines) + ": " + r.err.substr(0, 300));
    for (const auto& l : lines) {
        if (std::string why = unclear(l, 4096); !why.empty()) problems.push_back("a stderr line " + why);
        if (l.rfind("medic run: ", 0) != 0) problems.push_back("stderr line does not start with 'medic run: ': " + l.substr(0, 200));
    }
    for (const auto& f : r.stray_files) problems.push_back("a file appeared in the working directory: " + f);
    for (const char* const* c = kCanaries; *c; c++)
        if (fs::exists(*c)) problems.push_back(std::string("the canary file exists: ") + *c);
    std::vector<RunJson> runs = parse_runs(r.out, problems);
    if (e.kind == K::Exit) {
        if (!runs.empty()) problems.push_back("expected no run, got " + std::to_string(runs.size()) + " JSON lines");
        for (const auto& m : e.messages)
            if (r.err.find(m) == std::string::npos) problems.push_back("no '" + m + "' on stderr");
        return problems;
    }
    if (runs.size() != 1) {
        problems.push_back("expected one JSON line on stdout, got " + std::to_string(runs.size()) + ": " +
                           r.out.substr(0, 300));
        return problems;
    }
    judge_run(e, runs[0], s, flag_value(e, "--cpu-limit", s.cpu_limit_s), problems);
    return problems;
}

}  // namespace medic::hostile
