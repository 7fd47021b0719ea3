// gui/bridge/pipeline.cpp: see pipeline.hpp.
#include "pipeline.hpp"

#include <chrono>

#include "actions/service.hpp"
#include "advisor/record.hpp"
#include "advisor/rules/rule_advisor.hpp"
#include "store/audit_log.hpp"
#include "store/database.hpp"
#include "store/incident_store.hpp"
#include "store/proposal_store.hpp"
#include "store/settings_store.hpp"

namespace medic::gui::bridge {
namespace {

constexpr int kLoopMs = 200;
constexpr int kAdviseEveryLoops = 5;  // look for incidents without a proposal every second

}  // namespace

ProposalPipeline::ProposalPipeline(actions::ActionService& service, std::string db_path, SnapshotFn snapshot,
                                   Notice notice)
    : service_(service), db_path_(std::move(db_path)), snapshot_(std::move(snapshot)), notice_(std::move(notice)) {}

ProposalPipeline::~ProposalPipeline() {
    stop_ = true;
    exec_cv_.notify_all();
    if (thread_.joinable()) thread_.join();
    if (executor_.joinable()) executor_.join();
}

void ProposalPipeline::start() {
    db_ = store::Database::open(db_path_);
    store::ProposalStore ensure_schema(*db_);
    // Actions already parked by an earlier run of this GUI are not ours to
    // resume (their service is gone); ActionService marks them on start.
    thread_ = std::thread([this] { loop(); });
    executor_ = std::thread([this] { executor_loop(); });
}

void ProposalPipeline::loop() {
    for (int n = 0; !stop_; ++n) {
        try {
            if (n % kAdviseEveryLoops == 0) advise_open_incidents();
            poll_parked();
        } catch (const std::exception& e) {
            notice_(Severity::Critical, std::string("proposal pipeline: ") + e.what());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(kLoopMs));
    }
}

void ProposalPipeline::advise_open_incidents() {
    model::SnapshotPtr snap = snapshot_();
    if (!snap || snap->stores().empty()) return;  // no cluster view yet: advise later
    std::vector<std::int64_t> ids;
    auto& q = db_->prepare("SELECT id FROM incidents WHERE status = 'open' AND id NOT IN "
                           "(SELECT incident_id FROM proposals WHERE incident_id IS NOT NULL) ORDER BY id LIMIT 8");
    while (q.step()) ids.push_back(q.column_int(0));
    for (auto id : ids) advise(id, snap);
}

void ProposalPipeline::advise(std::int64_t incident_id, const model::SnapshotPtr& snap) {
    store::IncidentStore incidents(*db_);
    auto inc = incidents.get(incident_id);
    if (!inc) return;
    advisor::AdviceRequest req;
    req.incident = {inc->id, inc->kind, inc->subject, store::severity_name(inc->severity), inc->summary, inc->evidence};
    req.snapshot = snap;
    advisor::RuleAdvisor rules;
    advisor::ProposalEnvelope env = rules.advise(req);
    store::ProposalStore ps(*db_);
    std::int64_t id = advisor::record_envelope(ps, env);  // recorded before anything acts on it
    notice_(Severity::Info, "proposal #" + std::to_string(id) + " for incident #" + std::to_string(incident_id) +
                                " (" + advisor::outcome_name(env.outcome) + "): " + env.headline());
    if (env.outcome != advisor::Outcome::Proposal) return;
    if (auto observe = store::get_setting(*db_, "observe_only"); observe && (*observe == "1" || *observe == "true")) {
        notice_(Severity::Info, "observe-only: proposal #" + std::to_string(id) + " not submitted");
        return;
    }
    bool live = store::get_setting(*db_, "execution_mode").value_or("dry_run") == "live";
    for (const auto& step : env.plan) {
        if (step.kind == "run_runbook") {
            notice_(Severity::Warning, "proposal #" + std::to_string(id) + ": runbook " + step.runbook +
                                           " must be started from the Runbooks panel");
            continue;
        }
        actions::ActionRequest ar;
        ar.kind = step.kind;
        ar.params = step.params;
        ar.actor = "advisor:" + env.source.advisor;
        ar.requester = ar.actor;
        ar.mode = live ? actions::Mode::Execute : actions::Mode::DryRun;
        ar.wait_for_approval = false;
        actions::ActionOutcome out = service_.submit(ar);
        if (out.action_id) {
            service_.writer().run([&](store::Database& db, store::AuditAppender&) {
                db.prepare("UPDATE actions SET proposal_id = ?1 WHERE id = ?2").bind(1, id).bind(2, out.action_id).run();
            });
        }
        if (out.status == actions::ActionStatus::AwaitingApproval) parked_.insert(out.action_id);
        else if (!out.ok())
            notice_(Severity::Warning, "proposal #" + std::to_string(id) + " " + step.kind + ": " +
                                           actions::status_name(out.status) + " " + out.error);
    }
}

void ProposalPipeline::poll_parked() {
    for (auto it = parked_.begin(); it != parked_.end();) {
        if (service_.approval_state(*it) == actions::ApprovalState::Pending) {
            ++it;
            continue;
        }
        {
            std::lock_guard lock(exec_mu_);
            to_resume_.push_back(*it);
        }
        exec_cv_.notify_one();
        it = parked_.erase(it);
    }
}

void ProposalPipeline::executor_loop() {
    while (!stop_) {
        std::int64_t id = 0;
        {
            std::unique_lock lock(exec_mu_);
            exec_cv_.wait_for(lock, std::chrono::milliseconds(200), [this] { return stop_ || !to_resume_.empty(); });
            if (stop_ || to_resume_.empty()) continue;
            id = to_resume_.front();
            to_resume_.pop_front();
        }
        try {
            // Blocks for execution and verification; the decision itself is
            // re-checked by the service (kill switch, facts, expiry).
            actions::ActionOutcome out = service_.resume(id);
            notice_(out.ok() ? Severity::Info : Severity::Warning,
                    "action " + std::to_string(id) + ": " + actions::status_name(out.status) +
                        (out.error.empty() ? "" : " - " + out.error));
        } catch (const std::exception& e) {
            notice_(Severity::Critical, "action " + std::to_string(id) + ": " + e.what());
        }
    }
}

}  // namespace medic::gui::bridge
