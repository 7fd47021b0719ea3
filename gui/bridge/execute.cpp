// gui/bridge/execute.cpp: EngineBridge's command execution, on the command
// thread, through the engine API: ActionService for decisions and the kill
// switch, the settings table (via the audited DbWriter) for autonomy, and
// pdsim's chaos API in demo mode. Every outcome becomes a notice.
#include <chrono>

#include "actions/service.hpp"
#include "gui/bridge/db_view.hpp"
#include "gui/bridge/http_call.hpp"
#include "gui/bridge/runbook_catalog.hpp"
#include "bindings/runner/runbook_runner.hpp"
#include "gui/engine_bridge.hpp"
#include "pd/pd_client.hpp"
#include "store/db_writer.hpp"
#include "store/database.hpp"
#include "store/settings_store.hpp"

namespace medic::gui {
namespace {

std::string json_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        if (static_cast<unsigned char>(c) < 0x20) {
            out += ' ';
            continue;
        }
        out += c;
    }
    return out;
}

std::string confirm_token(const ProposalView& p) {
    for (const auto& a : p.actions)
        if (a.confirm_store) return std::to_string(a.confirm_store);
    return std::to_string(p.id);
}

}  // namespace

void EngineBridge::execute(const Command& cmd) {
    std::visit(
        [this](const auto& c) {
            using T = std::decay_t<decltype(c)>;
            if constexpr (std::is_same_v<T, ApproveProposal>) approve(c);
            else if constexpr (std::is_same_v<T, RejectProposal>) reject(c);
            else if constexpr (std::is_same_v<T, SetKillSwitch>) set_kill(c);
            else if constexpr (std::is_same_v<T, SetAutonomy>) set_autonomy(c);
            else if constexpr (std::is_same_v<T, ChaosRequest>) chaos(c);
            else if constexpr (std::is_same_v<T, SetAuditFilter>) {
                std::lock_guard lock(mu_);
                filter_ = c;
            } else if constexpr (std::is_same_v<T, VerifyAuditChain>) {
                std::lock_guard lock(mu_);
                verify_requested_ = true;
            } else if constexpr (std::is_same_v<T, StartRunbook>) {
                start_runbook(c);
            } else {
                cancel_run(c);
            }
        },
        cmd);
}

void EngineBridge::approve(const ApproveProposal& c) {
    std::string why;
    std::vector<std::int64_t> ids;
    {
        // The approval is bound to what was on screen: the same proposal, still
        // waiting, with the same hash (plan + each action's kind, params and
        // facts) and, for high risk, the typed store id.
        std::lock_guard lock(mu_);
        const ProposalView* p = find_proposal(c.proposal_id);
        if (!p) why = "it is no longer listed";
        else if (p->outcome != ProposalOutcome::NeedsApproval) why = "it is no longer waiting (" + p->outcome_name + ")";
        else if (p->binding != c.binding) why = "it changed since it was shown";
        else if (p->risk >= Risk::High && c.typed_confirmation != confirm_token(*p))
            why = "the typed confirmation does not match";
        if (auto it = db_.awaiting.find(c.proposal_id); it != db_.awaiting.end()) ids = it->second;
        if (why.empty() && ids.empty()) why = "no action of it waits for a decision";
    }
    for (std::size_t i = 0; why.empty() && i < ids.size(); ++i) {
        why = service_->approve(ids[i], opts_.actor, "approved in the GUI");
        if (!why.empty()) why = "action " + std::to_string(ids[i]) + ": " + why;
    }
    std::string what = c.proposal_id < 0 ? "action " + std::to_string(-c.proposal_id) : "proposal " + std::to_string(c.proposal_id);
    if (why.empty()) notice(Severity::Info, "approved " + what + " as " + opts_.actor);
    else notice(Severity::Critical, "approval of " + what + " refused: " + why);
}

void EngineBridge::reject(const RejectProposal& c) {
    std::vector<std::int64_t> ids;
    {
        std::lock_guard lock(mu_);
        if (auto it = db_.awaiting.find(c.proposal_id); it != db_.awaiting.end()) ids = it->second;
    }
    std::string why = ids.empty() ? "no action of it waits for a decision" : "";
    for (std::size_t i = 0; why.empty() && i < ids.size(); ++i) why = service_->reject(ids[i], opts_.actor, c.reason);
    std::string what = c.proposal_id < 0 ? "action " + std::to_string(-c.proposal_id) : "proposal " + std::to_string(c.proposal_id);
    if (why.empty()) notice(Severity::Info, "rejected " + what + ": " + c.reason);
    else notice(Severity::Critical, "rejection of " + what + " refused: " + why);
}

void EngineBridge::set_kill(const SetKillSwitch& c) {
    if (c.engaged) {
        actions::KillReport rep = service_->engage_kill_switch(opts_.actor, c.reason);
        std::string text = "KILL SWITCH ENGAGED: " + std::to_string(rep.cancelled_operators.size()) +
                           " operators cancelled, " + std::to_string(rep.frozen_approvals) + " approvals frozen";
        if (!rep.errors.empty()) text += "; " + rep.errors.front();
        notice(rep.errors.empty() ? Severity::Warning : Severity::Critical, text);
        return;
    }
    service_->writer().append({0, opts_.actor, "kill_switch_release_requested", "engine",
                               "{\"reason\":\"" + json_escape(c.reason) + "\"}"});
    service_->release_kill_switch(opts_.actor);
    notice(Severity::Info, "kill switch released: " + c.reason);
}

void EngineBridge::set_autonomy(const SetAutonomy& c) {
    const auto& levels = bridge::autonomy_levels();
    int level = -1;
    for (std::size_t i = 0; i < levels.size(); ++i)
        if (levels[i] == c.level) level = static_cast<int>(i);
    if (level < 0) {
        notice(Severity::Critical, "autonomy not changed: unknown level '" + c.level + "'");
        return;
    }
    const char* mode = c.mode == Mode::Live ? "live" : c.mode == Mode::ObserveOnly ? "observe_only" : "dry_run";
    service_->writer().run([&](store::Database& db, store::AuditAppender& audit) {
        store::set_setting(db, "autonomy", std::to_string(level), opts_.actor);
        store::set_setting(db, "observe_only", c.mode == Mode::ObserveOnly ? "1" : "0", opts_.actor);
        store::set_setting(db, "execution_mode", c.mode == Mode::Live ? "live" : "dry_run", opts_.actor);
        audit.append({0, opts_.actor, "autonomy_changed", "engine",
                      "{\"level\":" + std::to_string(level) + ",\"mode\":\"" + mode + "\",\"reason\":\"" +
                          json_escape(c.reason) + "\"}"});
    });
    auto db = store::Database::open(opts_.db_path);
    service_->set_policy(store::load_policy(*db));
    notice(Severity::Info, "autonomy set to " + c.level + ", " + mode);
}

void EngineBridge::chaos(const ChaosRequest& c) {
    bool available = false;
    {
        std::lock_guard lock(mu_);
        available = chaos_.available;
    }
    if (!available || c.path.rfind("/chaos", 0) != 0) {
        notice(Severity::Critical, "chaos refused: only against pdsim, only /chaos paths");
        return;
    }
    bridge::HttpReply r = bridge::http_call(c.method, pd_->preferred_endpoint() + c.path, c.body, 3000);
    std::string text = c.method + " " + c.path + ": " +
                       (r.status ? std::to_string(r.status) + " " + r.body.substr(0, 120) : r.error);
    {
        std::lock_guard lock(mu_);
        chaos_.last_result = text;
    }
    notice(r.status >= 200 && r.status < 300 ? Severity::Info : Severity::Critical, "chaos " + text);
}

void EngineBridge::scan_runbooks() {
    if (opts_.workflows_dir.empty()) return;
    bridge::CatalogResult res = bridge::scan_workflows(opts_.workflows_dir);
    std::vector<std::string> errors;
    {
        std::lock_guard lock(mu_);
        bool first = runbooks_.empty();
        runbooks_ = std::move(res.runbooks);
        if (first) errors = std::move(res.errors);  // once, not on every rescan
    }
    for (const auto& e : errors) notice(Severity::Warning, "runbook not listed: " + e);
}

void EngineBridge::start_runbook(const StartRunbook& c) {
    std::string path;
    bool live = false;
    {
        std::lock_guard lock(mu_);
        for (const auto& rb : runbooks_)
            if (rb.name == c.runbook) path = rb.path;
        // Live only when the person asked for it AND the execution mode is
        // live (Autonomy panel); otherwise the run plans, as `medic run` does.
        live = !c.dry_run && db_.autonomy.mode == Mode::Live;
    }
    if (path.empty()) {
        notice(Severity::Critical, "runbook " + c.runbook + " not started: it is not in " + opts_.workflows_dir);
        return;
    }
    std::vector<std::pair<std::string, std::string>> args;
    for (const auto& kv : c.params) args.emplace_back(kv.key, kv.value);
    if (std::string err = runner_->start(path, args, live); !err.empty()) {
        notice(Severity::Critical, "runbook " + c.runbook + " not started: " + err);
        return;
    }
    std::string how = live ? "live" : c.dry_run ? "dry-run" : "dry-run (execution mode is not live)";
    service_->writer().append({0, opts_.actor, "runbook_start_requested", c.runbook,
                               "{\"mode\":\"" + std::string(live ? "live" : "dry_run") + "\"}"});
    notice(Severity::Info, "started " + c.runbook + " " + how + " as " + opts_.actor);
}

void EngineBridge::cancel_run(const CancelRun& c) {
    std::string err = runner_->cancel(c.run_id);
    if (err.empty()) notice(Severity::Warning, "run " + std::to_string(c.run_id) + " cancel requested; it stops at its next API call");
    else notice(Severity::Critical, "run " + std::to_string(c.run_id) + " not cancelled: " + err);
}

}  // namespace medic::gui
