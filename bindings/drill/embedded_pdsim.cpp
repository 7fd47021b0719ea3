// bindings/drill/embedded_pdsim.cpp: EmbeddedPdsim (embedded_pdsim.hpp).
#include "bindings/drill/embedded_pdsim.hpp"

#include <curl/curl.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <climits>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace medic::drill {
namespace {

size_t on_body(char* p, size_t size, size_t n, void* ud) {
    static_cast<std::string*>(ud)->append(p, size * n);
    return size * n;
}

bool executable(const std::string& path) { return !path.empty() && ::access(path.c_str(), X_OK) == 0; }

std::string self_dir() {
    char buf[PATH_MAX];
    ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0) return "";
    std::string p(buf, size_t(n));
    return p.substr(0, p.find_last_of('/'));
}

}  // namespace

HttpReply http_call(const std::string& method, const std::string& url, const std::string& body) {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    HttpReply out;
    CURL* c = curl_easy_init();
    if (c == nullptr) return out;
    curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
    headers = curl_slist_append(headers, "Expect:");
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method.c_str());
    if (method != "GET") {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.c_str());
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, long(body.size()));
    }
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &out.body);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 10000L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    if (curl_easy_perform(c) == CURLE_OK) {
        long code = 0;
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
        out.status = int(code);
    }
    curl_slist_free_all(headers);
    curl_easy_cleanup(c);
    return out;
}

std::string find_pdsim_binary() {
    if (const char* env = std::getenv("PDSIM_BIN"); env && *env) return env;
    std::string dir = self_dir();
    for (const char* rel : {"/../cluster/pdsim", "/pdsim"})
        if (!dir.empty() && executable(dir + rel)) return dir + rel;
    if (const char* path = std::getenv("PATH")) {
        std::string p = path;
        for (size_t start = 0; start <= p.size();) {
            size_t end = p.find(':', start);
            if (end == std::string::npos) end = p.size();
            std::string cand = p.substr(start, end - start) + "/pdsim";
            if (executable(cand)) return cand;
            start = end + 1;
        }
    }
    return "";
}

EmbeddedPdsim::EmbeddedPdsim(const std::vector<std::string>& extra, bool quiet) {
    static std::atomic<int> counter{0};
    std::string bin = find_pdsim_binary();
    if (bin.empty()) throw std::runtime_error("cannot find the pdsim binary (build target pdsim, or set PDSIM_BIN)");
    const char* tmp = std::getenv("TMPDIR");
    ready_file_ = std::string(tmp ? tmp : "/tmp") + "/medic-pdsim-" + std::to_string(::getpid()) + "-" +
                  std::to_string(counter++);
    ::unlink(ready_file_.c_str());
    std::vector<std::string> args{bin, "--addr", "127.0.0.1:0", "--ready-file", ready_file_};
    args.insert(args.end(), extra.begin(), extra.end());
    // medic killed by a signal must not leave its simulator running. The
    // death signal follows the thread that forked, so it is only armed when
    // that is the main thread (alive as long as the process).
    bool from_main_thread = ::gettid() == ::getpid();
    pid_t parent = ::getpid();
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("cannot start pdsim: fork failed");
    if (pid_ == 0) {
        if (from_main_thread) {
            ::prctl(PR_SET_PDEATHSIG, SIGTERM);
            if (::getppid() != parent) ::_exit(0);  // the parent died before prctl
        }
        if (quiet) {
            int devnull = ::open("/dev/null", O_RDWR);
            if (devnull >= 0) ::dup2(devnull, 1), ::dup2(devnull, 2);
        }
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        ::execv(bin.c_str(), argv.data());
        ::_exit(127);
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
        std::ifstream f(ready_file_);
        std::string line;
        while (f && std::getline(f, line))
            if (!line.empty()) urls_.push_back(line);
        if (!urls_.empty()) {
            url_ = urls_.front();
            return;
        }
        int st = 0;
        if (::waitpid(pid_, &st, WNOHANG) == pid_) {
            pid_ = -1;
            throw std::runtime_error("pdsim exited during start (" + bin + "; exit status " +
                                     std::to_string(WIFEXITED(st) ? WEXITSTATUS(st) : -1) + ")");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
    throw std::runtime_error("pdsim did not become ready within 30 s");
}

EmbeddedPdsim::~EmbeddedPdsim() {
    if (pid_ > 0) {
        ::kill(pid_, SIGTERM);
        for (int i = 0; i < 200; ++i) {
            if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
                pid_ = -1;
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
    }
    ::unlink(ready_file_.c_str());
}

std::string EmbeddedPdsim::chaos(const std::string& path, const std::string& body) const {
    std::string p = path.rfind("/chaos", 0) == 0 ? path : "/chaos/" + path;
    HttpReply r = http_call(p == "/chaos" && body == "DELETE" ? "DELETE" : "POST", url_ + p,
                            body == "DELETE" ? "" : body);
    if (r.status < 200 || r.status >= 300)
        throw std::runtime_error("pdsim " + p + ": " + (r.status ? "HTTP " + std::to_string(r.status) + " " + r.body
                                                                  : std::string("no answer")));
    return r.body;
}

void EmbeddedPdsim::advance(double seconds) const {
    chaos("/chaos/clock/advance", "{\"seconds\":" + std::to_string(seconds) + "}");
}

long long EmbeddedPdsim::pd_writes() const {
    HttpReply r = http_call("GET", url_ + "/chaos/stats");
    auto at = r.body.find("\"pd_writes\"");
    if (r.status != 200 || at == std::string::npos) return -1;
    at = r.body.find(':', at);
    return at == std::string::npos ? -1 : std::atoll(r.body.c_str() + at + 1);
}

}  // namespace medic::drill
