// PdsimProcess implementation: fork/exec, ready-file polling, libcurl HTTP.
#include "support/pdsim_process.hpp"

#include <curl/curl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace medic::test {

namespace {

size_t on_body(char* p, size_t size, size_t n, void* ud) {
  static_cast<std::string*>(ud)->append(p, size * n);
  return size * n;
}

size_t on_header(char* p, size_t size, size_t n, void* ud) {
  std::string line(p, size * n);
  auto colon = line.find(':');
  if (colon != std::string::npos) {
    std::string k = line.substr(0, colon), v = line.substr(colon + 1);
    for (char& c : k) c = char(std::tolower((unsigned char)c));
    while (!v.empty() && (v.front() == ' ')) v.erase(0, 1);
    while (!v.empty() && (v.back() == '\r' || v.back() == '\n')) v.pop_back();
    (*static_cast<std::map<std::string, std::string>*>(ud))[k] = v;
  }
  return size * n;
}

std::string temp_ready_path() {
  static std::atomic<int> counter{0};
  const char* dir = std::getenv("TMPDIR");
  return std::string(dir ? dir : "/tmp") + "/pdsim-ready-" + std::to_string(getpid()) + "-" +
         std::to_string(counter++);
}

}  // namespace

std::string pdsim_binary() {
  if (const char* env = std::getenv("PDSIM_BIN")) return env;
#ifdef MEDIC_PDSIM_PATH
  return MEDIC_PDSIM_PATH;
#else
  return "pdsim";
#endif
}

HttpResult http_request(const std::string& method, const std::string& url, const std::string& body,
                        const std::map<std::string, std::string>& headers, double timeout_s) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  HttpResult res;
  CURL* c = curl_easy_init();
  if (!c) return res;
  curl_slist* hl = nullptr;
  for (auto& [k, v] : headers) hl = curl_slist_append(hl, (k + ": " + v).c_str());
  hl = curl_slist_append(hl, "Expect:");
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method.c_str());
  if (method == "HEAD") curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
  if (!body.empty() || method == "POST" || method == "PUT") {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, long(body.size()));
  }
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &res.body);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &res.headers);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, long(timeout_s * 1000));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  if (curl_easy_perform(c) == CURLE_OK) {
    long code = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    res.status = int(code);
    res.content_type = res.headers.count("content-type") ? res.headers["content-type"] : "";
  }
  curl_slist_free_all(hl);
  curl_easy_cleanup(c);
  return res;
}

PdsimProcess::PdsimProcess(std::vector<std::string> args) {
  ready_file_ = temp_ready_path();
  ::unlink(ready_file_.c_str());
  std::string bin = pdsim_binary();
  args.insert(args.begin(), {bin, "--addr", "127.0.0.1:0", "--ready-file", ready_file_});
  // A test binary that crashes must not leave pdsim holding ctest's output
  // pipe. The death signal follows the forking thread: main thread only.
  bool from_main_thread = gettid() == getpid();
  pid_t parent = getpid();
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    if (from_main_thread) {
      prctl(PR_SET_PDEATHSIG, SIGTERM);
      if (getppid() != parent) _exit(0);
    }
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(bin.c_str(), argv.data());
    _exit(127);
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    std::ifstream f(ready_file_);
    std::string line;
    while (f && std::getline(f, line))
      if (!line.empty()) urls_.push_back(line);
    if (!urls_.empty()) return;
    int st = 0;
    if (waitpid(pid_, &st, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("pdsim exited during start (binary " + bin + ")");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill_now();
  throw std::runtime_error("pdsim did not become ready within 30 s");
}

PdsimProcess::~PdsimProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    for (int i = 0; i < 200; ++i) {
      int st = 0;
      if (waitpid(pid_, &st, WNOHANG) == pid_) {
        pid_ = -1;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (pid_ > 0) kill_now();
  }
  ::unlink(ready_file_.c_str());
}

void PdsimProcess::kill_now() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int st = 0;
  waitpid(pid_, &st, 0);
  pid_ = -1;
}

void PdsimProcess::advance(double seconds) const {
  HttpResult r = post("/chaos/clock/advance", "{\"seconds\":" + std::to_string(seconds) + "}");
  if (r.status != 200) throw std::runtime_error("advance failed: " + std::to_string(r.status) + " " + r.body);
}

}  // namespace medic::test
