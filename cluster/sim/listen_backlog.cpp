// cluster/sim/listen_backlog.cpp: widen_listen_backlog (listen_backlog.hpp).
// cpp-httplib keeps its listening socket private, so the socket is found
// among this process's descriptors by its local port.
#include "sim/listen_backlog.hpp"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdlib>

namespace pdsim {

namespace {

bool is_listener_on(int fd, int port) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return false;
  int local = 0;
  if (addr.ss_family == AF_INET) local = ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
  else if (addr.ss_family == AF_INET6) local = ntohs(reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port);
  else return false;
  int listening = 0;
  socklen_t n = sizeof listening;
  return local == port && ::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &n) == 0 && listening;
}

}  // namespace

int widen_listen_backlog(int port) {
  DIR* dir = ::opendir("/proc/self/fd");
  if (!dir) return 0;
  int changed = 0;
  while (dirent* e = ::readdir(dir)) {
    char* end = nullptr;
    long fd = std::strtol(e->d_name, &end, 10);
    if (end == e->d_name || *end != '\0' || fd == ::dirfd(dir)) continue;
    if (is_listener_on(int(fd), port) && ::listen(int(fd), SOMAXCONN) == 0) ++changed;
  }
  ::closedir(dir);
  return changed;
}

}  // namespace pdsim
