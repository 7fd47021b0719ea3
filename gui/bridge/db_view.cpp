// gui/bridge/db_view.cpp: SQLite -> UiSnapshot (read side only).
#include "db_view.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>

#include "actions/spec.hpp"
#include "gui/bridge/json_flat.hpp"
#include "gui/bridge/proposal_view.hpp"
#include "store/action_store.hpp"
#include "store/approval_store.hpp"
#include "store/audit_log.hpp"
#include "store/database.hpp"
#include "store/proposal_store.hpp"
#include "store/run_journal.hpp"
#include "store/settings_store.hpp"

namespace medic::gui::bridge {
namespace {

constexpr int kProposalWindow = 40;   // newest actions looked at for approvals
constexpr int kAuditLimit = 500;      // rows shown after filtering
constexpr int kRunLimit = 30;

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

double age_s(std::int64_t at_ms) { return at_ms > 0 ? static_cast<double>(now_ms() - at_ms) / 1000.0 : -1; }

std::string datetime_utc(std::int64_t ms) {
    std::time_t t = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
    return buf;
}

Severity ui_severity(const std::string& s) {
    if (s == "critical") return Severity::Critical;
    if (s == "info") return Severity::Info;
    return Severity::Warning;
}

std::string format_wait(double s) {
    char buf[32];
    if (s < 60) std::snprintf(buf, sizeof buf, "%.0f s", s < 0 ? 0.0 : s);
    else std::snprintf(buf, sizeof buf, "%.0f min %02.0f s", std::floor(s / 60), std::fmod(s, 60));
    return buf;
}

RunState ui_run_state(const std::string& s) {
    if (s == "running") return RunState::Running;
    if (s == "waiting") return RunState::Waiting;
    if (s == "succeeded") return RunState::Succeeded;
    if (s == "failed") return RunState::Failed;
    if (s == "cancelled" || s == "canceled") return RunState::Canceled;
    if (s == "interrupted") return RunState::Interrupted;
    return RunState::Pending;
}

LinkedAction linked(store::Database& db, store::ActionRecord a) {
    LinkedAction l;
    l.approval = store::latest_approval(db, a.id);
    l.transitions = store::list_transitions(db, a.id);
    l.action = std::move(a);
    return l;
}

}  // namespace

const std::vector<std::string>& autonomy_levels() {
    static const std::vector<std::string> kLevels = {"0 observe", "1 approve all", "2 auto low", "3 auto medium"};
    return kLevels;
}

DbView::DbView(const std::string& path) : db_(store::Database::open(path)) {
    store::ensure_write_path_schema(*db_);
    store::ProposalStore ensure_schema(*db_);
    store::RunJournal ensure_run_columns(*db_);
}

DbView::~DbView() = default;

DbPart DbView::read(const SetAuditFilter& filter, bool verify_chain) {
    DbPart p;
    if (verify_chain) {
        auto r = store::verify_audit(*db_);
        chain_.chain_checked = true;
        chain_.chain_ok = r.ok;
        chain_.chain_verified = static_cast<std::uint64_t>(r.verified);  // not the bad row
        chain_.chain_message = r.ok ? "" : r.problem;
    }
    read_settings(p);
    read_incidents(p);
    read_proposals(p);
    for (auto& inc : p.incidents)
        for (const auto& prop : p.proposals)
            if (prop.incident_id == inc.id && inc.proposal_id == 0) inc.proposal_id = prop.id;
    read_runs(p);
    read_audit(p, filter);
    p.ok = true;
    return p;
}

void DbView::read_settings(DbPart& p) {
    auto& q = db_->prepare("SELECT key, value, updated_at_ms, updated_by FROM settings WHERE key IN "
                           "('kill_switch','autonomy','observe_only','execution_mode')");
    std::string mode = "dry_run";
    bool observe = false;
    p.kill.known = true;
    p.autonomy.known = true;
    p.autonomy.levels = autonomy_levels();
    p.autonomy.level_docs = {"watch only: no action is submitted", "every action needs a person",
                             "low risk runs automatically", "up to medium risk runs automatically"};
    p.autonomy.level = autonomy_levels()[1];
    while (q.step()) {
        std::string key = q.column_text(0), value = q.column_text(1);
        if (key == "kill_switch") {
            p.kill.engaged = value == "on";
            p.kill.by = q.column_text(3);
            p.kill.since_age_s = age_s(q.column_int(2));
        } else if (key == "autonomy") {
            int level = std::atoi(value.c_str());
            if (level >= 0 && level < 4) p.autonomy.level = autonomy_levels()[static_cast<std::size_t>(level)];
            p.autonomy.changed_by = q.column_text(3);
            p.autonomy.changed_age_s = age_s(q.column_int(2));
        } else if (key == "observe_only") {
            observe = value == "1" || value == "true" || value == "on";
        } else {
            mode = value;
        }
    }
    p.autonomy.mode = observe ? Mode::ObserveOnly : mode == "live" ? Mode::Live : Mode::DryRun;
}

void DbView::read_incidents(DbPart& p) {
    auto& q = db_->prepare("SELECT id, kind, subject, severity, status, summary, evidence, opened_at_ms, "
                           "updated_at_ms FROM incidents ORDER BY status = 'open' DESC, id DESC LIMIT 100");
    while (q.step()) {
        IncidentView v;
        v.id = q.column_int(0);
        v.kind = q.column_text(1);
        v.subject = q.column_text(2);
        v.severity = ui_severity(q.column_text(3));
        v.open = q.column_text(4) == "open";
        v.summary = q.column_text(5);
        for (auto& kv : flatten_json(q.column_text(6), 12)) v.evidence.push_back({kv.key + ": " + kv.value, ""});
        v.opened_age_s = age_s(q.column_int(7));
        v.last_seen_age_s = age_s(q.column_int(8));
        p.incidents.push_back(std::move(v));
    }
}

void DbView::read_proposals(DbPart& p) {
    store::ProposalStore ps(*db_);
    std::int64_t now = now_ms();
    for (const auto& row : ps.list(kProposalWindow)) {
        std::vector<LinkedAction> acts;
        std::vector<std::int64_t> awaiting;
        auto& q = db_->prepare("SELECT id FROM actions WHERE proposal_id = ?1 ORDER BY id");
        q.bind(1, row.id);
        std::vector<std::int64_t> ids;
        while (q.step()) ids.push_back(q.column_int(0));
        for (auto id : ids)
            if (auto a = store::get_action(*db_, id)) {
                if (a->status == actions::ActionStatus::AwaitingApproval) awaiting.push_back(id);
                acts.push_back(linked(*db_, std::move(*a)));
            }
        p.proposals.push_back(render_proposal(row, acts, now));
        if (!awaiting.empty()) p.awaiting[row.id] = std::move(awaiting);
    }
    read_standalone_actions(p);
}

void DbView::read_standalone_actions(DbPart& p) {
    // Actions a person must decide that no proposal owns: a runbook's, or one
    // submitted with `medic` in another terminal.
    auto& q = db_->prepare("SELECT id FROM actions WHERE proposal_id IS NULL AND id IN "
                           "(SELECT action_id FROM approvals) ORDER BY id DESC LIMIT ?1");
    q.bind(1, kProposalWindow);
    std::vector<std::int64_t> ids;
    while (q.step()) ids.push_back(q.column_int(0));
    std::int64_t now = now_ms();
    for (auto id : ids)
        if (auto a = store::get_action(*db_, id)) {
            bool waiting = a->status == actions::ActionStatus::AwaitingApproval;
            p.proposals.push_back(render_standalone_action(linked(*db_, std::move(*a)), now));
            if (waiting) p.awaiting[-id] = {id};
        }
}

namespace {
/// The journal keeps the file as given ("../../workflows/drain_store.lua");
/// the table shows "drain_store".
std::string runbook_name(std::string file) {
    if (auto slash = file.find_last_of('/'); slash != std::string::npos) file.erase(0, slash + 1);
    if (file.size() > 4 && file.compare(file.size() - 4, 4, ".lua") == 0) file.resize(file.size() - 4);
    return file;
}
}  // namespace

void DbView::read_runs(DbPart& p) {
    auto& q = db_->prepare("SELECT id, workflow, status, started_at_ms, finished_at_ms, error, waiting_for, "
                           "waiting_since_ms FROM runs ORDER BY status = 'running' DESC, id DESC LIMIT ?1");
    q.bind(1, kRunLimit);
    while (q.step()) {
        RunView r;
        r.id = q.column_int(0);
        r.runbook = runbook_name(q.column_text(1));
        r.state_name = q.column_text(2);
        r.state = ui_run_state(r.state_name);
        r.started_age_s = age_s(q.column_int(3));
        std::int64_t end = q.column_is_null(4) ? now_ms() : q.column_int(4);
        r.duration_s = static_cast<double>(end - q.column_int(3)) / 1000.0;
        r.error = q.column_text(5);
        if (std::string what = q.column_text(6); !what.empty() && r.state == RunState::Running) {
            // The host writes what the run is parked on; a person wants to
            // know how long it has been waiting, not only on what.
            r.state = RunState::Waiting;
            r.waiting_for = what + " (" + format_wait(age_s(q.column_int(7))) + ")";
        }
        p.runs.push_back(std::move(r));
    }
    for (auto& r : p.runs) {
        auto& steps = db_->prepare("SELECT name, status, action_id FROM run_steps WHERE run_id = ?1 ORDER BY seq");
        steps.bind(1, r.id);
        int n = 0;
        while (steps.step()) {
            r.current_step = "step " + std::to_string(++n) + ": " + steps.column_text(0) + " (" + steps.column_text(1) + ")";
            if (!steps.column_is_null(2)) {
                if (auto a = store::get_action(*db_, steps.column_int(2)))
                    r.actions.push_back({a->kind, a->params, actions::status_name(a->status)});
            }
        }
        auto& log = db_->prepare("SELECT at_ms, level, message FROM (SELECT * FROM run_log WHERE run_id = ?1 "
                                 "ORDER BY id DESC LIMIT 200) ORDER BY id");
        log.bind(1, r.id);
        while (log.step())
            r.log_tail.push_back(datetime_utc(log.column_int(0)).substr(11) + " " + log.column_text(1) + " " +
                                 log.column_text(2));
    }
}

void DbView::read_audit(DbPart& p, const SetAuditFilter& f) {
    AuditView& a = p.audit;
    a.chain_checked = chain_.chain_checked;
    a.chain_ok = chain_.chain_ok;
    a.chain_verified = chain_.chain_verified;
    a.chain_message = chain_.chain_message;
    auto& total = db_->prepare("SELECT count(*) FROM audit");
    if (total.step()) a.total = static_cast<std::uint64_t>(total.column_int(0));
    total.reset();
    for (auto [col, out] : {std::pair{"event", &a.kinds}, std::pair{"actor", &a.actors}}) {
        auto& d = db_->prepare(std::string("SELECT DISTINCT ") + col + " FROM audit ORDER BY 1 LIMIT 100");
        while (d.step()) out->push_back(d.column_text(0));
    }
    auto& q = db_->prepare(
        "SELECT seq, at_ms, actor, event, subject, detail FROM audit WHERE (?1 = '' OR event = ?1) AND "
        "(?2 = '' OR actor = ?2) AND at_ms >= ?3 AND (?4 = '' OR instr(subject, ?4) > 0 OR instr(detail, ?4) > 0) "
        "ORDER BY seq DESC LIMIT ?5");
    std::int64_t since = f.since_s > 0 ? now_ms() - static_cast<std::int64_t>(f.since_s * 1000) : 0;
    q.bind(1, f.kind).bind(2, f.actor).bind(3, since).bind(4, f.text).bind(5, kAuditLimit);
    while (q.step()) {
        AuditRowView r;
        r.seq = q.column_int(0);
        r.at = datetime_utc(q.column_int(1));
        r.actor = q.column_text(2);
        r.kind = q.column_text(3);
        r.subject = q.column_text(4);
        std::string detail = q.column_text(5);
        r.summary = detail.size() > 120 ? detail.substr(0, 117) + "..." : detail;
        r.detail = pretty_json(detail);
        a.rows.push_back(std::move(r));
    }
}

}  // namespace medic::gui::bridge
