// engine/actions/service_approval.cpp: waiting for, deciding and resuming
// after approvals; cancel; submit_async and the database watcher (kill
// switch set by another process, decisions for async actions).
#include "actions/service_internal.hpp"

#include "safety/checks.hpp"
#include "store/settings_store.hpp"

#include <thread>

namespace medic::actions {

namespace {

std::string person(const std::string& name) {
    return name.find(':') == std::string::npos ? "user:" + name : name;
}

}  // namespace

ApprovalState ActionService::approval_state(int64_t action_id) {
    std::optional<store::ApprovalRecord> ap;
    {
        std::lock_guard lk(read_mu_);
        ap = store::latest_approval(*reader_, action_id);
    }
    if (!ap) return ApprovalState::None;
    if (ap->decision == "pending" && ap->expires_at_ms && ap->expires_at_ms <= wall_ms()) {
        writer_->run([&](store::Database& db, store::AuditAppender& a) { store::expire_approvals(db, a, wall_ms()); });
        std::lock_guard lk(read_mu_);
        ap = store::latest_approval(*reader_, action_id);
    }
    if (ap->decision == "approved") return ApprovalState::Approved;
    if (ap->decision == "rejected") return ApprovalState::Rejected;
    if (ap->decision == "expired") return ApprovalState::Expired;
    return ApprovalState::Pending;
}

ActionOutcome ActionService::await_approval(Ctx& c) {
    if (!c.req.wait_for_approval) return outcome_of(c);
    while (true) {
        auto st = approval_state(c.id);
        if (st != ApprovalState::Pending) return after_decision(c, st);
        std::this_thread::sleep_for(std::chrono::milliseconds(opts_.approval_poll_ms));
    }
}

ActionOutcome ActionService::after_decision(Ctx& c, ApprovalState st) {
    std::optional<store::ActionRecord> rec;
    std::optional<store::ApprovalRecord> ap;
    {
        std::lock_guard lk(read_mu_);
        rec = store::get_action(*reader_, c.id);
        ap = store::latest_approval(*reader_, c.id);
    }
    if (rec && is_terminal(rec->status)) {  // cancelled from elsewhere meanwhile
        c.status = rec->status;
        c.error = rec->error;
        return outcome_of(c);
    }
    if (st == ApprovalState::Expired) return finish(c, ActionStatus::Expired, "approval_expired",
                                                    "no decision within the approval timeout (timeout means declined)");
    if (st != ApprovalState::Approved) {
        std::string by = ap ? ap->decided_by : "unknown";
        c.error_code = "rejected";
        c.error = "rejected by " + by + (ap && !ap->comment.empty() ? ": " + ap->comment : "");
        move(c, ActionStatus::Rejected, by, c.error);
        flush(*writer_, c, store::Sync::Soon);
        return outcome_of(c);
    }
    c.approved_by = ap->decided_by;
    move(c, ActionStatus::Approved, ap->decided_by, "approved by " + ap->decided_by,
         "{\"hash\":\"" + ap->action_hash + "\"}");
    // The approval is bound to what was shown: re-validate against live state
    // and void it when anything it was bound to moved (STYLE 3.8 rule 2).
    if (!plan(c, true)) {
        if (is_terminal(c.status)) return outcome_of(c);
        int64_t expires = wall_ms() + policy().approval_timeout_ms;  // set_policy() may run meanwhile
        stage(c, [&c, facts = c.plan.facts_json, hash = c.hash, desc = c.plan.description](store::Database& db,
                                                                                          store::AuditAppender& a) {
            store::void_approval(db, a, c.id, "facts changed since approval; new hash " + hash);
            store::update_action_fields(db, c.id, &facts, &hash, &desc, nullptr, nullptr, nullptr);
        });
        move(c, ActionStatus::AwaitingApproval, "engine", "approval void: the cluster changed since it was given; re-validated",
             "{\"facts\":" + c.plan.facts_json + ",\"hash\":\"" + c.hash + "\"}");
        stage(c, [&c, hash = c.hash, who = c.requester(), expires](store::Database& db, store::AuditAppender& a) {
            store::request_approval(db, a, c.id, hash, who, expires);
        });
        flush(*writer_, c, store::Sync::Soon);
        return await_approval(c);
    }
    return execute(c);
}

ActionOutcome ActionService::resume(int64_t action_id) {
    std::shared_ptr<Ctx> c;
    {
        std::lock_guard lk(state_mu_);
        if (auto it = parked_.find(action_id); it != parked_.end()) c = it->second;
    }
    if (!c) {
        ActionOutcome o;
        o.action_id = action_id;
        o.error_code = "not_parked";
        o.error = "action " + std::to_string(action_id) + " is not waiting for approval in this process";
        return o;
    }
    auto st = approval_state(action_id);
    if (st == ApprovalState::Pending) return outcome_of(*c);
    {
        std::lock_guard lk(state_mu_);
        parked_.erase(action_id);
    }
    c->req.wait_for_approval = true;
    auto out = after_decision(*c, st);
    if (!c->staged.empty()) {  // every path flushes; never leave a record behind
        flush(*writer_, *c, store::Sync::Soon);
        out = outcome_of(*c);
    }
    return out;
}

std::string ActionService::approve(int64_t action_id, const std::string& approver, const std::string& comment) {
    std::string who = person(approver);
    bool killed = kill_.engaged();
    std::optional<store::ActionRecord> rec;
    {
        std::lock_guard lk(read_mu_);
        killed = killed || store::kill_switch_on(*reader_);
        rec = store::get_action(*reader_, action_id);
    }
    if (!rec) return "action " + std::to_string(action_id) + " not found";
    if (killed) return "the kill switch is on: approvals are frozen";
    if (rec->status != ActionStatus::AwaitingApproval)
        return "action " + std::to_string(action_id) + " is " + status_name(rec->status) + ", not awaiting approval";
    auto v = safety::check_self_approval(rec->requester, who);
    if (v.allowed() && rec->actor == who) v = safety::check_self_approval(rec->actor, who);
    if (v.refused()) {
        writer_->append({0, who, "approval_refused", "action:" + std::to_string(action_id),
                         "{\"policy\":\"" + v.policy + "\",\"message\":\"" + json_escape(v.message) + "\"}"});
        return "policy " + v.policy + ": " + v.message;
    }
    store::DecideResult r{};
    writer_->run([&](store::Database& db, store::AuditAppender& a) {
        r = store::decide_approval(db, a, action_id, "approved", who, comment, wall_ms());
    });
    if (r == store::DecideResult::Decided) return "";
    if (r == store::DecideResult::Expired) return "the approval request expired";
    return "action " + std::to_string(action_id) + " was already decided";
}

std::string ActionService::reject(int64_t action_id, const std::string& by, const std::string& reason) {
    if (reason.empty()) return "a rejection needs a reason";
    store::DecideResult r{};
    writer_->run([&](store::Database& db, store::AuditAppender& a) {
        r = store::decide_approval(db, a, action_id, "rejected", person(by), reason, wall_ms());
    });
    if (r == store::DecideResult::Decided) return "";
    if (r == store::DecideResult::NotFound) return "action " + std::to_string(action_id) + " has no approval request";
    if (r == store::DecideResult::Expired) return "the approval request expired";
    return "action " + std::to_string(action_id) + " was already decided";
}

std::string ActionService::cancel(int64_t action_id, const std::string& by, const std::string& reason) {
    std::string err;
    writer_->run([&](store::Database& db, store::AuditAppender& a) {
        auto rec = store::get_action(db, action_id);
        if (!rec) return void(err = "action " + std::to_string(action_id) + " not found");
        if (rec->status >= ActionStatus::Executing)
            return void(err = "action " + std::to_string(action_id) + " is " + status_name(rec->status) +
                              "; only actions that have not started can be cancelled");
        store::transition_action(db, a, action_id, rec->status, ActionStatus::Cancelled, person(by),
                                 reason.empty() ? "cancelled" : reason);
        store::void_approval(db, a, action_id, "action cancelled");
    });
    return err;
}

// ---------------------------------------------------------------- async + watcher

void ActionService::submit_async(ActionRequest req, std::function<void(const ActionOutcome&)> done) {
    post([this, req = std::move(req), done = std::move(done)]() mutable {
        req.wait_for_approval = false;
        ActionOutcome out = submit(req);
        if (out.status == ActionStatus::AwaitingApproval) {
            std::lock_guard lk(state_mu_);
            async_waiting_[out.action_id] = std::move(done);
            return;
        }
        if (done) done(out);
    });
}

void ActionService::watcher_loop() {
    // Follow changes of the persisted switch made by other processes. Only a
    // change of the stored value acts: a local engage() that has not reached
    // the database yet must not be undone by a stale read.
    bool last_seen = kill_.engaged();
    while (!stop_) {
        std::this_thread::sleep_for(std::chrono::milliseconds(opts_.db_poll_ms));
        bool on = false;
        try {
            std::lock_guard lk(read_mu_);
            on = store::kill_switch_on(*reader_);
        } catch (const std::exception&) {
            continue;  // database busy: try again next tick
        }
        if (on != last_seen) {
            if (on) kill_.engage();
            else kill_.release();
            last_seen = on;
        }
        std::vector<int64_t> ids;
        {
            std::lock_guard lk(state_mu_);
            for (const auto& [id, cb] : async_waiting_) ids.push_back(id);
        }
        for (int64_t id : ids) {
            if (approval_state(id) == ApprovalState::Pending) continue;
            std::function<void(const ActionOutcome&)> cb;
            {
                std::lock_guard lk(state_mu_);
                cb = std::move(async_waiting_[id]);
                async_waiting_.erase(id);
            }
            post([this, id, cb = std::move(cb)] {
                auto out = resume(id);
                if (cb) cb(out);
            });
        }
    }
}

}  // namespace medic::actions
