// cli/drill_runner.cpp: run_drill (drill_runner.hpp).
#include "drill_runner.hpp"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <climits>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <thread>
#include <variant>

#include <simdjson.h>

#include "actions/service.hpp"
#include "advisor/record.hpp"
#include "advisor/rules/rule_advisor.hpp"
#include "bindings/drill/auto_approver.hpp"
#include "bindings/drill/clock_gate.hpp"
#include "bindings/drill/embedded_pdsim.hpp"
#include "bindings/drill/session.hpp"
#include "bindings/runner/workflows_dir.hpp"
#include "model/monitor.hpp"
#include "store/db_writer.hpp"
#include "store/database.hpp"
#include "store/incident_store.hpp"
#include "store/proposal_store.hpp"

namespace medic::cli {
namespace {

constexpr double kTickS = 5;           // simulated seconds between Monitor ticks
const char* const kAutoActor = drill::kAutoApprover;

using WallClock = std::chrono::steady_clock;

double wall_since(WallClock::time_point t0) {
    return std::chrono::duration<double>(WallClock::now() - t0).count();
}

/// Everything one drill run shares.
struct Ctx {
    Ctx(const Drill& d, const DrillOptions& o, DrillReport& r, drill::Session& ss) : drill(d), opts(o), rep(r), s(ss) {}
    const Drill& drill;
    const DrillOptions& opts;
    DrillReport& rep;
    drill::Session& s;
    double t0 = 0;  // clock at injection
    WallClock::time_point w0 = WallClock::now();

    std::string stamp() const {
        char b[32];
        std::snprintf(b, sizeof b, "t=+%.0fs", s.now() - t0);
        return b;
    }
    void fail(std::string why) { rep.failures.push_back(std::move(why)); }
    void tick(double seconds) {
        s.advance(seconds);
        s.refresh();
    }
};

void chaos(Ctx& c, const ChaosCall& call) {
    if (!call.path.empty()) {
        std::string body = resolve_chaos_body(c.s.pd_url(), call);
        if (c.s.pdsim()) {
            c.s.pdsim()->chaos(call.path, body);
        } else {
            auto r = drill::http_call("POST", c.s.pd_url() + "/chaos/" + call.path, body);
            if (r.status < 200 || r.status > 299)
                throw std::runtime_error("chaos " + call.path + ": HTTP " + std::to_string(r.status) + " " + r.body);
        }
    } else {  // "" = clear every fault
        auto r = drill::http_call("DELETE", c.s.pd_url() + "/chaos");
        if (r.status < 200 || r.status > 299) throw std::runtime_error("DELETE /chaos: HTTP " + std::to_string(r.status));
    }
    c.rep.timeline.push_back(c.stamp() + " chaos: " + call.what);
    if (call.after_s > 0) c.tick(call.after_s);
}

bool matches(const std::string& kind, const std::string& want) { return kind.rfind(want, 0) == 0; }

/// Ticks the Monitor until one open incident matches every expected kind.
std::vector<store::Incident> detect(Ctx& c) {
    const double limit = c.s.now() + c.drill.detect_limit_s;
    std::vector<store::Incident> found(c.drill.expect_incidents.size());
    size_t n_found = 0;
    while (true) {
        for (const auto& inc : c.s.monitor().open_incidents())
            for (size_t i = 0; i < found.size(); i++)
                if (found[i].id == 0 && matches(inc.kind, c.drill.expect_incidents[i])) {
                    found[i] = inc;
                    ++n_found;
                    c.rep.incidents.push_back("#" + std::to_string(inc.id) + " " + inc.kind + " " + inc.subject +
                                              ": " + inc.summary);
                    c.rep.timeline.push_back(c.stamp() + " incident #" + std::to_string(inc.id) + " opened: " + inc.kind +
                                             " " + inc.subject);
                    if (c.rep.detect_sim_s < 0) {
                        c.rep.detect_sim_s = c.s.now() - c.t0;
                        c.rep.detect_wall_s = wall_since(c.w0);
                    }
                }
        if (n_found == found.size() || c.s.now() >= limit) break;
        c.tick(kTickS);
    }
    for (size_t i = 0; i < found.size(); i++)
        if (found[i].id == 0)
            c.fail("no open incident of kind " + c.drill.expect_incidents[i] + "* within " +
                   std::to_string(int(c.drill.detect_limit_s)) + " s");
    return found;
}

std::string step_text(const advisor::PlannedStep& st) {
    return st.kind + (st.runbook.empty() ? "" : ":" + st.runbook);
}

std::string param_text(const actions::ParamValue& v) {
    struct V {
        std::string operator()(std::monostate) const { return ""; }
        std::string operator()(int64_t x) const { return std::to_string(x); }
        std::string operator()(double x) const { return std::to_string(x); }
        std::string operator()(const std::string& x) const { return x; }
        std::string operator()(bool x) const { return x ? "true" : "false"; }
        std::string operator()(const std::vector<int64_t>& xs) const {
            std::string o;
            for (auto x : xs) o += (o.empty() ? "" : ",") + std::to_string(x);
            return o;
        }
        std::string operator()(const std::vector<std::string>& xs) const {
            std::string o;
            for (const auto& x : xs) o += (o.empty() ? "" : ",") + x;
            return o;
        }
    };
    return std::visit(V{}, v);
}

void link_action(drill::Session& s, int64_t action_id, int64_t proposal_id) {
    s.service().writer().run([&](store::Database& db, store::AuditAppender&) {
        db.prepare("UPDATE actions SET proposal_id = ?1 WHERE id = ?2").bind(1, proposal_id).bind(2, action_id).run();
    });
}

/// One typed step through ActionService on a worker; this thread keeps the
/// (simulated) clock moving so operators finish and verification sees them.
void run_typed_step(Ctx& c, const advisor::PlannedStep& st, int64_t pid) {
    struct Shared {
        std::atomic<bool> done{false};
        actions::ActionOutcome out;
        bool parked = false;
    };
    auto sh = std::make_shared<Shared>();
    actions::ActionService& svc = c.s.service();
    actions::ActionRequest ar;
    ar.kind = st.kind;
    ar.params = st.params;
    ar.actor = "advisor:rules";
    ar.mode = actions::Mode::Execute;
    ar.wait_for_approval = false;
    const bool autoapp = c.opts.auto_approve;
    drill::Session* sess = &c.s;
    drill::ClockGate& gate = c.s.gate();
    gate.enter();  // the clock waits for this worker (drill::ClockGate)
    std::thread worker([sh, ar, &svc, autoapp, pid, sess, &gate] {
        try {
            actions::ActionOutcome out = svc.submit(ar);
            if (out.action_id) link_action(*sess, out.action_id, pid);
            if (out.status == actions::ActionStatus::AwaitingApproval) {
                if (!autoapp) {
                    sh->parked = true;
                } else {
                    // The session's AutoApprover decides (again, if the engine
                    // voids an approval because the cluster moved meanwhile).
                    while (svc.approval_state(out.action_id) == actions::ApprovalState::Pending)
                        std::this_thread::sleep_for(std::chrono::milliseconds(5));
                    out = svc.resume(out.action_id);
                }
            }
            sh->out = std::move(out);
        } catch (const std::exception& e) {
            sh->out.error = e.what();
        }
        sh->done = true;
        gate.leave();
    });
    // The clock moves until the worker is done: ActionService bounds
    // verification by its own timeout (clock time when gated), so this ends.
    // Gated, it steps only once the engine looked at the cluster again.
    while (!sh->done) {
        if (c.s.gated())
            gate.await_steppable([&] { return sh->done.load(); });
        else
            std::this_thread::sleep_for(std::chrono::milliseconds(15));
        if (!sh->done) c.s.advance(2);
    }
    worker.join();
    const auto& o = sh->out;
    std::string line = "action " + std::to_string(o.action_id) + " " + st.kind + " " + st.params_json + ": " +
                       actions::status_name(o.status) + (o.error.empty() ? "" : " (" + o.error + ")");
    c.rep.actions.push_back(line);
    c.rep.timeline.push_back(c.stamp() + " " + line);
    if (sh->parked) {
        c.rep.to_approve.push_back("medic actions approve " + std::to_string(o.action_id) + " --db " + c.s.db_path());
    } else if (!o.ok()) {
        c.fail(line);
    }
}

void run_runbook_step(Ctx& c, const advisor::PlannedStep& st, int64_t pid) {
    std::string file = find_runbook(st.runbook);
    if (file.empty()) return c.fail("runbook " + st.runbook + ".lua not found (set MEDIC_WORKFLOWS)");
    drill::RunOptions ro;
    ro.mode = lua::RunMode::Live;
    std::string args_text;
    for (const auto& [k, v] : st.params) {
        ro.args.emplace_back(k, param_text(v));
        args_text += " --arg " + k + "=" + param_text(v);
    }
    if (!c.opts.auto_approve) {
        c.rep.to_approve.push_back("medic run " + file + args_text + " --execute --pd " + c.s.pd_url() + " --db " +
                                   c.s.db_path());
        return;
    }
    c.rep.timeline.push_back(c.stamp() + " runbook " + st.runbook + " started (live)");
    drill::RunReport rr = c.s.run_runbook(file, ro);
    for (const auto& a : rr.actions) {
        if (pid != 0 && !a.audit_id.empty()) link_action(c.s, std::atoll(a.audit_id.c_str()), pid);
        c.rep.actions.push_back("runbook " + st.runbook + ": action " + a.audit_id + " " + a.name + " " + a.params_json +
                                ": " + a.outcome);
    }
    c.rep.timeline.push_back(c.stamp() + " runbook " + st.runbook + " " + rr.status +
                             (rr.error.empty() ? "" : ": " + rr.error));
    if (rr.status != "ok") c.fail("runbook " + st.runbook + ": " + rr.status + " " + rr.error);
}

/// Advise on each detected incident; record; approve (auto) and execute.
std::vector<int64_t> propose_and_remediate(Ctx& c, const std::vector<store::Incident>& incidents) {
    std::vector<int64_t> pids;
    auto db = store::Database::open(c.s.db_path());
    store::ProposalStore ps(*db);
    advisor::RuleAdvisor rules;
    bool first = true;
    for (const auto& inc : incidents) {
        if (inc.id == 0) continue;
        advisor::AdviceRequest req;
        req.incident = {inc.id, inc.kind, inc.subject, store::severity_name(inc.severity), inc.summary, inc.evidence};
        req.snapshot = c.s.monitor().snapshot();
        advisor::ProposalEnvelope env = rules.advise(req);
        int64_t pid = advisor::record_envelope(ps, env);
        pids.push_back(pid);
        if (c.rep.propose_sim_s < 0) {
            c.rep.propose_sim_s = c.s.now() - c.t0;
            c.rep.propose_wall_s = wall_since(c.w0);
        }
        std::string plan;
        bool right = false;
        for (const auto& st : env.plan) {
            plan += (plan.empty() ? "" : ", ") + step_text(st) + " " + st.params_json;
            for (const auto& want : c.drill.expect_steps) right = right || step_text(st) == want;
        }
        c.rep.proposals.push_back("#" + std::to_string(pid) + " for incident #" + std::to_string(inc.id) + " (" +
                                  advisor::outcome_name(env.outcome) + "): " + env.headline() + "; plan: " +
                                  (plan.empty() ? "(none)" : plan));
        c.rep.timeline.push_back(c.stamp() + " proposal #" + std::to_string(pid) + ": " + env.headline());
        if (first) c.rep.diagnosis_right = right && env.outcome == advisor::Outcome::Proposal;
        if (!right || env.outcome != advisor::Outcome::Proposal)
            c.fail("proposal #" + std::to_string(pid) + " for " + inc.kind + " is not one of the expected remediations");
        first = false;
        if (env.outcome != advisor::Outcome::Proposal) continue;
        if (c.opts.auto_approve) {
            c.s.service().writer().append({0, kAutoActor, "proposal_approved", "proposal:" + std::to_string(pid),
                                           "{\"drill\":\"" + c.drill.name + "\",\"auto_approve\":true}"});
            c.rep.timeline.push_back(c.stamp() + " proposal #" + std::to_string(pid) + " approved by " + kAutoActor);
        }
        for (const auto& st : env.plan) {
            if (st.kind == "run_runbook") run_runbook_step(c, st, pid);
            else run_typed_step(c, st, pid);
        }
    }
    return pids;
}

/// Advance until every detected incident is closed.
void heal(Ctx& c, const std::vector<store::Incident>& incidents) {
    const double start = c.s.now();
    const double limit = start + c.drill.heal_limit_s;
    auto open_ones = [&] {
        std::vector<std::string> open;
        auto now_open = c.s.monitor().open_incidents();
        for (const auto& inc : incidents)
            for (const auto& o : now_open)
                if (inc.id != 0 && o.id == inc.id) open.push_back("#" + std::to_string(inc.id) + " " + inc.kind);
        return open;
    };
    c.s.refresh();
    while (!open_ones().empty() && c.s.now() < limit) c.tick(kTickS * 2);
    auto still = open_ones();
    if (still.empty()) {
        c.rep.heal_sim_s = c.s.now() - c.t0;
        c.rep.timeline.push_back(c.stamp() + " all drill incidents closed: cluster healthy");
    } else {
        std::string l;
        for (const auto& s : still) l += " " + s;
        c.fail("incidents still open " + std::to_string(int(c.drill.heal_limit_s)) + " s after remediation:" + l);
    }
}

/// The operator's follow-up runbook (auto-approve only), after the repair.
void followup(Ctx& c) {
    if (c.drill.followup_runbook.empty()) return;
    advisor::PlannedStep st;
    st.kind = "run_runbook";
    st.runbook = c.drill.followup_runbook;
    for (const auto& [k, v] : c.drill.followup_args) st.params[k] = v;
    c.rep.timeline.push_back(c.stamp() + " operator: runs " + st.runbook + " to finish the repair");
    run_runbook_step(c, st, 0);
}

}  // namespace

std::string resolve_chaos_body(const std::string& pd_url, const ChaosCall& call) {
    if (call.path != "hot" || call.body.find("\"start_key\":\"\"") == std::string::npos) return call.body;
    auto r = drill::http_call("GET", pd_url + "/pd/api/v1/regions/key?limit=20");
    simdjson::dom::parser p;
    simdjson::dom::element region;
    std::string_view start, end;
    if (r.status != 200 || p.parse(r.body)["regions"].at(12).get(region) ||
        region["start_key"].get(start) || region["end_key"].get(end))
        throw std::runtime_error("cannot pick a region for the hot spot from /regions/key (HTTP " +
                                 std::to_string(r.status) + ")");
    std::string body = call.body;
    body.replace(body.find("\"start_key\":\"\""), 14, "\"start_key\":\"" + std::string(start) + "\"");
    body.replace(body.find("\"end_key\":\"\""), 12, "\"end_key\":\"" + std::string(end) + "\"");
    return body;
}

std::string find_runbook(const std::string& name) {
    std::string why;
    return lua::runbook_file(lua::find_workflows_dir(""), name, &why);
}

void check_audit(DrillReport& rep, const std::vector<int64_t>& pids, bool auto_approve);

DrillReport run_drill(const Drill& dr, const DrillOptions& opts) {
    DrillReport rep;
    rep.name = dr.name;
    rep.summary = dr.summary;
    drill::SessionOptions so;
    so.pd_url = opts.pd;
    so.scenario = dr.scenario;
    so.stores = 5;
    so.regions = 200;
    so.seed = opts.seed;
    so.db_path = opts.db;
    so.auto_approve = opts.auto_approve;
    try {
        drill::Session s(so);
        rep.db_path = s.db_path();
        Ctx c(dr, opts, rep, s);
        c.tick(30);  // heartbeats and a first full view before the fault
        c.t0 = s.now();
        c.w0 = WallClock::now();
        for (const auto& call : dr.inject) chaos(c, call);
        auto incidents = detect(c);
        std::vector<int64_t> pids;
        if (rep.failures.empty()) {
            double r0 = s.now();
            auto rw0 = WallClock::now();
            pids = propose_and_remediate(c, incidents);
            if (opts.auto_approve && rep.failures.empty()) {
                rep.remediate_sim_s = s.now() - r0;
                rep.remediate_wall_s = wall_since(rw0);
                for (const auto& call : dr.repair) chaos(c, call);
                followup(c);
                heal(c, incidents);
            }
        }
        check_audit(rep, pids, opts.auto_approve);
        if (!opts.db.empty() || !opts.auto_approve) rep.db_path = s.db_path();
    } catch (const std::exception& e) {
        rep.failures.push_back(std::string("drill aborted: ") + e.what());
    }
    rep.passed = rep.failures.empty();
    return rep;
}

}  // namespace medic::cli
