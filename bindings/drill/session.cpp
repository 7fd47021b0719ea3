// bindings/drill/session.cpp: Session (session.hpp).
#include "bindings/drill/session.hpp"

#include <unistd.h>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "actions/service.hpp"
#include "bindings/drill/auto_approver.hpp"
#include "bindings/drill/clock_gate.hpp"
#include "bindings/drill/embedded_pdsim.hpp"
#include "bindings/drill/session_services.hpp"
#include "bindings/lua/clock.hpp"
#include "bindings/lua/scheduler.hpp"
#include "model/monitor.hpp"
#include "pd/pd_client.hpp"

namespace medic::drill {
namespace {

std::string temp_db_path() {
    static std::atomic<int> counter{0};
    const char* tmp = std::getenv("TMPDIR");
    return std::string(tmp ? tmp : "/tmp") + "/medic-drill-" + std::to_string(::getpid()) + "-" +
           std::to_string(counter++) + ".db";
}

std::vector<std::string> pdsim_args(const SessionOptions& o) {
    std::vector<std::string> a{"--scenario", o.scenario, "--seed", std::to_string(o.seed)};
    if (o.stores > 0) a.insert(a.end(), {"--stores", std::to_string(o.stores)});
    if (o.regions > 0) a.insert(a.end(), {"--regions", std::to_string(o.regions)});
    if (o.step) a.push_back("--step");
    return a;
}

/// The engine's verification waits on the session's clock when it offers
/// the hooks (ServiceOptions::now_s / verify_pause); true when set. A
/// template so that this file builds against an engine without them.
template <class Options>
bool wait_on_session_clock(Options& so, std::atomic<double>& now, ClockGate& gate) {
    if constexpr (requires(Options& o) {
                      o.now_s = std::function<double()>{};
                      o.verify_pause = std::function<void()>{};
                  }) {
        so.now_s = [&now] { return now.load(); };
        so.verify_pause = [&gate] { gate.park(); };
        return true;
    } else {
        return false;
    }
}

/// The simulated clock starts at the wall time the session started, so
/// incident and audit timestamps look like real ones.
int64_t g_epoch_ms = 0;

}  // namespace

std::string read_text_file(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) throw std::runtime_error("cannot read " + path);
    std::ostringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

Session::Session(SessionOptions opts) : opts_(std::move(opts)) {
    if (opts_.pd_url.empty()) {
        pdsim_ = std::make_unique<EmbeddedPdsim>(pdsim_args(opts_));
        pd_url_ = pdsim_->url();
        sim_clock_ = opts_.step;
    } else {
        pd_url_ = opts_.pd_url;
    }
    db_path_ = opts_.db_path;
    if (db_path_.empty()) {
        db_path_ = temp_db_path();
        own_db_ = true;
    }
    auto eps = pd::parse_endpoints(pd_url_);
    if (!eps.ok()) throw std::runtime_error("--pd: " + eps.error().to_string());
    pd::PdClientOptions po;
    po.endpoints = eps.value();
    auto client = pd::PdClient::create(po);
    if (!client.ok()) throw std::runtime_error("pd client: " + client.error().to_string());
    pd_ = std::shared_ptr<pd::PdClient>(std::move(client.value()));

    model::MonitorOptions mo;
    mo.db_path = opts_.private_incidents ? ":memory:" : db_path_;
    mo.checks_interval_ms = 5000;  // clock time (simulated in step mode)
    mo.scan_interval_ms = 10000;
    monitor_ = std::make_unique<model::Monitor>(*pd_, mo);

    gate_ = std::make_unique<ClockGate>();
    actions::ServiceOptions so;
    so.db_path = db_path_;
    so.pd = pd_;
    so.durable = false;
    so.verify_poll_ms = 20;
    so.approval_poll_ms = 20;
    if (sim_clock_) gated_ = wait_on_session_clock(so, sim_now_, *gate_);
    service_ = std::make_unique<actions::ActionService>(so);

    if (sim_clock_) {
        EmbeddedPdsim* sim = pdsim_.get();
        clock_ = std::make_unique<lua::SimClock>([this, sim](double s) {
            sim->advance(s);
            sim_now_.store(sim_now_.load() + s);  // only this thread writes it
            gate_->clock_moved();
        });
    } else {
        clock_ = std::make_unique<lua::RealClock>();
    }
    if (g_epoch_ms == 0) g_epoch_ms = model::wall_ms();
    services_ = std::make_unique<SessionServices>(*this);
    if (opts_.auto_approve) approver_ = std::make_unique<AutoApprover>(*service_, db_path_);
}

Session::~Session() {
    approver_.reset();
    services_.reset();
    service_.reset();
    monitor_.reset();
    pd_.reset();
    pdsim_.reset();
    if (own_db_)
        for (const char* suffix : {"", "-wal", "-shm"}) ::unlink((db_path_ + suffix).c_str());
}

double Session::now() const { return clock_->now(); }

void Session::advance(double seconds) {
    if (seconds <= 0) return;
    clock_->sleep_until(clock_->now() + seconds);
    services_->invalidate();
}

void Session::refresh(bool full) {
    if (full) monitor_->request_full_refresh();
    int64_t now_ms = sim_clock_ ? g_epoch_ms + int64_t(std::llround(clock_->now() * 1000)) : 0;
    monitor_->tick_once(now_ms);
}

RunReport Session::run_runbook(const std::string& file, const RunOptions& ro) {
    lua::Scheduler sched(*clock_, *services_);
    // Waiting runs are checked for cancels this often (clock seconds); in
    // simulated time a coarse step keeps pdsim advances few.
    sched.cancel_poll_s = sim_clock_ ? 1.0 : 0.5;
    services_->set_cancel_after(ro.cancel_after_s);
    services_->invalidate();
    lua::RunRequest req;
    req.file = file;
    req.source = read_text_file(file);
    req.mode = ro.mode;
    // Cluster reads refresh the snapshot over HTTP inside the read call, and
    // the host counts read calls as Lua CPU; a run that waits on observed
    // state therefore needs more than the interactive 2 s.
    req.limits.cpu_s = 60;
    req.args = ro.args;
    lua::Run& r = sched.submit(std::move(req));
    sched.run_until_idle();
    services_->set_cancel_after(0);
    services_->reap();
    RunReport rep;
    rep.runbook = r.header.name.empty() ? lua::chunk_name_for(file) : r.header.name;
    rep.status = lua::kRunStatusNames[size_t(r.status)];
    if (r.failed) {
        rep.error = r.failure.one_line();
        rep.error_code = api::kErrorInfo[size_t(r.failure.code)].code;
    }
    rep.sim_seconds = r.finished_at - r.started_at;
    rep.actions = r.actions;
    rep.steps = r.steps;
    rep.logs = r.logs;
    return rep;
}

}  // namespace medic::drill
