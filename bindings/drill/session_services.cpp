// bindings/drill/session_services.cpp: SessionServices (session_services.hpp).
#include "bindings/drill/session_services.hpp"

#include <chrono>

#include "actions/service.hpp"
#include "bindings/drill/clock_gate.hpp"
#include "bindings/drill/session.hpp"
#include "bindings/lua/clock.hpp"
#include "model/monitor.hpp"
#include "pd/pd_client.hpp"

namespace medic::drill {
namespace {

using api::Value;

/// A runbook's checked arguments as the engine's typed parameters.
actions::ParamMap to_params(const lua::ActionArgs& args) {
    actions::ParamMap out;
    for (size_t i = 0; i < args.params.size() && i < args.values.size(); i++) {
        const Value& x = args.values[i];
        const char* k = args.params[i].name;
        switch (x.kind) {
        case Value::Kind::Integer: out[k] = x.i; break;
        case Value::Kind::Number: out[k] = x.n; break;
        case Value::Kind::String: out[k] = x.s; break;
        case Value::Kind::Boolean: out[k] = x.b; break;
        case Value::Kind::Array: {
            bool strings = !x.a->empty() && (*x.a)[0].kind == Value::Kind::String;
            if (strings) {
                std::vector<std::string> list;
                for (const auto& e : *x.a) list.push_back(e.s);
                out[k] = list;
            } else {
                std::vector<int64_t> list;
                for (const auto& e : *x.a) list.push_back(e.kind == Value::Kind::Integer ? e.i : int64_t(e.n));
                out[k] = list;
            }
            break;
        }
        default: break;
        }
    }
    return out;
}

lua::ActionResult outcome_result(const actions::ActionOutcome& o) {
    lua::ActionResult res;
    res.status = actions::status_name(o.status);
    res.description = o.description;
    res.audit_id = o.action_id;
    res.observed = o.observed;
    for (const auto& c : o.calls) res.calls.push_back(c.text());
    return res;
}

api::HostError outcome_error(const std::string& name, const actions::ActionOutcome& o) {
    bool refused = o.status == actions::ActionStatus::Rejected || o.status == actions::ActionStatus::Expired;
    api::HostError e{refused ? api::ErrorCode::E_SAFETY_VETO : api::ErrorCode::E_ACTION_FAILED,
                     o.error.empty() ? name + " ended " + actions::status_name(o.status) : o.error};
    e.details = Value::map();
    e.details.set("action_id", Value::integer(o.action_id));
    e.details.set("status", Value::string(actions::status_name(o.status)));
    if (!o.error_code.empty()) e.details.set("reason", Value::string(o.error_code));
    return e;
}

/// The shared state between a live action's worker thread and the run's
/// poll: `out` is written before `done` is set, and read after.
struct Pending {
    std::atomic<bool> done{false};
    actions::ActionOutcome out;
};

/// A live action's record is appended as "submitted" when the run suspends;
/// once the engine has verified (or failed) it, the record must say so, or
/// the run's report and journal show an action that never finished.
void settle_record(lua::Run& r, size_t index, const std::string& name, const actions::ActionOutcome& out) {
    if (index >= r.actions.size() || r.actions[index].kind != name) return;
    lua::ActionRecord& rec = r.actions[index];
    if (rec.state != lua::ActionState::Pending) return;
    bool refused = out.status == actions::ActionStatus::Rejected || out.status == actions::ActionStatus::Expired;
    rec.state = out.ok() ? lua::ActionState::Succeeded : refused ? lua::ActionState::Refused : lua::ActionState::Failed;
    rec.result = outcome_result(out);
    if (!out.ok()) rec.error = out.error;
}

}  // namespace

SessionServices::~SessionServices() { reap(); }

void SessionServices::reap() {
    // A run that ended (cancelled, failed) may leave actions in flight: PD
    // already has them, and the engine verifies them on observed state, so
    // on a simulated clock time must keep moving until they end. One still
    // waiting for a decision nobody will give is cancelled instead.
    abandon_ = true;
    ClockGate& gate = session_.gate();
    while (in_flight_.load() > 0) {
        if (session_.gated()) {
            gate.await_steppable([this] { return in_flight_.load() == 0; });
            if (in_flight_.load() > 0) session_.clock().sleep_until(session_.clock().now() + 1);
        } else {
            if (session_.simulated()) session_.clock().sleep_until(session_.clock().now() + 1);
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        invalidate();
    }
    std::vector<std::thread> ws;
    {
        std::lock_guard lk(mu_);
        ws.swap(workers_);
    }
    for (auto& t : ws)
        if (t.joinable()) t.join();
    abandon_ = false;
}

std::shared_ptr<const model::ClusterSnapshot> SessionServices::snapshot() {
    double now = session_.now();
    // At most one refresh per second of clock time (PD's own heartbeat
    // granularity), and at once after an action or a clock jump by a test
    // (invalidate()). Each is a full one (slow checks and the region scan):
    // store counts and the region table must agree for the runbook.
    if (fresh_at_ < 0 || now - fresh_at_ >= 1.0) {
        session_.refresh(true);
        fresh_at_ = now;
    }
    return session_.monitor().snapshot();
}

std::vector<pd::OperatorInfo> SessionServices::pd_operators() {
    double now = session_.now();
    bool stale = ops_at_ < 0 || (session_.simulated() ? now != ops_at_ : now - ops_at_ >= 0.5);
    if (stale) {
        auto r = session_.pd().operators();
        if (!r.ok()) throw api::HostError{api::ErrorCode::E_PD, "GET /operators: " + r.error().to_string()};
        ops_ = std::move(r.value());
        ops_at_ = now;
    }
    return ops_;
}

Value SessionServices::incidents() {
    snapshot();
    Value out = Value::array();
    for (const auto& i : session_.monitor().open_incidents()) {
        Value v = Value::map();
        v.set("id", Value::integer(i.id));
        v.set("kind", Value::string(i.kind));
        v.set("subject", Value::string(i.subject));
        v.set("severity", Value::string(store::severity_name(i.severity)));
        v.set("summary", Value::string(i.summary));
        out.push(v);
    }
    return out;
}

lua::ActionOutcome SessionServices::submit_action(lua::Run& r, std::string_view name_view,
                                                  const lua::ActionArgs& args) {
    const std::string name(name_view);
    actions::ActionRequest req;
    req.kind = name;
    req.params = to_params(args);
    req.actor = "runbook:" + r.chunk;
    req.mode = r.dry_run() ? actions::Mode::DryRun : actions::Mode::Execute;
    req.run_id = r.id;
    req.wait_for_approval = false;
    lua::ActionOutcome o;
    if (r.dry_run()) {
        actions::ActionOutcome out = session_.service().submit(req);
        o.result = outcome_result(out);
        if (!out.ok()) {
            o.state = out.status == actions::ActionStatus::Rejected ? lua::ActionOutcome::State::Refused
                                                                    : lua::ActionOutcome::State::Failed;
            o.error = outcome_error(name, out);
            return o;
        }
        o.state = lua::ActionOutcome::State::Planned;
        return o;
    }
    // Live: the pipeline blocks (approval, PD request, verification polling
    // observed state), so it runs on a worker while the run is suspended and
    // the scheduler keeps the clock moving.
    auto pending = std::make_shared<Pending>();
    actions::ActionService& svc = session_.service();
    ClockGate& gate = session_.gate();
    const bool person = !session_.auto_approve();
    std::lock_guard lk(mu_);
    in_flight_++;
    gate.enter();  // before the worker exists: the run's next poll must see it
    workers_.emplace_back([this, pending, req, &svc, &gate, person] {
        actions::ActionOutcome out = svc.submit(req);
        if (out.status == actions::ActionStatus::AwaitingApproval) {
            // Decided by the session's AutoApprover (the clock stays put:
            // its answer comes in milliseconds) or by a person (GUI, `medic
            // actions approve`; the cluster keeps moving meanwhile).
            // resume() waits again by itself when the engine voids an
            // approval because the cluster moved.
            if (person) gate.waiting_for_person(true);
            while (svc.approval_state(out.action_id) == actions::ApprovalState::Pending && !abandon_)
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            if (person) gate.waiting_for_person(false);
            if (svc.approval_state(out.action_id) == actions::ApprovalState::Pending) {
                svc.cancel(out.action_id, "engine", "the run ended before anyone decided");
                out.status = actions::ActionStatus::Cancelled;
                out.error = "cancelled: the run ended before anyone decided";
            } else {
                out = svc.resume(out.action_id);
            }
        }
        pending->out = std::move(out);
        pending->done = true;
        in_flight_--;
        gate.leave();
    });
    o.state = lua::ActionOutcome::State::Pending;
    const size_t record = r.actions.size();  // the record the host appends for this call
    o.poll = [this, pending, name, &r, record, &gate] {
        lua::Suspension::Poll p;
        if (session_.gated()) {
            // The scheduler steps the clock after a Pending poll: wait until
            // every action in flight has looked at the cluster at this step
            // (ClockGate), so simulated time never outruns the engine.
            gate.await_steppable([&] { return pending->done.load(); });
            if (!pending->done && gate.person_waiting()) std::this_thread::sleep_for(std::chrono::milliseconds(4));
        } else if (session_.simulated() && !pending->done) {
            // An engine that verifies in real time: holding each poll (0.2 s
            // of clock) 4 real milliseconds keeps the clock to about 50x
            // real time (machine-speed dependent).
            std::this_thread::sleep_for(std::chrono::milliseconds(4));
        }
        if (!pending->done) return p;
        invalidate();  // the action changed the cluster: the next read must see it
        if (pending->out.ok()) {
            p.state = lua::Suspension::State::Done;
            p.value = lua::action_result_value(outcome_result(pending->out), name, lua::RunMode::Live);
        } else {
            p.state = lua::Suspension::State::Failed;
            p.error = outcome_error(name, pending->out);
        }
        settle_record(r, record, name, pending->out);
        return p;
    };
    return o;
}

std::function<lua::Suspension::Poll()> SessionServices::request_approval(lua::Run&, const lua::ApprovalRequest&) {
    // Each high- or critical-risk action a run submits is approved on its
    // own through the ActionService (bound to its hash); a run-level
    // safety.approve is granted by the auto-approver, or left to those
    // per-action approvals when a person is watching.
    return [] {
        lua::Suspension::Poll p;
        p.state = lua::Suspension::State::Done;
        p.value = Value::boolean(true);
        return p;
    };
}

bool SessionServices::cancel_requested(lua::Run& r, bool& compensate) {
    if (cancel_after_s_ <= 0 || r.compensating) return false;
    if (session_.now() - r.started_at < cancel_after_s_) return false;
    compensate = true;
    return true;
}

}  // namespace medic::drill
