// cli/monitor_proposer.cpp: see monitor_proposer.hpp.
#include "monitor_proposer.hpp"

#include "actions/service.hpp"
#include "advisor/pipeline/proposal_pipeline.hpp"
#include "bindings/runner/runbook_runner.hpp"
#include "bindings/runner/workflows_dir.hpp"
#include "model/json_out.hpp"
#include "model/monitor.hpp"
#include "pd/pd_client.hpp"

namespace medic::cli {
namespace {

const char* level_name(advisor::NoticeLevel level) {
    switch (level) {
        case advisor::NoticeLevel::Info: return "info";
        case advisor::NoticeLevel::Warning: return "warning";
        case advisor::NoticeLevel::Critical: break;
    }
    return "critical";
}


}  // namespace

MonitorProposer::MonitorProposer(ProposerOptions options, pd::PdClient& pd, model::Monitor& monitor, Print print)
    : opts_(std::move(options)), pd_(pd), monitor_(monitor), print_(std::move(print)) {}

MonitorProposer::~MonitorProposer() {
    pipeline_.reset();  // stops submitting before the runs and the gate go away
    runner_.reset();
    service_.reset();
}

std::string MonitorProposer::start() {
    // The client outlives this object (see the header): shared without ownership.
    std::shared_ptr<pd::PdClient> pd(&pd_, [](pd::PdClient*) {});
    try {
        actions::ServiceOptions so;
        so.db_path = opts_.db_path;
        so.pd = pd;
        service_ = std::make_unique<actions::ActionService>(so);
        runner_ = std::make_unique<lua::RunbookRunner>(
            opts_.db_path, [this] { return monitor_.snapshot(); }, service_.get(), lua::RunbookRunner::operators_of(pd));
        advisor::PipelineOptions po;
        po.db_path = opts_.db_path;
        po.execution = opts_.execute ? "live" : "dry_run";
        po.readvise_after_ms = std::int64_t(opts_.readvise_s * 1000);
        pipeline_ = std::make_unique<advisor::ProposalPipeline>(
            *service_, po, [this] { return monitor_.snapshot(); },
            [this](advisor::NoticeLevel level, std::string text) {
                if (!opts_.json) {
                    print_(std::string("PROPOSER ") + level_name(level) + ": " + text);
                    return;
                }
                model::JsonOut j;
                j.begin_object().kv("event", "proposer").kv("level", level_name(level)).kv("text", text).end_object();
                print_(j.str());
            },
            [this](const std::string& name, const advisor::RunbookArgs& args, bool live) {
                start_runbook(name, args, live);
            });
        pipeline_->start();
    } catch (const std::exception& e) {
        return std::string("database ") + opts_.db_path + ": " + e.what();
    }
    return "";
}

void MonitorProposer::start_runbook(const std::string& name, const std::vector<std::pair<std::string, std::string>>& args,
                                    bool live) {
    std::string err;
    std::string path = lua::runbook_file(opts_.workflows_dir, name, &err);
    if (!path.empty()) err = runner_->start(path, args, live);
    std::string what = "runbook " + name + (live ? " (live)" : " (dry run)");
    if (opts_.json) {
        model::JsonOut j;
        j.begin_object().kv("event", err.empty() ? "runbook_started" : "runbook_not_started").kv("runbook", name);
        j.kv("mode", live ? "live" : "dry_run");
        if (!err.empty()) j.kv("error", err);
        j.end_object();
        print_(j.str());
    } else {
        print_(err.empty() ? "PROPOSER info: started " + what : "PROPOSER critical: " + what + " not started: " + err);
    }
}

}  // namespace medic::cli
