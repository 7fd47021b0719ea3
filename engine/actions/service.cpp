// engine/actions/service.cpp: ActionService construction, proposal,
// planning (validation + idempotency), dry-run and the safety gate.
// Approval handling is in service_approval.cpp, execution and verification
// in service_exec.cpp.
#include "actions/service_internal.hpp"

#include "actions/facts_cache.hpp"
#include "actions/read_coalescer.hpp"
#include "safety/checks.hpp"
#include "store/settings_store.hpp"

#include <unistd.h>

#include <cstdlib>

namespace medic::actions {

// ---------------------------------------------------------------- helpers

std::string calls_json(const std::vector<PdCall>& calls) {
    std::string s = "[";
    for (const auto& c : calls) {
        if (s.size() > 1) s += ",";
        s += "{\"method\":\"" + c.method + "\",\"path\":\"" + json_escape("/pd/api/v1" + c.path) + "\",\"body\":\"" +
             json_escape(c.body) + "\"}";
    }
    return s + "]";
}

std::string verdicts_json(const std::vector<safety::Verdict>& v) {
    std::string s = "[";
    for (const auto& x : v) {
        if (s.size() > 1) s += ",";
        const char* d = x.decision == safety::Decision::Allow ? "allow"
                        : x.decision == safety::Decision::Refuse ? "refuse" : "need_approval";
        s += "{\"policy\":\"" + json_escape(x.policy) + "\",\"decision\":\"" + d + "\",\"message\":\"" +
             json_escape(x.message) + "\"}";
    }
    return s + "]";
}

std::string action_hash(const std::string& kind, const std::string& params_json, const std::string& facts_json) {
    return store::sha256_hex(kind + '\x1f' + params_json + '\x1f' + facts_json);
}

ActionOutcome outcome_of(const ActionService::Ctx& c) {
    ActionOutcome o;
    o.action_id = c.id;
    o.status = c.status;
    o.description = c.plan.description;
    o.verdicts = c.verdicts;
    o.error_code = c.error_code;
    o.error = c.error;
    o.observed = c.observed;
    o.hash = c.hash;
    o.calls = c.plan.calls;
    o.phases = c.phases;
    return o;
}

void stage_move(ActionService::Ctx& c, ActionStatus to, std::string actor, std::string reason, std::string detail,
                int64_t at_ms) {
    stage(c, [&c, from = c.status, to, at = at_ms ? at_ms : wall_ms(), actor = std::move(actor), reason = std::move(reason),
              detail = std::move(detail)](store::Database& db, store::AuditAppender& a) {
        store::transition_action(db, a, c.id, from, to, actor, reason, detail, at);
    });
    c.status = to;
}

void stage_row(ActionService::Ctx& c) {
    if (c.row_staged) return;
    c.row_staged = true;
    c.slim = false;
    // Staged: the row gets its id when the batch runs; later staged records
    // of this action read c.id then (they run after this one, in order).
    stage(c, [&c, rec = std::move(c.rec)](store::Database& db, store::AuditAppender& a) mutable {
        c.id = store::insert_action(db, a, rec);
    });
}

std::string validated_detail(const ActionService::Ctx& c) {
    return "{\"facts\":" + c.plan.facts_json + ",\"facts_age_ms\":" + std::to_string(c.facts.age_ms) + ",\"hash\":\"" +
           c.hash + "\",\"would_send\":" + calls_json(c.plan.calls) + "}";
}

void unfold(ActionService::Ctx& c) {
    if (c.verifying_pending) {
        c.verifying_pending = false;
        c.status = ActionStatus::Executing;
        stage_move(c, ActionStatus::Verifying, "engine", c.verifying_reason, c.verifying_detail, c.verifying_at_ms);
        return;
    }
    if (!c.slim || c.row_staged) return;
    ActionStatus reached = c.status;
    c.status = ActionStatus::Proposed;
    stage_row(c);
    if (reached == ActionStatus::Proposed) return;
    stage(c, [&c, facts = c.plan.facts_json, hash = c.hash, desc = c.plan.description](store::Database& db,
                                                                                      store::AuditAppender&) {
        store::update_action_fields(db, c.id, &facts, &hash, &desc, nullptr, nullptr, nullptr);
    });
    stage_move(c, ActionStatus::Validated, "engine", c.plan.description, validated_detail(c), c.validated_at_ms);
    if (reached == ActionStatus::Approved)
        stage_move(c, ActionStatus::Approved, c.approved_actor, c.approved_reason, c.approved_detail, c.approved_at_ms);
}

void flush(store::DbWriter& w, ActionService::Ctx& c, store::Sync sync) {
    if (c.staged.empty()) return;
    auto jobs = std::move(c.staged);
    c.staged.clear();
    w.run([&jobs](store::Database& db, store::AuditAppender& a) {
        for (auto& j : jobs) j(db, a);
    }, sync);
}

// ---------------------------------------------------------------- lifecycle

ActionService::ActionService(ServiceOptions opts) : opts_(std::move(opts)) {
    if (opts_.crash_at.empty())
        if (const char* env = std::getenv("MEDIC_CRASH_AT")) opts_.crash_at = env;
    writer_ = std::make_unique<store::DbWriter>(opts_.db_path, opts_.durable, opts_.idle_sync_ms,
                                                std::max(0, opts_.dry_run_defer_ms));
    reader_ = store::Database::open(opts_.db_path);
    policy_ = opts_.policy ? *opts_.policy : store::load_policy(*reader_);
    if (opts_.max_pd_inflight <= 0) opts_.max_pd_inflight = store::pd_max_inflight(*reader_, kDefaultPdInflight);
    pd_slots_ = std::make_unique<std::counting_semaphore<>>(opts_.max_pd_inflight);
    reads_ = std::make_unique<ReadCoalescer>();
    dry_facts_ = std::make_unique<FactsCache>();
    if (opts_.dry_run_facts_max_age_ms < 0)
        opts_.dry_run_facts_max_age_ms = store::dry_run_facts_max_age_ms(*reader_, kDefaultDryRunFactsMaxAgeMs);
    rate_ = std::make_shared<safety::RateLimiter>(policy_.global_rate_per_s, policy_.global_burst,
                                                  policy_.kind_rate_per_s, policy_.kind_burst);
    if (store::kill_switch_on(*reader_)) kill_.engage();
    // Crash recovery: whatever a dead process left executing is interrupted,
    // never re-sent (principle 3).
    writer_->run([&](store::Database& db, store::AuditAppender& a) {
        recovered_ = store::mark_interrupted(db, a, "engine");
    });
    for (int i = 0; i < std::max(1, opts_.workers); ++i)
        pool_.emplace_back([this] {
            while (true) {
                std::function<void()> task;
                {
                    std::unique_lock lk(pool_mu_);
                    pool_cv_.wait(lk, [&] { return stop_ || !tasks_.empty(); });
                    if (tasks_.empty()) return;
                    task = std::move(tasks_.back());
                    tasks_.pop_back();
                }
                task();
            }
        });
    watcher_ = std::thread([this] { watcher_loop(); });
}

ActionService::~ActionService() {
    {
        std::lock_guard lk(pool_mu_);
        stop_ = true;
    }
    pool_cv_.notify_all();
    for (auto& t : pool_) t.join();
    watcher_.join();
}

void ActionService::set_policy(const safety::Policy& p) {
    auto rate = std::make_shared<safety::RateLimiter>(p.global_rate_per_s, p.global_burst, p.kind_rate_per_s, p.kind_burst);
    std::lock_guard lk(state_mu_);
    policy_ = p;
    rate_ = std::move(rate);  // an action still holding the old limiter keeps it alive (execute())
}

safety::Policy ActionService::policy() const {
    std::lock_guard lk(state_mu_);
    return policy_;
}

// Ids come in blocks reserved in the database, so a deferred dry-run knows
// its id before its row is written and no other process is given it.
int64_t ActionService::reserve_id() {
    constexpr int64_t kBlock = 1024;
    std::lock_guard lk(ids_mu_);
    if (next_id_ == end_id_) {
        int64_t first = 0;
        writer_->run([&](store::Database& db, store::AuditAppender&) { first = store::reserve_action_ids(db, kBlock); },
                     store::Sync::Soon);
        next_id_ = first;
        end_id_ = first + kBlock;
    }
    return next_id_++;
}

void ActionService::post(std::function<void()> task) {
    {
        std::lock_guard lk(pool_mu_);
        tasks_.insert(tasks_.begin(), std::move(task));
    }
    pool_cv_.notify_one();
}

// Staged only: written with the action's next flush().
void ActionService::move(Ctx& c, ActionStatus to, const std::string& actor, const std::string& reason,
                         const std::string& detail) {
    stage_move(c, to, actor, reason, detail);
}

// A terminal state: staged with everything before it and written as one
// Soon batch (a refusal or outcome has nothing outside waiting on it; when a
// PD request was sent, its audit row was made durable before the request).
ActionOutcome ActionService::finish(Ctx& c, ActionStatus to, const std::string& code, const std::string& msg) {
    c.error_code = code;
    c.error = msg;
    std::string err = code.empty() ? msg : code + ": " + msg;
    unfold(c);
    stage_row(c);
    bool started = c.status >= ActionStatus::Executing;
    stage(c, [&c, err](store::Database& db, store::AuditAppender&) {
        store::update_action_fields(db, c.id, nullptr, nullptr, nullptr, nullptr, nullptr, &err);
    });
    stage_move(c, to, "engine", msg, "{\"code\":\"" + json_escape(code) + "\"}");
    flush(*writer_, c, store::Sync::Soon);
    c.lap(&PhaseTimes::outcome_us);
    if (to == ActionStatus::Failed && started) {  // policy: cooldown_after_failure
        std::lock_guard lk(state_mu_);
        last_failure_ms_[c.cooldown_key()] = wall_ms();
    }
    return outcome_of(c);
}

// ---------------------------------------------------------------- pipeline

ActionOutcome ActionService::submit(const ActionRequest& req) {
    auto c = std::make_shared<Ctx>();
    c->req = req;
    if (c->req.actor.empty()) c->req.actor = "engine";
    ActionOutcome out = run(*c);
    if (c->deferred && c->status == ActionStatus::DryRun && !c->staged.empty()) {
        // The jobs refer to *c: the posted job keeps it alive until it ran.
        writer_->post([c, jobs = std::move(c->staged)](store::Database& db, store::AuditAppender& a) {
            for (auto& j : jobs) j(db, a);
        });
        c->staged.clear();
    }
    if (!c->staged.empty()) {  // every path flushes; never leave a record behind
        flush(*writer_, *c, store::Sync::Soon);
        out = outcome_of(*c);
    }
    if (c->status == ActionStatus::AwaitingApproval) {
        std::lock_guard lk(state_mu_);
        parked_[c->id] = c;
    }
    return out;
}

ActionOutcome ActionService::run(Ctx& c) {
    c.mark = std::chrono::steady_clock::now();
    if (!propose(c)) return outcome_of(c);
    if (!plan(c, false)) return outcome_of(c);
    c.lap(&PhaseTimes::facts_us);
    if (c.req.mode == Mode::DryRun) return dry_run(c);
    if (!gate(c)) return outcome_of(c);
    c.lap(&PhaseTimes::gate_us);
    if (c.status == ActionStatus::AwaitingApproval) return await_approval(c);
    return execute(c);
}

bool ActionService::propose(Ctx& c) {
    c.spec = find_action_spec(c.req.kind);
    std::string error;
    if (!c.spec) {
        error = "unknown action '" + c.req.kind + "'";
        c.params_json = params_to_json(c.req.params);
    } else {
        auto chk = check_params(*c.spec, c.req.params);
        error = chk.error;
        c.params = chk.ok() ? chk.params : c.req.params;
        c.params_json = params_to_json(c.params);
        c.kind = find_kind(c.spec->name);
    }
    store::ActionRecord rec;
    rec.kind = c.req.kind;
    rec.params = c.params_json;
    rec.risk = c.spec ? risk_name(c.spec->risk) : "unknown";
    rec.mode = c.req.mode == Mode::Execute ? "execute" : "dry_run";
    rec.actor = c.actor();
    rec.requester = c.requester();
    rec.owner_pid = ::getpid();
    rec.created_at_ms = wall_ms();
    if (c.req.mode == Mode::DryRun && opts_.defer_dry_run_records) {
        rec.id = c.id = reserve_id();  // known now: the outcome carries it before the row is written
        c.deferred = true;
    }
    c.rec = std::move(rec);
    // A dry-run's record is written whole by dry_run(); an executed PD
    // action's records up to executing whole by send().
    c.slim = c.req.mode == Mode::DryRun ||
             (c.kind && c.spec->effect == Effect::PdWrite && error.empty());
    if (!c.slim) stage_row(c);
    c.status = ActionStatus::Proposed;
    if (error.empty()) return true;
    finish(c, ActionStatus::Failed, "invalid_params", error);
    return false;
}

namespace {

std::string local_description(const ActionSpec& s, const ParamMap& p) {
    if (s.name == "wait") return "wait " + value_to_json(p.at("seconds")) + " s";
    if (s.name == "log") return "log (" + param_string(p, "level", "info") + "): " + param_string(p, "message");
    return "notify (" + param_string(p, "severity", "info") + "): " + param_string(p, "message");
}

}  // namespace

bool ActionService::plan(Ctx& c, bool revalidate) {
    std::string old_hash = c.hash;
    if (!c.kind) {
        c.plan = Plan{};
        c.plan.description = local_description(*c.spec, c.params);
        c.plan.facts_json = "{}";
    } else if (c.spec->effect != Effect::PdWrite) {  // approval: validated without reading PD
        c.plan = c.kind->plan(c.params, Facts{});
    } else {
        if (!opts_.pd) {
            finish(c, ActionStatus::Failed, "no_pd", c.spec->name + ": no PD address configured (--pd URL)");
            return false;
        }
        std::string err;
        // A dry-run may share facts up to the max age; anything that will
        // execute validates on facts read for it.
        FactsSource src{reads_.get(), nullptr, 0};
        if (c.req.mode == Mode::DryRun) src = {reads_.get(), dry_facts_.get(), opts_.dry_run_facts_max_age_ms};
        auto facts = [&] {
            PdSlot slot(*pd_slots_);
            return fetch_facts(*opts_.pd, c.kind->needs(c.params, false), err, src);
        }();
        if (!facts) {
            finish(c, ActionStatus::Failed, "pd_unavailable", c.spec->name + ": cannot read cluster state: " + err);
            return false;
        }
        c.facts = std::move(*facts);
        c.plan = c.kind->plan(c.params, c.facts);
    }
    c.hash = action_hash(c.spec->name, c.params_json, c.plan.facts_json);
    if (!c.plan.valid()) {
        finish(c, ActionStatus::Failed, c.plan.error_code, c.spec->name + ": " + c.plan.error);
        return false;
    }
    if (c.plan.satisfied) {
        c.observed = c.plan.description;
        finish(c, ActionStatus::Skipped, "", "already satisfied: " + c.plan.description);
        return false;
    }
    if (revalidate) return old_hash == c.hash || old_hash.empty();
    if (c.slim) {  // folded into the dry-run's or the executing step's one record
        c.status = ActionStatus::Validated;
        c.validated_at_ms = wall_ms();
        return true;
    }
    stage(c, [&c, facts = c.plan.facts_json, hash = c.hash, desc = c.plan.description](store::Database& db,
                                                                                      store::AuditAppender&) {
        store::update_action_fields(db, c.id, &facts, &hash, &desc, nullptr, nullptr, nullptr);
    });
    stage_move(c, ActionStatus::Validated, "engine", c.plan.description, validated_detail(c));
    return true;
}

ActionOutcome ActionService::dry_run(Ctx& c) {
    c.verdicts = gate_verdicts(c);
    store::DryRunRecord d;
    d.rec = std::move(c.rec);
    d.rec.params_hash = c.hash;
    d.rec.description = c.plan.description;
    d.rec.facts = c.plan.facts_json;
    d.validated_at_ms = c.validated_at_ms;
    d.at_ms = wall_ms();
    d.facts_age_ms = c.facts.age_ms;
    d.would_send = calls_json(c.plan.calls);
    d.verdicts = verdicts_json(c.verdicts);
    d.reason = "dry-run: validated on facts " + std::to_string(c.facts.age_ms) + " ms old, nothing sent";
    c.slim = false;
    c.row_staged = true;
    stage(c, [&c, d = std::move(d)](store::Database& db, store::AuditAppender& a) {
        c.id = store::insert_dry_run(db, a, d);
    });
    c.status = ActionStatus::DryRun;
    if (!c.deferred) flush(*writer_, c, store::Sync::Soon);  // no PD write: no fsync per dry-run
    return outcome_of(c);  // deferred: submit() posts the records
}

std::vector<safety::Verdict> ActionService::gate_verdicts(Ctx& c) {
    safety::Policy p;
    int64_t last_fail = 0;
    uint64_t run_leaders = 0, run_regions = 0;
    {
        std::lock_guard lk(state_mu_);
        p = policy_;
        if (auto it = last_failure_ms_.find(c.cooldown_key()); it != last_failure_ms_.end()) last_fail = it->second;
        if (auto it = run_moved_.find(c.req.run_id); c.req.run_id && it != run_moved_.end())
            std::tie(run_leaders, run_regions) = it->second;
    }
    safety::ClusterTotals t{c.facts.total_leaders(), c.facts.total_regions(), c.facts.up_stores(),
                            c.facts.offline_stores(), c.facts.max_replicas};
    auto risk = risk_level(c.spec->risk);
    int64_t now = wall_ms();
    // Maintenance windows limit cluster changes; a gate (approval) changes nothing.
    auto window_risk = c.spec->effect == Effect::PdWrite ? risk : safety::RiskLevel::Low;
    return {safety::check_kill_switch(kill_.engaged()),
            safety::check_observe_only(p, true),
            safety::check_maintenance_window(p, window_risk, now),
            safety::check_cooldown(p, last_fail, now),
            safety::check_blast_radius(p, c.plan.influence, t, run_leaders, run_regions),
            // An irreversible effect outside the cluster (a notification) is not a cluster change.
            safety::check_autonomy(p, risk, c.spec->reversible || c.spec->effect != Effect::PdWrite, c.human())};
}

bool ActionService::gate(Ctx& c) {
    c.verdicts = gate_verdicts(c);
    std::string vj = "{\"verdicts\":" + verdicts_json(c.verdicts) + "}";
    for (const auto& v : c.verdicts) {
        if (!v.refused()) continue;
        c.error_code = v.policy;
        c.error = v.message;
        finish(c, ActionStatus::Rejected, v.policy, "policy " + v.policy + ": " + v.message);
        return false;
    }
    const auto& autonomy = c.verdicts.back();
    if (autonomy.decision == safety::Decision::NeedApproval) {
        int64_t expires = wall_ms() + policy().approval_timeout_ms;  // set_policy() may run meanwhile
        unfold(c);  // written the ordinary way: another process decides on it
        move(c, ActionStatus::AwaitingApproval, "engine", "policy autonomy: " + autonomy.message, vj);
        stage(c, [&c, hash = c.hash, who = c.requester(), expires](store::Database& db, store::AuditAppender& a) {
            store::request_approval(db, a, c.id, hash, who, expires);
        });
        flush(*writer_, c, store::Sync::Soon);  // committed: another process may decide it now
        return true;
    }
    if (c.slim && !c.row_staged) {  // kept for the one executing record (send())
        c.approved_actor = c.human() ? c.actor() : "engine";
        c.approved_reason = "policy autonomy: " + autonomy.message;
        c.approved_detail = std::move(vj);
        c.approved_at_ms = wall_ms();
        c.status = ActionStatus::Approved;
        return true;
    }
    move(c, ActionStatus::Approved, c.human() ? c.actor() : "engine", "policy autonomy: " + autonomy.message, vj);
    return true;
}

}  // namespace medic::actions
