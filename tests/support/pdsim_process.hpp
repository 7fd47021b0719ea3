// PdsimProcess: starts the pdsim binary on a free loopback port for a test,
// waits until every PD member listens (via --ready-file), offers small HTTP
// helpers (real HTTP over loopback) and kills the process on destruction.
// Shared by every test suite that needs a PD (see notes/pdsim_contract.md).
#pragma once
#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

namespace medic::test {

struct HttpResult {
  int status = 0;  // 0 = no answer (connection refused, timeout)
  std::string body;
  std::string content_type;
  std::map<std::string, std::string> headers;  // lower-case names
};

/// Plain HTTP request to any URL ("http://127.0.0.1:PORT/path").
HttpResult http_request(const std::string& method, const std::string& url, const std::string& body = "",
                        const std::map<std::string, std::string>& headers = {}, double timeout_s = 10);

class PdsimProcess {
 public:
  /// Starts pdsim with `args` plus --addr 127.0.0.1:0 and --ready-file.
  /// The binary is $PDSIM_BIN if set, else the build's pdsim. Throws
  /// std::runtime_error when pdsim does not come up within 30 s.
  explicit PdsimProcess(std::vector<std::string> args);
  ~PdsimProcess();
  PdsimProcess(const PdsimProcess&) = delete;
  PdsimProcess& operator=(const PdsimProcess&) = delete;

  /// URL of the PD leader member at start ("http://127.0.0.1:PORT").
  const std::string& url() const { return urls_.front(); }
  /// All PD member URLs, leader first.
  const std::vector<std::string>& urls() const { return urls_; }
  pid_t pid() const { return pid_; }

  HttpResult get(const std::string& path) const { return http_request("GET", url() + path); }
  HttpResult post(const std::string& path, const std::string& body) const {
    return http_request("POST", url() + path, body, {{"Content-Type", "application/json"}});
  }
  HttpResult del(const std::string& path, const std::string& body = "") const {
    return http_request("DELETE", url() + path, body);
  }
  /// POST to the chaos API (path starts with "/chaos").
  HttpResult post_chaos(const std::string& path, const std::string& body) const { return post(path, body); }
  /// Step mode: advances the simulated clock; throws if pdsim refuses.
  void advance(double seconds) const;
  /// Sends SIGKILL and reaps the process (for crash tests).
  void kill_now();

 private:
  pid_t pid_ = -1;
  std::string ready_file_;
  std::vector<std::string> urls_;
};

/// Path of the pdsim binary used by PdsimProcess.
std::string pdsim_binary();

}  // namespace medic::test
