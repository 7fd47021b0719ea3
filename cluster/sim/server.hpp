// HTTP listeners of pdsim: one per PD member (with PD's follower proxying,
// PD-API fault injection and request accounting) and one status server per
// TiKV store (GET /status, GET /metrics) that is really down while the
// store is killed. This is the only unit that includes httplib.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "sim/http.hpp"

namespace pdsim {

class Servers {
 public:
  Servers(Sim& sim, const Router& router);
  ~Servers();
  /// Binds every PD member (consecutive free ports from `port`, 0 = any).
  bool start_members(const std::string& host, int port, int count, std::string* err);
  /// Binds a status server for every store and sets status_address.
  bool start_status_servers(const std::string& host, std::string* err);
  int member_port(int idx) const;
  bool set_member_running(int idx, bool running);
  void sync_status_servers();
  void stop_all();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pdsim
