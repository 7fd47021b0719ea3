// engine/actions/service_exec.cpp: execution (rate limit, locks, kill
// switch, the durable audit row before the PD request, transient-failure
// retries that re-check idempotency first) and verification (the
// post-condition polled on observed state until the plan's timeout).
#include "actions/facts_cache.hpp"
#include "actions/notify.hpp"
#include "actions/read_coalescer.hpp"
#include "actions/service_internal.hpp"

#include "safety/checks.hpp"

#include <unistd.h>

#include <atomic>
#include <random>
#include <thread>

namespace medic::actions {
namespace {

struct Unlock {
    safety::LockTable& t;
    int64_t id;
    ~Unlock() { t.unlock(id); }
};

// Lock holder for an action whose row is not written yet (its id comes with
// the durable batch right before the PD request): negative, unique.
int64_t lock_token() {
    static std::atomic<int64_t> next{0};
    return -(++next);
}

// A failure PD may not have acted on, worth re-checking and retrying.
bool transient(const pd::PdError& e) {
    if (e.kind == pd::ErrorKind::Refused || e.kind == pd::ErrorKind::Timeout || e.kind == pd::ErrorKind::Transport) return true;
    if (e.kind != pd::ErrorKind::HttpStatus) return false;
    return e.http_status == 429 || e.http_status == 503 ||
           e.pd_message.find("ErrRedirect") != std::string::npos ||
           e.pd_message.find("not started") != std::string::npos;
}

pd::Result<pd::HttpResponse> send_call(pd::PdClient& pd, const PdCall& call) {
    if (call.method == "DELETE") return pd.del(call.path);
    return pd.post(call.path, call.body);
}

void sleep_backoff(int attempt) {
    static thread_local std::mt19937 rng{std::random_device{}()};
    int base = 100 << attempt;
    std::this_thread::sleep_for(std::chrono::milliseconds(base + int(rng() % unsigned(base))));
}

// Re-reads of the post-condition after PD reported its operator finished
// or gone, before the action fails (PD updates its region view with the
// heartbeat that finishes the operator, so one or two are normally enough).
constexpr int kFinishedGraceReads = 3;

}  // namespace

void ActionService::crash_point(const char* where) {
    if (opts_.crash_at == where) ::_exit(99);  // test hook: simulate a crash right here
}

// The records of a slim executed action up to executing, as one job.
void ActionService::stage_executing(Ctx& c) {
    store::ExecutingRecord e;
    e.rec = std::move(c.rec);
    e.rec.params_hash = c.hash;
    e.rec.description = c.plan.description;
    e.rec.facts = c.plan.facts_json;
    e.rec.pd_request = c.plan.calls.empty() ? "" : c.plan.calls.front().text();
    e.validated_at_ms = c.validated_at_ms;
    e.approved_at_ms = c.approved_at_ms;
    e.at_ms = wall_ms();
    e.facts_age_ms = c.facts.age_ms;
    e.approved_by = c.approved_actor;
    e.approval_reason = c.approved_reason;
    e.verdicts = verdicts_json(c.verdicts);
    e.sent = calls_json(c.plan.calls);
    c.slim = false;
    c.row_staged = true;
    c.folded = true;
    stage(c, [&c, e = std::move(e)](store::Database& db, store::AuditAppender& a) {
        c.id = store::insert_executing(db, a, e);
    });
    c.status = ActionStatus::Executing;
}

ActionOutcome ActionService::execute(Ctx& c) {
    if (!c.kind || c.spec->effect != Effect::PdWrite) return run_local(c);
    std::shared_ptr<safety::RateLimiter> rate;
    {
        std::lock_guard lk(state_mu_);  // set_policy() replaces rate_: hold our own reference
        rate = rate_;
    }
    std::string refused = rate->take(c.spec->name, wall_ms());
    if (!refused.empty()) {
        auto v = safety::check_rate(refused, refused == "rate_limit.global" ? rate->global_rate() : rate->kind_rate(),
                                    refused == "rate_limit.global" ? rate->global_burst() : rate->kind_burst());
        c.verdicts.push_back(v);
        return finish(c, ActionStatus::Rejected, v.policy, "policy " + v.policy + ": " + v.message);
    }
    c.lock_owner = c.id ? c.id : lock_token();
    std::string conflict = locks_.try_lock(c.lock_owner, c.plan.lock_regions, c.plan.lock_stores, c.plan.lock_keys);
    if (!conflict.empty()) return finish(c, ActionStatus::Rejected, "lock", "policy lock: " + conflict);
    Unlock unlock{locks_, c.lock_owner};
    ActionOutcome out;
    if (!send(c, out)) return out;
    return verify(c);
}

bool ActionService::send(Ctx& c, ActionOutcome& out) {
    std::string last_error;
    for (int attempt = 0; attempt < 4; ++attempt) {
        std::optional<pd::PdError> failure;
        {
            safety::KillSwitch::StartGuard guard(kill_);
            if (guard.engaged()) {
                out = finish(c, c.status == ActionStatus::Executing ? ActionStatus::Cancelled : ActionStatus::Rejected,
                             "kill_switch", "policy kill_switch: the kill switch is on; nothing new starts");
                return false;
            }
            if (c.status == ActionStatus::Approved && c.slim && !c.row_staged) {
                stage_executing(c);
            } else if (c.status == ActionStatus::Approved) {
                std::string req_text = c.plan.calls.empty() ? "" : c.plan.calls.front().text();
                stage(c, [&c, req_text](store::Database& db, store::AuditAppender&) {
                    store::update_action_fields(db, c.id, nullptr, nullptr, nullptr, &req_text, nullptr, nullptr);
                });
                move(c, ActionStatus::Executing, "engine", "sending the PD request",
                     "{\"sent\":" + calls_json(c.plan.calls) + "}");
            }
            stage(c, [&c, detail = "{\"attempt\":" + std::to_string(attempt + 1) + ",\"calls\":" +
                                    calls_json(c.plan.calls) + "}"](store::Database&, store::AuditAppender& a) {
                a.append({0, "engine", "pd_request", c.subject(), detail});
            });
            // The one durable commit of this action before PD sees anything:
            // every staged record up to executing and the request itself.
            c.lap(&PhaseTimes::gate_us);
            flush(*writer_, c, store::Sync::Now);
            c.lap(&PhaseTimes::durable_us);
            {
                std::lock_guard lk(state_mu_);
                auto& m = run_moved_[c.req.run_id];
                m.first += c.plan.influence.leaders_moved;
                m.second += c.plan.influence.regions_moved;
            }
            crash_point("after_audit_before_pd");
            for (const auto& call : c.plan.calls) {
                auto r = [&] {
                    PdSlot slot(*pd_slots_);
                    return send_call(*opts_.pd, call);
                }();
                if (!r.ok()) {
                    failure = r.error();
                    break;
                }
            }
            dry_facts_->clear();  // PD may have changed: no dry-run of this engine reuses older facts
            c.lap(&PhaseTimes::post_us);
        }
        crash_point("after_pd_before_audit");
        if (!failure) {
            c.accepted_at = std::chrono::steady_clock::now();
            std::string reason = "PD accepted the request; verifying on observed state";
            std::string detail = "{\"attempt\":" + std::to_string(attempt + 1) + "}";
            if (c.folded && c.staged.empty()) {  // verifying written with the outcome if that comes at the first look
                c.verifying_pending = true;
                c.verifying_at_ms = wall_ms();
                c.verifying_reason = std::move(reason);
                c.verifying_detail = std::move(detail);
                c.status = ActionStatus::Verifying;
            } else {
                move(c, ActionStatus::Verifying, "engine", reason, detail);
            }
            return true;
        }
        last_error = failure->to_string();
        // Staged: made durable before any resend (the next attempt's flush) or with the outcome.
        stage(c, [&c, detail = "{\"ok\":false,\"status\":" + std::to_string(failure->http_status) + ",\"error\":\"" +
                                json_escape(last_error) + "\"}"](store::Database&, store::AuditAppender& a) {
            a.append({0, "engine", "pd_response", c.subject(), detail});
        });
        if (!transient(*failure) || attempt == 3) break;
        // Re-check idempotency before any resend: the request may have landed.
        sleep_backoff(attempt);
        std::string err;
        auto facts = [&] {
            PdSlot slot(*pd_slots_);
            return fetch_facts(*opts_.pd, c.kind->needs(c.params, false), err, reads_.get());
        }();
        if (!facts) continue;
        Plan again = c.kind->plan(c.params, *facts);
        bool landed = again.satisfied || (c.plan.operator_region && facts->operator_running(*c.plan.operator_region));
        if (landed) {
            move(c, ActionStatus::Verifying, "engine", "the request landed despite the error: " + last_error);
            return true;
        }
        if (!again.valid()) {
            out = finish(c, ActionStatus::Failed, again.error_code, c.spec->name + ": " + again.error);
            return false;
        }
    }
    out = finish(c, ActionStatus::Failed, "pd_error", c.spec->name + ": " + last_error);
    return false;
}

ActionOutcome ActionService::verify(Ctx& c) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(int64_t(c.plan.timeout_s * 1000));
    const bool sim = opts_.now_s && opts_.verify_pause;
    const double sim_deadline = sim ? opts_.now_s() + c.plan.timeout_s : 0;
    std::string last = "no observation yet";
    // PD reported its operator finished (or gone) while the post-condition
    // did not hold yet: a few re-reads give PD's region view time to catch
    // up; after that the action fails at once instead of waiting out its timeout.
    int reads_since_finished = -1;
    std::string finished_word;
    for (int poll = 0;; ++poll) {
        // Most post-conditions hold at the first look; a longer wait shows
        // as `verifying` to other processes from the second look on.
        if (poll == 1) {
            unfold(c);
            flush(*writer_, c, store::Sync::Soon);
        }
        if (kill_.engaged()) {
            std::lock_guard lk(kill_mu_);  // after engage_kill_switch() cancelled our operator
            return finish(c, ActionStatus::Cancelled, "kill_switch",
                          "the kill switch was turned on while verifying; medic cancelled its operator");
        }
        std::string err;
        // The first look may share any read sent after PD accepted the
        // request (another action's read in flight or just answered); later
        // looks need a read sent after they asked, or they would re-judge
        // the same answer.
        FactsSource src{reads_.get(), nullptr, 0};
        if (poll == 0) src.sent_after = c.accepted_at;
        auto facts = [&] {
            PdSlot slot(*pd_slots_);
            return fetch_facts(*opts_.pd, c.kind->needs(c.params, true), err, src);
        }();
        if (facts) {
            Check chk = c.kind->verify(c.params, c.plan, *facts);
            last = chk.detail;
            if (chk.state == CheckState::Pending && c.plan.operator_region && c.spec->name != "scatter_region") {
                std::string op_err;
                std::string op = [&] {
                    PdSlot slot(*pd_slots_);
                    return operator_status(*opts_.pd, *c.plan.operator_region, op_err, reads_.get());
                }();
                if (op == "CANCEL" || op == "TIMEOUT" || op == "REPLACE") {
                    chk = {CheckState::Failed, "PD's operator ended " + op + "; " + chk.detail};
                } else if (op_err.empty() && (op.empty() || op == "SUCCESS")) {
                    finished_word = op.empty() ? "PD has no operator on the region any more" : "PD's operator ended SUCCESS";
                    if (++reads_since_finished >= kFinishedGraceReads)
                        chk = {CheckState::Failed, finished_word + " but after " + std::to_string(kFinishedGraceReads) +
                                                       " more reads the post-condition still does not hold: " + chk.detail};
                    else
                        chk.detail += " (" + finished_word + ")";
                } else {
                    reads_since_finished = -1;  // running again (or unknown): PD is still at work
                    chk.detail += " (PD operator " + (op.empty() ? op_err : op) + ")";
                }
                last = chk.detail;
            }
            if (chk.state != CheckState::Done && kill_.engaged()) {
                std::lock_guard lk(kill_mu_);
                return finish(c, ActionStatus::Cancelled, "kill_switch",
                              "the kill switch was turned on while verifying; medic cancelled its operator");
            }
            if (chk.state == CheckState::Done && c.verifying_pending) {
                c.observed = chk.detail;
                c.verifying_pending = false;
                store::VerifiedRecord v{c.id,           c.verifying_at_ms, std::move(c.verifying_reason),
                                        std::move(c.verifying_detail), wall_ms(), c.observed};
                stage(c, [&c, v = std::move(v)](store::Database& db, store::AuditAppender& a) mutable {
                    v.id = c.id;
                    store::finish_verified(db, a, v);
                });
                c.status = ActionStatus::Succeeded;
                c.lap(&PhaseTimes::verify_us);
                flush(*writer_, c, store::Sync::Soon);
                c.lap(&PhaseTimes::outcome_us);
                return outcome_of(c);
            }
            if (chk.state == CheckState::Done) {
                c.observed = chk.detail;
                stage(c, [&c, observed = c.observed](store::Database& db, store::AuditAppender&) {
                    store::update_action_fields(db, c.id, nullptr, nullptr, nullptr, nullptr, &observed, nullptr);
                });
                move(c, ActionStatus::Succeeded, "engine", "post-condition holds: " + c.observed);
                c.lap(&PhaseTimes::verify_us);
                flush(*writer_, c, store::Sync::Soon);
                c.lap(&PhaseTimes::outcome_us);
                return outcome_of(c);
            }
            if (chk.state == CheckState::Failed) {
                c.observed = chk.detail;
                c.lap(&PhaseTimes::verify_us);
                return finish(c, ActionStatus::Failed, "post_condition_failed", c.spec->name + ": " + chk.detail);
            }
        } else {
            last = "cannot observe: " + err;
        }
        bool expired = sim ? opts_.now_s() >= sim_deadline : std::chrono::steady_clock::now() >= deadline;
        if (expired) {
            c.observed = last;
            return finish(c, ActionStatus::Failed, "timeout",
                          c.spec->name + ": post-condition not met within " + std::to_string(int(c.plan.timeout_s)) + " s: " + last);
        }
        if (sim)
            opts_.verify_pause();
        else
            std::this_thread::sleep_for(std::chrono::milliseconds(opts_.verify_poll_ms));
    }
}

ActionOutcome ActionService::run_local(Ctx& c) {
    const std::string& name = c.spec->name;
    {
        safety::KillSwitch::StartGuard guard(kill_);
        if (guard.engaged()) return finish(c, ActionStatus::Rejected, "kill_switch", "policy kill_switch: the kill switch is on");
        move(c, ActionStatus::Executing, "engine", c.plan.description);
        // A webhook is an outside effect: recorded durably before it is sent.
        flush(*writer_, c, name == "notify" ? store::Sync::Now : store::Sync::Soon);
    }
    if (name == "wait") {
        std::this_thread::sleep_for(std::chrono::milliseconds(int64_t(param_number(c.params, "seconds") * 1000)));
        c.observed = "waited " + value_to_json(c.params.at("seconds")) + " s";
    } else if (name == "approval") {
        // Executing at all means a person approved (after_decision); record who.
        Check chk = c.kind->verify(c.params, c.plan, Facts{});
        c.observed = chk.detail + (c.approved_by.empty() ? "" : " (" + c.approved_by + ")");
    } else if (name == "log") {
        stage(c, [&c, detail = "{\"level\":\"" + param_string(c.params, "level", "info") + "\",\"message\":\"" +
                                json_escape(param_string(c.params, "message")) + "\"}"](store::Database&,
                                                                                     store::AuditAppender& a) {
            a.append({0, c.actor(), "log", c.subject(), detail});
        });
        c.observed = "logged";
    } else {
        NotifyTarget target;
        {
            std::lock_guard lk(read_mu_);
            target = load_notify_target(*reader_);
        }
        auto res = send_notification(target, param_string(c.params, "message"), param_string(c.params, "severity", "info"),
                                     c.subject());
        stage(c, [&c, detail = "{\"url\":\"" + json_escape(target.url) + "\",\"format\":\"" + target.format +
                                "\",\"status\":" + std::to_string(res.status) + ",\"error\":\"" +
                                json_escape(res.error) + "\"}"](store::Database&, store::AuditAppender& a) {
            a.append({0, "engine", "notify_response", c.subject(), detail});
        });
        move(c, ActionStatus::Verifying, "engine", "webhook answered " + std::to_string(res.status));
        if (!res.error.empty() || res.status < 200 || res.status >= 300)
            return finish(c, ActionStatus::Failed, "notify_failed",
                          "notify: " + (res.error.empty() ? "webhook answered HTTP " + std::to_string(res.status) : res.error));
        c.observed = "webhook accepted the " + target.format + " payload (HTTP " + std::to_string(res.status) + ")";
        move(c, ActionStatus::Succeeded, "engine", c.observed);
        flush(*writer_, c, store::Sync::Soon);
        return outcome_of(c);
    }
    move(c, ActionStatus::Verifying, "engine", c.observed);
    move(c, ActionStatus::Succeeded, "engine", c.observed);
    flush(*writer_, c, store::Sync::Soon);
    return outcome_of(c);
}

}  // namespace medic::actions
