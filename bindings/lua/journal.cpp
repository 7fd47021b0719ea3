// bindings/lua/journal.cpp: JournalServices (journal.hpp).
#include "bindings/lua/journal.hpp"

#include "bindings/api/errors.hpp"
#include "bindings/lua/convert.hpp"
#include "bindings/lua/error_object.hpp"
#include "bindings/lua/run_ops.hpp"

namespace medic::lua {

const char* journal_status(const Run& r) {
    switch (r.status) {
    case RunStatus::Ok: return "succeeded";
    case RunStatus::Cancelled: return "cancelled";
    case RunStatus::Error: return "failed";
    default: return kRunStatusNames[size_t(r.status)];
    }
}

void JournalServices::on_run_started(Run& r) {
    api::Value params = api::Value::map();
    for (const auto& [k, v] : r.args) params.set(k, api::Value::string(v));
    r.id = journal_.start_run(r.file, value_to_json(params), kRunModeNames[size_t(r.mode)]);
}

void JournalServices::on_log(Run& r, const LogLine& line) {
    std::string msg = line.where + ": " + line.message + (line.fields.empty() ? "" : " " + line.fields);
    journal_.log(r.id, line.level, msg);
}

void JournalServices::on_step(Run& r, int64_t seq, const std::string& name, const std::string& state,
                              const std::string& detail) {
    api::Value d = api::Value::map();
    if (!detail.empty()) d.set(state == "running" ? "where" : "detail", api::Value::string(detail));
    journal_.step(r.id, seq, name, state, value_to_json(d));
}

void JournalServices::on_action(Run& r, const ActionRecord& a) {
    api::Value v = api::Value::map();
    v.set("action", api::Value::string(a.kind));
    v.set("where", api::Value::string(position_text(r, a.line)));
    v.set("mode", api::Value::string(kRunModeNames[size_t(a.run_mode)]));
    v.set("outcome", api::Value::string(kActionStateNames[size_t(a.state)]));
    v.set("audit_id", api::Value::string(action_audit_id(a)));
    journal_.log(r.id, "action", value_to_json(v) + " params=" + action_params_json(a) + " detail=" + action_detail(a));
}

void JournalServices::on_wait(Run& r, const std::string& what) { journal_.set_waiting(r.id, what); }

void JournalServices::on_resume(Run& r) { journal_.set_waiting(r.id, ""); }

void JournalServices::on_run_finished(Run& r) {
    journal_.finish_run(r.id, journal_status(r), r.failed ? r.failure.one_line() : "");
}

std::vector<pd::OperatorInfo> JournalServices::pd_operators() {
    auto* live = dynamic_cast<api::ClusterLiveReads*>(&inner_);
    if (live == nullptr)
        throw api::HostError{api::ErrorCode::E_MODE, "PD's operators cannot be read in this host (no PD connection)"};
    return live->pd_operators();
}

bool JournalServices::cancel_requested(Run& r, bool& compensate) { return journal_.cancel_requested(r.id, compensate); }

std::string JournalServices::refuse_start(Run& r) {
    // A dry run changes nothing and is never refused. Between two live runs
    // started at once the earlier row wins: each sees the other's row, and
    // only the later one finds an earlier id, so exactly one goes on.
    if (r.mode == RunMode::Live && r.header.concurrency == "one") {
        for (const auto& row : journal_.running(r.header.name))
            if (row.id < r.id && row.mode == kRunModeNames[size_t(RunMode::Live)])
                return r.header.name + " is already running live (run " + std::to_string(row.id) +
                       ", process " + std::to_string(row.owner_pid) +
                       "); its header says concurrency = \"one\": wait for it or cancel it (medic runs cancel " +
                       std::to_string(row.id) + ")";
    }
    return inner_.refuse_start(r);
}

}  // namespace medic::lua
