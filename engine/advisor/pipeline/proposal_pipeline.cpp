// engine/advisor/pipeline/proposal_pipeline.cpp: see proposal_pipeline.hpp.
#include "advisor/pipeline/proposal_pipeline.hpp"

#include <chrono>
#include <optional>
#include <variant>

#include "actions/params.hpp"
#include "actions/service.hpp"
#include "advisor/record.hpp"
#include "advisor/rules/rule_advisor.hpp"
#include "store/db_writer.hpp"
#include "store/database.hpp"
#include "store/incident_store.hpp"
#include "store/proposal_store.hpp"
#include "store/run_journal.hpp"
#include "store/settings_store.hpp"

namespace medic::advisor {
namespace {

constexpr int kLoopMs = 200;
constexpr int kAdviseEveryLoops = 5;  // look for incidents without a proposal every second

std::int64_t wall_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

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

/// Stores whose evict-leader scheduler medic added and has not removed:
/// the last succeeded evict_leader / remove_evict_leader per store decides.
std::map<std::uint64_t, std::int64_t> leaders_evicted_by_medic(store::Database& db) {
    std::map<std::uint64_t, std::int64_t> evicted;
    auto& q = db.prepare("SELECT id, kind, CASE WHEN json_valid(params) THEN json_extract(params, '$.store') END "
                         "FROM actions WHERE status = 'succeeded' AND kind IN ('evict_leader', 'remove_evict_leader') "
                         "ORDER BY id");
    while (q.step()) {
        std::int64_t store_id = q.column_int(2);
        if (store_id <= 0) continue;
        if (q.column_text(1) == "evict_leader") evicted[std::uint64_t(store_id)] = q.column_int(0);
        else evicted.erase(std::uint64_t(store_id));
    }
    return evicted;
}

/// The kinds and runbooks of a plan's steps, as the SQL in
/// readvise_open_incidents() renders a recorded one: "kind:runbook,...".
std::string plan_shape(const ProposalEnvelope& env) {
    std::string shape;
    for (const auto& st : env.plan) shape += (shape.empty() ? "" : ",") + st.kind + ":" + st.runbook;
    return shape;
}

}  // namespace

ProposalPipeline::ProposalPipeline(actions::ActionService& service, PipelineOptions options, SnapshotFn snapshot,
                                   Notice notice, StartRunbookFn start_runbook)
    : service_(service),
      opts_(std::move(options)),
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
    db_ = store::Database::open(opts_.db_path);
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
            notice_(NoticeLevel::Critical, std::string("proposal pipeline: ") + e.what());
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
    for (auto id : ids) advise(id, snap, std::nullopt);
    readvise_open_incidents(snap);
}

void ProposalPipeline::readvise_open_incidents(const model::SnapshotPtr& snap) {
    std::int64_t now = wall_ms();
    // Open incidents advised before, whose newest proposal is old enough and
    // none of whose actions is being carried out. What the newest proposal
    // planned (hash, and its shape: the kinds and runbooks of its steps) and
    // whether a question of it still waits for a person decide below.
    auto& q = db_->prepare(
        "WITH newest AS (SELECT p.incident_id, p.body FROM proposals p WHERE p.id = "
        "  (SELECT max(id) FROM proposals WHERE incident_id = p.incident_id) AND json_valid(p.body)) "
        "SELECT i.id, json_extract(n.body, '$.plan_hash'), "
        "  (SELECT group_concat(json_extract(e.value, '$.kind') || ':' || coalesce(json_extract(e.value, '$.runbook'), ''), ',') "
        "   FROM json_each(n.body, '$.plan') e), "
        "  EXISTS (SELECT 1 FROM actions a JOIN proposals p ON p.id = a.proposal_id WHERE p.incident_id = i.id "
        "          AND a.status = 'awaiting_approval') "
        "FROM incidents i JOIN newest n ON n.incident_id = i.id WHERE i.status = 'open' "
        "AND (SELECT max(created_at_ms) FROM proposals WHERE incident_id = i.id) < ?1 "
        "AND NOT EXISTS (SELECT 1 FROM actions a JOIN proposals p ON p.id = a.proposal_id WHERE p.incident_id = i.id "
        "  AND a.status IN ('proposed', 'validated', 'approved', 'executing', 'verifying')) "
        "ORDER BY i.id LIMIT 8");
    q.bind(1, now - opts_.readvise_after_ms);
    std::vector<std::pair<std::int64_t, PreviousAdvice>> due;
    while (q.step()) {
        std::int64_t id = q.column_int(0);
        if (now - last_readvised_ms_[id] >= opts_.readvise_after_ms)
            due.emplace_back(id, PreviousAdvice{q.column_text(1), q.column_text(2), q.column_int(3) != 0});
    }
    q.reset();
    for (const auto& [id, previous] : due) {
        last_readvised_ms_[id] = now;
        advise(id, snap, previous);
    }
    std::erase_if(last_readvised_ms_, [&](const auto& kv) { return now - kv.second > 10 * opts_.readvise_after_ms; });
}

void ProposalPipeline::advise(std::int64_t incident_id, const model::SnapshotPtr& snap,
                              const std::optional<PreviousAdvice>& previous) {
    store::IncidentStore incidents(*db_);
    auto inc = incidents.get(incident_id);
    if (!inc) return;
    AdviceRequest req;
    req.incident = {inc->id, inc->kind, inc->subject, store::severity_name(inc->severity), inc->summary, inc->evidence};
    req.snapshot = snap;
    req.leaders_evicted_by_medic = leaders_evicted_by_medic(*db_);
    RuleAdvisor rules;
    ProposalEnvelope env = rules.advise(req);
    // Asked again about an incident that is still open: only a different
    // plan is worth a new proposal (the cluster moved under the old one).
    // While a person is still asked about the old one, only a different
    // kind of fix replaces the question: a different region for the same
    // kind of move is not worth asking again.
    bool again = previous.has_value();
    if (again) {
        if (env.outcome != Outcome::Proposal || env.plan_hash == previous->plan_hash) return;
        if (previous->asking && plan_shape(env) == previous->shape) return;
    }
    store::ProposalStore ps(*db_);
    std::int64_t id = record_envelope(ps, env);  // recorded before anything acts on it
    notice_(NoticeLevel::Info, "proposal #" + std::to_string(id) + " for incident #" + std::to_string(incident_id) +
                                   (again ? " (advised again: the cluster changed)" : "") + " (" +
                                   outcome_name(env.outcome) + "): " + env.headline());
    if (env.outcome != Outcome::Proposal) return;
    if (again && previous->asking) supersede_questions(incident_id, id, env.headline());
    if (auto observe = store::get_setting(*db_, "observe_only"); observe && (*observe == "1" || *observe == "true")) {
        notice_(NoticeLevel::Info, "observe-only: proposal #" + std::to_string(id) + " not submitted");
        return;
    }
    bool live = live_now();
    for (const auto& step : env.plan) {
        if (step.kind == "run_runbook") {
            RunbookArgs params;
            for (const auto& [k, v] : step.params) params.emplace_back(k, runbook_arg(v));
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
        notice_step(id, step.kind, out);
    }
}

void ProposalPipeline::notice_step(std::int64_t proposal_id, const std::string& kind, const actions::ActionOutcome& out) {
    std::string head = "proposal #" + std::to_string(proposal_id) + " " + kind + " (action " +
                       std::to_string(out.action_id) + "): " + actions::status_name(out.status);
    if (out.status == actions::ActionStatus::AwaitingApproval)
        notice_(NoticeLevel::Info, head + ", waiting for a person: " + out.description);
    else if (out.ok())
        notice_(NoticeLevel::Info, head + ": " + out.description);
    else
        notice_(NoticeLevel::Warning, head + " " + out.error);
}

bool ProposalPipeline::live_now() {
    if (opts_.execution != "settings") return opts_.execution == "live";
    return store::get_setting(*db_, "execution_mode").value_or("dry_run") == "live";
}

void ProposalPipeline::propose_runbook(std::int64_t proposal_id, const std::string& name, RunbookArgs params,
                                       bool live, const std::string& actor) {
    std::string args;
    for (const auto& [k, v] : params) args += " " + k + "=" + v;
    std::string what = "runbook " + name + args;
    if (std::string covered = already_covered(name + args, name); !covered.empty()) {
        store::ProposalStore(*db_).set_status(proposal_id, "superseded", opts_.engine_actor, covered);
        notice_(NoticeLevel::Info, "proposal #" + std::to_string(proposal_id) + ": " + covered);
        return;
    }
    if (!start_runbook_) {
        notice_(NoticeLevel::Warning, "proposal #" + std::to_string(proposal_id) + ": " + what + " not started: this process runs no runbooks");
        return;
    }
    if (!live) {  // nothing acts: the plan of the run is the preview
        start_runbook_(name, params, false);
        notice_(NoticeLevel::Info, "proposal #" + std::to_string(proposal_id) + ": dry run of " + what +
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
        notice_(NoticeLevel::Warning, "proposal #" + std::to_string(proposal_id) + " " + what + ": " +
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

void ProposalPipeline::supersede_questions(std::int64_t incident_id, std::int64_t by_proposal, const std::string& headline) {
    std::vector<std::pair<std::int64_t, std::int64_t>> asking;  // action, its proposal
    auto& q = db_->prepare("SELECT a.id, p.id FROM actions a JOIN proposals p ON p.id = a.proposal_id "
                           "WHERE p.incident_id = ?1 AND p.id != ?2 AND a.status = 'awaiting_approval'");
    q.bind(1, incident_id).bind(2, by_proposal);
    while (q.step()) asking.emplace_back(q.column_int(0), q.column_int(1));
    q.reset();
    for (const auto& [action_id, proposal_id] : asking)
        decline_question(action_id, proposal_id, "superseded by proposal #" + std::to_string(by_proposal) + ": " + headline,
                         "superseded");
}

void ProposalPipeline::withdraw_for_closed_incidents() {
    struct Closed {
        std::int64_t action_id, proposal_id, incident_id;
    };
    std::vector<Closed> closed;
    for (std::int64_t action_id : parked_) {
        auto& q = db_->prepare("SELECT p.id, i.id FROM actions a JOIN proposals p ON p.id = a.proposal_id "
                               "JOIN incidents i ON i.id = p.incident_id WHERE a.id = ?1 AND i.status != 'open'");
        q.bind(1, action_id);
        if (q.step()) closed.push_back({action_id, q.column_int(0), q.column_int(1)});
        q.reset();  // before any write on this connection
    }
    for (const auto& c : closed)
        decline_question(c.action_id, c.proposal_id,
                         "incident #" + std::to_string(c.incident_id) + " closed before anyone decided", "expired");
}

void ProposalPipeline::decline_question(std::int64_t action_id, std::int64_t proposal_id, const std::string& why,
                                        const std::string& proposal_status) {
    if (service_.approval_state(action_id) != actions::ApprovalState::Pending) return;
    // Declined only while still undecided (one transaction in the service):
    // a person's decision in the meantime stands, and poll_parked() resumes
    // it as usual.
    if (!service_.reject(action_id, opts_.engine_actor, why).empty()) return;
    store::ProposalStore(*db_).set_status(proposal_id, proposal_status, opts_.engine_actor, why + "; nothing to do");
    notice_(NoticeLevel::Info, "proposal #" + std::to_string(proposal_id) + " withdrawn: " + why);
    // poll_parked() resumes it so the service records the rejection; no
    // runbook starts and the notice above is all that is said.
    std::lock_guard lock(exec_mu_);
    runbook_on_approval_.erase(action_id);
    withdrawn_.insert(action_id);
}

void ProposalPipeline::poll_parked() {
    {
        std::lock_guard lock(exec_mu_);
        parked_.insert(to_repark_.begin(), to_repark_.end());
        to_repark_.clear();
    }
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
            if (out.status == actions::ActionStatus::AwaitingApproval) {
                // The approval was void (the cluster changed since it was
                // given): the action asks again; watch it again.
                notice_(NoticeLevel::Info, "action " + std::to_string(id) +
                                               ": approval void (the cluster changed since it was given); "
                                               "asks a person again: " + out.description);
                std::lock_guard lock(exec_mu_);
                to_repark_.push_back(id);
                continue;
            }
            bool withdrawn = false;
            {
                std::lock_guard lock(exec_mu_);
                withdrawn = withdrawn_.erase(id) > 0;
            }
            if (!withdrawn)
                notice_(out.ok() ? NoticeLevel::Info : NoticeLevel::Warning,
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
            notice_(NoticeLevel::Critical, "action " + std::to_string(id) + ": " + e.what());
        }
    }
}

}  // namespace medic::advisor
