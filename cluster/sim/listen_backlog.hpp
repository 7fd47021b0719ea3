// cluster/sim/listen_backlog.hpp: a deeper accept queue for a cpp-httplib
// server's listening socket.
//
// cpp-httplib 0.11 (Debian 12) listens with a backlog of 5, fixed when the
// library was compiled. When more clients connect at once than that (an
// engine's 8 workers, a GUI, a monitor), Linux drops the overflowing
// handshakes and those clients retry only after the 1 s SYN timeout: a 1 s
// stall measured in bench_http_floor (910 instead of ~7,100 requests/s,
// TcpExtListenOverflows +2). PD itself (Go) listens with the system's
// maximum, so pdsim should too.
#pragma once

namespace pdsim {

/// Re-listen (Linux updates the backlog of a listening socket) every
/// listening TCP socket of this process bound to `port`, with SOMAXCONN.
/// Returns how many sockets it changed.
int widen_listen_backlog(int port);

}  // namespace pdsim
