// bindings/lua/journal.hpp: JournalServices, a RunServices that writes every
// run, step, log line and action to the SQLite workflow journal
// (engine/store/run_journal.hpp) as it happens, polls the journal for cancels
// requested by other processes, and forwards cluster, action and approval
// requests to an inner RunServices (the engine). A journal write that fails
// ends nothing silently: the error goes to stderr and the run goes on only if
// the journal is optional (it is not when --db is given: see cmd_run).
#pragma once

#include "bindings/api/cluster_api.hpp"
#include "bindings/lua/services.hpp"
#include "store/run_journal.hpp"

namespace medic::lua {

class JournalServices : public RunServices, public api::ClusterLiveReads {
public:
    JournalServices(store::RunJournal& journal, RunServices& inner) : journal_(journal), inner_(inner) {}

    void on_run_started(Run& r) override;
    void on_log(Run& r, const LogLine& line) override;
    void on_step(Run& r, int64_t seq, const std::string& name, const std::string& state,
                 const std::string& detail) override;
    void on_action(Run& r, const ActionRecord& a) override;
    void on_run_finished(Run& r) override;
    /// runs.waiting_for / waiting_since_ms (RunJournal::set_waiting).
    void on_wait(Run& r, const std::string& what) override;
    void on_resume(Run& r) override;
    bool cancel_requested(Run& r, bool& compensate) override;
    /// concurrency = "one": refused while an earlier live run of the same
    /// runbook is running in any process sharing the database.
    std::string refuse_start(Run& r) override;

    std::shared_ptr<const model::ClusterSnapshot> snapshot() override { return inner_.snapshot(); }
    /// Forwarded to the inner services (E_MODE when they cannot ask PD).
    std::vector<pd::OperatorInfo> pd_operators() override;
    api::Value incidents() override { return inner_.incidents(); }
    ActionOutcome submit_action(Run& r, std::string_view name, const ActionArgs& args) override {
        return inner_.submit_action(r, name, args);
    }
    std::function<Suspension::Poll()> request_approval(Run& r, const ApprovalRequest& req) override {
        return inner_.request_approval(r, req);
    }

private:
    store::RunJournal& journal_;
    RunServices& inner_;
};

/// The journal's status word for a finished run.
const char* journal_status(const Run& r);

}  // namespace medic::lua
