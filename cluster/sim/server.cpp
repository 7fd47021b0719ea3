// httplib glue for pdsim (see server.hpp): request conversion, the
// PD-Redirector follower proxy, PD-API faults, status servers.
#include "sim/server.hpp"

#include <httplib.h>

#include <chrono>
#include <mutex>
#include <thread>

#include "sim/format.hpp"
#include "sim/listen_backlog.hpp"
#include "sim/metrics.hpp"

namespace pdsim {

namespace {

constexpr size_t kMaxBody = 8 << 20;  // PD-API bodies are tiny; cap at 8 MiB
constexpr size_t kPdWorkers = 64;     // per PD member listener (see listen())
constexpr size_t kStatusWorkers = 8;  // per TiKV status listener (probes only)

bool is_local_route(const HttpRequest& r) {
  static const char* local[] = {"/pd/api/v1/config", "/pd/api/v1/status", "/pd/api/v1/health", "/pd/api/v1/ping",
                                "/pd/api/v1/version", "/pd/health", "/pd/ping"};
  if (r.method != "GET") return false;
  for (const char* p : local)
    if (r.path == p) return true;
  return false;
}

HttpRequest convert(const httplib::Request& in) {
  HttpRequest r;
  r.method = in.method;
  std::string t = in.target.empty() ? in.path : in.target;
  r.path = t.substr(0, t.find('?'));
  for (auto& [k, v] : in.params) r.query.emplace(k, v);
  for (auto& [k, v] : in.headers) {
    std::string lk = k;
    for (char& ch : lk) ch = char(std::tolower((unsigned char)ch));
    r.headers[lk] = v;
  }
  r.body = in.body;
  return r;
}

}  // namespace

struct Servers::Impl {
  Sim& sim;
  const Router& router;
  std::string host;
  struct Listener {
    std::unique_ptr<httplib::Server> srv;
    std::thread th;
    int port = 0;
  };
  std::vector<Listener> pd;
  std::vector<Listener> status;  // by store slot
  std::mutex mu;                  // guards listener start/stop
  std::mutex rng_mu;
  Rng fault_rng{0xC0FFEE};

  Impl(Sim& s, const Router& r) : sim(s), router(r) {}

  double draw() {
    std::lock_guard lk(rng_mu);
    return fault_rng.uniform();
  }

  void stop(Listener& l) {
    if (l.srv) {
      // stop() before listen_after_bind() is running would be lost and the
      // join below would hang: wait for the listener thread to be up first.
      for (int i = 0; i < 400 && !l.srv->is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(5));
      l.srv->stop();
    }
    if (l.th.joinable()) l.th.join();
    l.srv.reset();
  }

  bool listen(Listener& l, int port, const std::function<void(httplib::Server&)>& setup, size_t workers = kPdWorkers) {
    l.srv = std::make_unique<httplib::Server>();
    l.srv->set_payload_max_length(kMaxBody);
    l.srv->set_keep_alive_max_count(1000);
    // httplib writes a response's headers and body separately: without
    // TCP_NODELAY, Nagle holds the body until the client's delayed ACK
    // (~40 ms) on every request over a reused keep-alive connection.
    // TCP_NODELAY (SimOptions, default on) turns it off.
    l.srv->set_tcp_nodelay(sim.options.tcp_nodelay);
    // A kept-alive connection pins one worker until it has been idle for the
    // keep-alive timeout, so the worker count bounds concurrent clients: 4
    // stalled 8 concurrent engine threads plus a probe for seconds. 64 workers
    // serve many clients (status listeners: 8); a 1 s idle timeout frees workers held by clients
    // that went away.
    l.srv->set_keep_alive_timeout(1);
    l.srv->new_task_queue = [workers] { return new httplib::ThreadPool(workers); };
    setup(*l.srv);
    if (port == 0) {
      l.port = l.srv->bind_to_any_port(host);
      if (l.port <= 0) return false;
    } else {
      if (!l.srv->bind_to_port(host, port)) return false;
      l.port = port;
    }
    widen_listen_backlog(l.port);  // before any client can connect
    httplib::Server* raw = l.srv.get();
    l.th = std::thread([raw] { raw->listen_after_bind(); });
    return true;
  }

  void send(const HttpResponse& r, httplib::Response& out) {
    out.status = r.status;
    for (auto& [k, v] : r.headers) out.set_header(k, v);
    if (r.stream) {
      auto stream = r.stream;
      out.set_chunked_content_provider(r.content_type, [stream](size_t, httplib::DataSink& sink) {
        stream([&sink](const char* d, size_t n) { return sink.write(d, n); });
        sink.done();
        return true;
      });
    } else if (!r.body.empty() || !r.content_type.empty()) {
      out.set_content(r.body, r.content_type);
    }
  }

  // Materialises a streamed body (for faults that rewrite bytes).
  static void materialise(HttpResponse& r) {
    if (!r.stream) return;
    std::string body;
    r.stream([&body](const char* d, size_t n) {
      body.append(d, n);
      return true;
    });
    r.body = std::move(body);
    r.stream = nullptr;
  }

  void apply_faults(const ChaosFaults& f, HttpResponse& res) {
    if (f.truncate_rate > 0 && draw() < f.truncate_rate) {
      materialise(res);
      res.body.resize(res.body.size() / 2);
    } else if (f.malformed_rate > 0 && draw() < f.malformed_rate) {
      materialise(res);
      if (res.body.empty()) res.body = "{";
      res.body[res.body.size() / 2] = '\x01';
      res.body.insert(0, "<");
    }
  }

  bool proxy(int self, const HttpRequest& req, const httplib::Request& in, HttpResponse& res) {
    std::string leader_url;
    std::string self_name;
    {
      std::shared_lock lk(sim.mu);
      self_name = sim.members[size_t(self)].name;
      if (sim.leader >= 0 && !sim.members[size_t(sim.leader)].stopped)
        leader_url = sim.members[size_t(sim.leader)].client_url;
    }
    if (!req.header("pd-redirector").empty()) {
      res.status = 500, res.content_type = kTextType;
      res.body = "[PD:apiutil:ErrRedirectToNotLeader]redirect to not leader\n";
      return true;
    }
    if (leader_url.empty()) {
      res.status = 503, res.content_type = kTextType;
      res.body = "[PD:apiutil:ErrRedirectNoLeader]redirect finds no leader\n";
      return true;
    }
    httplib::Client cli(leader_url);
    cli.set_connection_timeout(3, 0);
    cli.set_read_timeout(60, 0);
    httplib::Headers h;
    for (auto& [k, v] : in.headers)
      if (k != "Host" && k != "Content-Length" && k != "Connection") h.emplace(k, v);
    h.emplace("PD-Redirector", self_name);
    httplib::Request pr;
    pr.method = in.method;
    pr.path = in.target.empty() ? in.path : in.target;
    pr.headers = h;
    pr.body = in.body;
    auto result = cli.send(pr);
    if (!result) {
      res.status = 503, res.content_type = kTextType;
      res.body = "[PD:apiutil:ErrRedirectNoLeader]redirect finds no leader\n";
      return true;
    }
    res.status = result->status;
    res.content_type = result->get_header_value("Content-Type");
    res.body = result->body;
    if (result->has_header("TiDB-Error-Code"))
      res.headers.emplace_back("TiDB-Error-Code", result->get_header_value("TiDB-Error-Code"));
    return true;
  }

  void handle_pd(int self, const httplib::Request& in, httplib::Response& out) {
    HttpRequest req = convert(in);
    HttpResponse res;
    bool pd_api = req.path.rfind("/pd/", 0) == 0;
    if (!pd_api) {
      Ctx ctx{sim, req, res, {}, self};
      router.dispatch(ctx);
      return send(res, out);
    }
    sim.pd_requests++;
    ChaosFaults f;
    bool is_leader;
    {
      std::shared_lock lk(sim.mu);
      if (sim.members.size() <= size_t(self)) {  // request raced the start-up
        res.status = 500, res.content_type = kTextType;
        res.body = "[PD:server:ErrServerNotStarted]server not started\n";
        return send(res, out);
      }
      f = sim.faults;
      is_leader = sim.leader == self;
    }
    if (f.latency_ms > 0) std::this_thread::sleep_for(std::chrono::microseconds(int64_t(f.latency_ms * 1000)));
    if (f.error_rate > 0 && draw() < f.error_rate) {
      res.status = 500;
      res.content_type = kJsonType;
      res.body = "\"[PD:etcd:ErrEtcdKVGet]context deadline exceeded\"\n";
      return send(res, out);
    }
    bool local = is_local_route(req) || req.header("pd-allow-follower-handle") == "true";
    if (!is_leader && !local) {
      proxy(self, req, in, res);
    } else {
      if (req.method != "GET" && req.method != "HEAD" && req.path.rfind("/pd/api/v1", 0) == 0) sim.pd_writes++;
      Ctx ctx{sim, req, res, {}, self};
      router.dispatch(ctx);
    }
    apply_faults(f, res);
    send(res, out);
  }

  void setup_pd(httplib::Server& s, int self) {
    auto h = [this, self](const httplib::Request& in, httplib::Response& out) { handle_pd(self, in, out); };
    s.Get(".*", h);
    s.Post(".*", h);
    s.Put(".*", h);
    s.Patch(".*", h);
    s.Delete(".*", h);
    s.Options(".*", h);
  }

  void setup_status(httplib::Server& s, uint32_t slot) {
    s.Get("/status", [](const httplib::Request&, httplib::Response& out) {
      out.status = 200;
      out.set_content("", "text/plain");
    });
    s.Get("/metrics", [this, slot](const httplib::Request&, httplib::Response& out) {
      std::shared_lock lk(sim.mu);
      out.set_content(store_metrics_text(sim, sim.cluster.stores()[slot]), "text/plain; version=0.0.4");
    });
  }
};

Servers::Servers(Sim& sim, const Router& router) : impl_(std::make_unique<Impl>(sim, router)) {}
Servers::~Servers() { stop_all(); }

bool Servers::start_members(const std::string& host, int port, int count, std::string* err) {
  impl_->host = host;
  impl_->pd.resize(size_t(count));
  for (int i = 0; i < count; ++i) {
    int want = port == 0 ? 0 : port + i;
    if (!impl_->listen(impl_->pd[size_t(i)], want, [this, i](httplib::Server& s) { impl_->setup_pd(s, i); })) {
      *err = "cannot listen on " + host + ":" + std::to_string(want);
      return false;
    }
  }
  return true;
}

bool Servers::start_status_servers(const std::string& host, std::string* err) {
  impl_->host = host;
  std::vector<Store>& stores = impl_->sim.cluster.stores();
  impl_->status.resize(stores.size());
  for (uint32_t i = 0; i < stores.size(); ++i) {
    auto& l = impl_->status[i];
    if (!impl_->listen(l, 0, [this, i](httplib::Server& s) { impl_->setup_status(s, i); }, kStatusWorkers)) {
      *err = "cannot bind a status port";
      return false;
    }
    stores[i].status_address = host + ":" + std::to_string(l.port);
    if (!stores[i].alive) impl_->stop(l);
  }
  return true;
}


int Servers::member_port(int idx) const { return impl_->pd[size_t(idx)].port; }

bool Servers::set_member_running(int idx, bool running) {
  std::lock_guard lk(impl_->mu);
  if (idx < 0 || size_t(idx) >= impl_->pd.size()) return false;
  auto& l = impl_->pd[size_t(idx)];
  if (running == bool(l.srv)) return true;
  if (!running) {
    impl_->stop(l);
    return true;
  }
  int port = l.port;
  return impl_->listen(l, port, [this, idx](httplib::Server& s) { impl_->setup_pd(s, idx); });
}

void Servers::sync_status_servers() {
  std::lock_guard lk(impl_->mu);
  std::vector<std::pair<uint32_t, bool>> want;
  {
    std::shared_lock slk(impl_->sim.mu);
    const auto& stores = impl_->sim.cluster.stores();
    for (uint32_t i = 0; i < stores.size() && i < impl_->status.size(); ++i)
      want.emplace_back(i, stores[i].alive && stores[i].state != 2);
  }
  for (auto [i, alive] : want) {
    auto& l = impl_->status[i];
    if (alive && !l.srv)
      impl_->listen(l, l.port, [this, i = i](httplib::Server& s) { impl_->setup_status(s, i); }, kStatusWorkers);
    if (!alive && l.srv) impl_->stop(l);
  }
}

void Servers::stop_all() {
  std::lock_guard lk(impl_->mu);
  for (auto& l : impl_->pd) impl_->stop(l);
  for (auto& l : impl_->status) impl_->stop(l);
}

}  // namespace pdsim
