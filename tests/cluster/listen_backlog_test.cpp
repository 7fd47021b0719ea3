// pdsim's accept queue: cpp-httplib listens with a backlog of 5, and a
// burst of connections beyond it lost their handshakes for the 1 s SYN
// timeout; widen_listen_backlog() gives pdsim's listeners the system's
// maximum. Checked on a socket nobody accepts from, so the queue is all
// there is.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <vector>

#include "sim/listen_backlog.hpp"

namespace {

/// A loopback listener with backlog 1 that never accepts; returns its fd, sets `port`.
int tiny_listener(int& port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  REQUIRE(::listen(fd, 1) == 0);
  socklen_t len = sizeof a;
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0);
  port = ntohs(a.sin_port);
  return fd;
}

/// Start `n` connections at once; how many finished their handshake within `wait_ms`.
int connect_burst(int port, int n, int wait_ms) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(uint16_t(port));
  std::vector<pollfd> fds;
  for (int i = 0; i < n; ++i) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);  // EINPROGRESS
    fds.push_back({fd, POLLOUT, 0});
  }
  int done = 0;
  for (int waited = 0; waited < wait_ms && done < n; waited += 10) {
    ::poll(fds.data(), fds.size(), 10);
    done = 0;
    for (auto& p : fds) done += (p.revents & POLLOUT) ? 1 : 0;
  }
  for (auto& p : fds) ::close(p.fd);
  return done;
}

}  // namespace

TEST_CASE("pdsim: a listener's accept queue takes a burst of 32 connections", "[pdsim]") {
  constexpr int kBurst = 32;
  int port = 0;
  int narrow = tiny_listener(port);
  // The control: with backlog 1 and nobody accepting, the kernel drops the
  // handshakes beyond the queue; they cannot finish before an accept.
  CHECK(connect_burst(port, kBurst, 300) < kBurst);
  ::close(narrow);

  int wide = tiny_listener(port);
  CHECK(pdsim::widen_listen_backlog(port) == 1);
  CHECK(connect_burst(port, kBurst, 5000) == kBurst);
  ::close(wide);
}
