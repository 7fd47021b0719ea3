// gui/bridge/pipeline.cpp: see pipeline.hpp.
#include "pipeline.hpp"

#include <chrono>
#include <optional>
#include <variant>

#include "actions/params.hpp"
#include "actions/service.hpp"
#include "advisor/record.hpp"
#include "advisor/rules/rule_advisor.hpp"
#include "store/audit_log.hpp"
#include "store/database.hpp"
#include "store/incident_store.hpp"
#include "store/proposal_store.hpp"
#include "store/run_journal.hpp"
#include "store/settings_store.hpp"

namespace medic::gui::bridge {
namespace {

constexpr int kLoopMs = 200;
constexpr int kAdviseEveryLoops = 5;  // look for incidents without a proposal every second

/// A plan parameter as a runbook argument (`--arg k=v` text): strings bare.
std::string runbook_arg(const actions::ParamValue& v) {
    if (const auto* s = std::get_if<std::string>(&v)) return *s;
    return actions::value_to_json(v);
}

void link_to_proposal(actions::ActionService& service, std::int64_t action_id, std::int64_t proposal_id) {
    service.writer().run([&](store::Database& db, store::AuditAppender&) {
        db.prepare("UPDATE actions SET proposal_id = ?1 WHERE id = ?2").bind(1, proposal_id).bind(2, action_id).run();
    });
}

}  // namespace

ProposalPipeline::ProposalPipeline(actions::ActionService& service, std::string db_path, SnapshotFn snapshot,
                                   Notice notice, StartRunbookFn start_runbook)
    : service_(service),
      db_path_(std::move(db_path)),
      snapshot_(std::move(snapshot)),
      notice_(std::move(notice)),
      start_runbook_(std::move(start_runbook)) {}

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
            if (n % kAdviseEveryLoops == 0) {
                withdraw_for_closed_incidents();
                advise_open_incidents();
            }
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
            std::vector<KeyValue> params;
            for (const auto& [k, v] : step.params) params.push_back({k, runbook_arg(v)});
            propose_runbook(id, step.runbook, std::move(params), live, "advisor:" + env.source.advisor);
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
        if (out.action_id) link_to_proposal(service_, out.action_id, id);
        if (out.status == actions::ActionStatus::AwaitingApproval) parked_.insert(out.action_id);
        else if (!out.ok())
            notice_(Severity::Warning, "proposal #" + std::to_string(id) + " " + step.kind + ": " +
                                           actions::status_name(out.status) + " " + out.error);
    }
}

void ProposalPipeline::propose_runbook(std::int64_t proposal_id, const std::string& name, std::vector<KeyValue> params,
                                       bool live, const std::string& actor) {
    std::string args;
    for (const auto& kv : params) args += " " + kv.key + "=" + kv.value;
    std::string what = "runbook " + name + args;
    if (std::string covered = already_covered(name + args, name); !covered.empty()) {
        store::ProposalStore(*db_).set_status(proposal_id, "superseded", "engine:pipeline", covered);
        notice_(Severity::Info, "proposal #" + std::to_string(proposal_id) + ": " + covered);
        return;
    }
    if (!start_runbook_) {
        notice_(Severity::Warning, "proposal #" + std::to_string(proposal_id) + ": start " + what + " from the Runbooks panel");
        return;
    }
    if (!live) {  // nothing acts: the plan of the run is the preview
        start_runbook_(name, params, false);
        notice_(Severity::Info, "proposal #" + std::to_string(proposal_id) + ": dry run of " + what +
                                    " started (execution mode is dry-run)");
        return;
    }
    actions::ActionRequest ar;
    ar.kind = "approval";
    ar.params["summary"] = ("start " + what + " (proposal #" + std::to_string(proposal_id) + ")").substr(0, 500);
    ar.actor = actor;
    ar.requester = actor;
    ar.mode = actions::Mode::Execute;
    ar.wait_for_approval = false;
    actions::ActionOutcome out = service_.submit(ar);
    if (out.action_id) link_to_proposal(service_, out.action_id, proposal_id);
    if (out.status != actions::ActionStatus::AwaitingApproval) {
        notice_(Severity::Warning, "proposal #" + std::to_string(proposal_id) + " " + what + ": " +
                                       actions::status_name(out.status) + " " + out.error);
        return;
    }
    {
        std::lock_guard lock(exec_mu_);
        runbook_on_approval_[out.action_id] = {name, std::move(params), name + args, proposal_id};
    }
    parked_.insert(out.action_id);
}

std::string ProposalPipeline::already_covered(const std::string& key, const std::string& name) {
    {
        std::lock_guard lock(exec_mu_);
        for (const auto& [action_id, pending] : runbook_on_approval_)
            if (pending.key == key && parked_.count(action_id))
                return "runbook " + key + " is already awaiting approval in proposal #" +
                       std::to_string(pending.proposal_id) + "; not asked twice";
    }
    for (const auto& run : store::RunJournal(*db_).running(name))
        if (run.mode == "live") return "runbook " + name + " is already running live (run #" + std::to_string(run.id) + ")";
    return "";
}

void ProposalPipeline::withdraw_for_closed_incidents() {
    for (std::int64_t action_id : parked_) {
        auto& q = db_->prepare("SELECT p.id, i.id FROM actions a JOIN proposals p ON p.id = a.proposal_id "
                               "JOIN incidents i ON i.id = p.incident_id WHERE a.id = ?1 AND i.status != 'open'");
        q.bind(1, action_id);
        std::int64_t proposal_id = 0, incident_id = 0;
        if (q.step()) {
            proposal_id = q.column_int(0);
            incident_id = q.column_int(1);
        }
        q.reset();
        if (!incident_id || service_.approval_state(action_id) != actions::ApprovalState::Pending) continue;
        std::string why = "incident #" + std::to_string(incident_id) + " closed before anyone decided";
        // Declined only while still undecided (one transaction in the
        // service): a person's decision in the meantime stands, and
        // poll_parked() resumes it as usual.
        if (!service_.reject(action_id, "engine:pipeline", why).empty()) continue;
        store::ProposalStore(*db_).set_status(proposal_id, "expired", "engine:pipeline", why + "; nothing to do");
        notice_(Severity::Info, "proposal #" + std::to_string(proposal_id) + " withdrawn: " + why);
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
            std::optional<RunbookOnApproval> runbook;
            {
                std::lock_guard lock(exec_mu_);
                if (auto it = runbook_on_approval_.find(id); it != runbook_on_approval_.end()) {
                    runbook = std::move(it->second);
                    runbook_on_approval_.erase(it);
                }
            }
            if (runbook && out.ok()) start_runbook_(runbook->name, runbook->params, true);
        } catch (const std::exception& e) {
            notice_(Severity::Critical, "action " + std::to_string(id) + ": " + e.what());
        }
    }
}

}  // namespace medic::gui::bridge
