// gui/engine_bridge.cpp: the bridge's threads, PD and database polling, and
// publishing. Command execution is in bridge/execute.cpp.
#include "engine_bridge.hpp"

#include <pwd.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>

#include "actions/service.hpp"
#include "advisor/pipeline/proposal_pipeline.hpp"
#include "bindings/runner/runbook_runner.hpp"
#include "gui/bridge/http_call.hpp"
#include "gui/bridge/json_flat.hpp"
#include "model/cluster_snapshot.hpp"
#include "model/monitor.hpp"
#include "pd/pd_client.hpp"
#include "store/database.hpp"

namespace medic::gui {
namespace {

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

/// Sleeps up to `ms` in small steps so stop() is prompt.
void nap(const std::atomic<bool>& stop, int ms) {
    for (int waited = 0; waited < ms && !stop.load(); waited += 20)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
}

constexpr std::size_t kMaxNotices = 20;

Severity severity_of(advisor::NoticeLevel level) {
    switch (level) {
        case advisor::NoticeLevel::Info: return Severity::Info;
        case advisor::NoticeLevel::Warning: return Severity::Warning;
        case advisor::NoticeLevel::Critical: break;
    }
    return Severity::Critical;
}

}  // namespace

std::string default_gui_actor() {
    // $USER is unset under systemd, cron and some SSH setups; the login of
    // the uid still names the person in the audit log.
    const char* user = std::getenv("USER");
    if (!user || !*user) {
        const passwd* pw = ::getpwuid(::getuid());
        user = pw && pw->pw_name && *pw->pw_name ? pw->pw_name : nullptr;
    }
    return std::string("gui:") + (user ? user : "unknown");
}

EngineBridge::EngineBridge(BridgeOptions options, SnapshotSource& out) : opts_(std::move(options)), out_(out) {
    if (opts_.actor.empty()) opts_.actor = default_gui_actor();
}

EngineBridge::~EngineBridge() {
    stop_ = true;
    for (auto* t : {&pd_thread_, &db_thread_, &cmd_thread_})
        if (t->joinable()) t->join();
    pipeline_.reset();  // uses the service, the Monitor and the runner: stop it first
    runner_.reset();    // cancels and joins the runs started here
    monitor_.reset();
    service_.reset();
}

std::string EngineBridge::start() {
    auto endpoints = pd::parse_endpoints(opts_.pd);
    if (!endpoints.ok()) return "--pd: " + endpoints.error().to_string();
    pd::PdClientOptions po;
    po.endpoints = endpoints.value();
    po.timeout_ms = 3000;
    po.get_rounds = 1;  // the poll loop itself is the retry
    auto client = pd::PdClient::create(po);
    if (!client.ok()) return "--pd: " + client.error().to_string();
    pd_ = std::move(client.value());
    try {
        db_view_ = std::make_unique<bridge::DbView>(opts_.db_path);
        actions::ServiceOptions so;
        so.db_path = opts_.db_path;
        so.pd = pd_;
        service_ = std::make_unique<actions::ActionService>(so);
        model::MonitorOptions mo;
        mo.db_path = opts_.db_path;
        mo.tick_ms = opts_.pd_poll_ms;
        mo.scan_interval_ms = opts_.region_scan_ms;
        monitor_ = std::make_unique<model::Monitor>(*pd_, mo);
        runner_ = std::make_unique<lua::RunbookRunner>(
            opts_.db_path, [this] { return monitor_->snapshot(); }, service_.get(), lua::RunbookRunner::operators_of(pd_));
        // The runner and the catalogue exist before the pipeline, which starts runbook plans through them.
        scan_runbooks();
        advisor::PipelineOptions po;
        po.db_path = opts_.db_path;  // execution follows the Autonomy panel's setting
        pipeline_ = std::make_unique<advisor::ProposalPipeline>(
            *service_, po, [this] { return monitor_->snapshot(); },
            [this](advisor::NoticeLevel level, std::string t) { notice(severity_of(level), std::move(t)); },
            [this](const std::string& name, const advisor::RunbookArgs& args, bool live) {
                std::vector<KeyValue> params;
                for (const auto& [k, v] : args) params.push_back({k, v});
                start_runbook(StartRunbook{name, std::move(params), !live});
            });
        pipeline_->start();
    } catch (const std::exception& e) {
        return "database " + opts_.db_path + ": " + e.what();
    }
    {
        std::lock_guard lock(mu_);
        connection_.pd_url = pd_->preferred_endpoint() + (opts_.embedded_pd ? " (embedded pdsim)" : "");
        connection_.db_path = opts_.db_path;
        connection_.db_ok = true;
    }
    if (opts_.embedded_pd)
        notice(Severity::Info, "no --pd given: connected to an embedded pdsim at " + pd_->preferred_endpoint() +
                                   " (demo mode: chaos enabled)");
    publish();
    pd_thread_ = std::thread([this] { pd_loop(); });
    db_thread_ = std::thread([this] { db_loop(); });
    cmd_thread_ = std::thread([this] { command_loop(); });
    return "";
}

void EngineBridge::pd_loop() {
    for (int tick = 0; !stop_; ++tick) {
        poll_pd();
        if (tick % 2 == 0) poll_chaos();
        publish();
        nap(stop_, opts_.pd_poll_ms);
    }
}

void EngineBridge::poll_pd() {
    auto t0 = std::chrono::steady_clock::now();
    model::TickReport rep;
    try {
        rep = monitor_->tick_once();
    } catch (const std::exception& e) {
        rep.errors.push_back(std::string("monitor: ") + e.what());
    }
    model::SnapshotPtr snap = monitor_->snapshot();
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    bool fresh = snap && !snap->stores().empty() && now_ms() - snap->taken_at_ms() < 3LL * opts_.pd_poll_ms + 2000;
    bridge::ClusterPart part;
    if (snap) part = cluster_view_.update(*snap, static_cast<double>(opts_.pd_poll_ms) / 1000.0);
    std::lock_guard lock(mu_);
    if (snap) cluster_ = std::move(part);
    connection_.connected = fresh;
    connection_.error = rep.errors.empty() ? (fresh ? "" : "no answer from PD yet") : rep.errors.front();
    connection_.poll_ms = ms;
    connection_.last_poll_age_s = snap ? static_cast<double>(now_ms() - snap->taken_at_ms()) / 1000.0 : -1;
    connection_.pd_url = pd_->preferred_endpoint() + (opts_.embedded_pd ? " (embedded pdsim)" : "");
}

void EngineBridge::poll_chaos() {
    // Demo mode exists only against pdsim: its chaos API answers GET /chaos.
    bridge::HttpReply r = bridge::http_call("GET", pd_->preferred_endpoint() + "/chaos", "", 1000);
    ChaosView v;
    v.available = r.status == 200;
    if (v.available)
        for (const auto& kv : bridge::flatten_json(r.body, 32)) v.active.push_back(kv.key + " = " + kv.value);
    std::lock_guard lock(mu_);
    v.last_result = chaos_.last_result;
    chaos_ = std::move(v);
}

void EngineBridge::db_loop() {
    std::int64_t last_verify = 0;
    while (!stop_) {
        SetAuditFilter filter;
        bool verify = false;
        {
            std::lock_guard lock(mu_);
            filter = filter_;
            verify = verify_requested_ || now_ms() - last_verify > 30000;
            verify_requested_ = false;
        }
        bridge::DbPart part;
        try {
            part = db_view_->read(filter, verify);
            if (verify) last_verify = now_ms();
        } catch (const std::exception& e) {
            part.ok = false;
            part.error = e.what();
        }
        {
            std::lock_guard lock(mu_);
            connection_.db_ok = part.ok;
            connection_.db_error = part.error;
            if (part.ok) db_ = std::move(part);  // keep the last good read on a transient error
        }
        publish();
        nap(stop_, opts_.db_poll_ms);
    }
}

void EngineBridge::command_loop() {
    scan_runbooks();
    for (int idle = 0; !stop_;) {
        auto cmd = queue_.try_pop();
        if (!cmd) {
            std::this_thread::sleep_for(std::chrono::milliseconds(15));
            if (++idle % 400 == 0) scan_runbooks();  // new or edited files show within ~6 s
            continue;
        }
        try {
            execute(*cmd);
        } catch (const std::exception& e) {
            notice(Severity::Critical, std::string(command_name(*cmd)) + " failed: " + e.what());
        }
        publish();
    }
}

void EngineBridge::notice(Severity s, std::string text) {
    std::lock_guard lock(mu_);
    notices_.push_front(TimedNotice{NoticeView{s, std::move(text), 0}, now_ms()});
    while (notices_.size() > kMaxNotices) notices_.pop_back();
}

void EngineBridge::publish() {
    auto snap = std::make_shared<UiSnapshot>();
    std::lock_guard lock(mu_);
    snap->version = ++version_;
    snap->taken_at = cluster_.taken_at;
    snap->connection = connection_;
    snap->stores = cluster_.stores;
    snap->heat = cluster_.heat;
    snap->health = cluster_.health;
    snap->trends = cluster_.trends;
    snap->incidents = db_.incidents;
    snap->proposals = db_.proposals;
    snap->kill = db_.kill;
    snap->autonomy = db_.autonomy;
    snap->runbooks = runbooks_;
    snap->runs = db_.runs;
    snap->audit = db_.audit;
    snap->chaos = chaos_;
    std::int64_t now = now_ms();
    for (const auto& n : notices_) {
        NoticeView v = n.view;
        v.age_s = static_cast<double>(now - n.at_ms) / 1000.0;
        snap->notices.push_back(std::move(v));
    }
    out_.publish(std::move(snap));
}

const ProposalView* EngineBridge::find_proposal(std::int64_t id) {
    for (const auto& p : db_.proposals)
        if (p.id == id) return &p;
    return nullptr;
}

}  // namespace medic::gui
