// bindings/runner/runbook_runner.cpp: one thread per started run (see
// runbook_runner.hpp); the caller only hands over the file and arguments.
#include "bindings/runner/runbook_runner.hpp"

#include "bindings/api/errors.hpp"
#include "bindings/lua/clock.hpp"
#include "bindings/lua/engine_services.hpp"
#include "bindings/lua/journal.hpp"
#include "bindings/lua/scheduler.hpp"
#include "bindings/lua/vm_thread.hpp"
#include "bindings/runner/runbook_source.hpp"
#include "pd/pd_client.hpp"
#include "store/database.hpp"
#include "store/run_journal.hpp"

namespace medic::lua {

RunbookRunner::RunbookRunner(std::string db_path, SnapshotFn snapshot, actions::ActionService* service,
                             OperatorsFn operators)
    : operators_(std::move(operators)), db_path_(std::move(db_path)), snapshot_(std::move(snapshot)), service_(service) {}

RunbookRunner::OperatorsFn RunbookRunner::operators_of(std::shared_ptr<pd::PdClient> pd) {
    return [pd = std::move(pd)] {
        auto ops = pd->operators();
        if (!ops.ok()) throw api::HostError{api::ErrorCode::E_PD, "GET /operators: " + ops.error().to_string()};
        return std::move(ops.value());
    };
}

RunbookRunner::~RunbookRunner() {
    stopping_ = true;
    std::lock_guard lock(mu_);
    for (auto& a : runs_) {
        std::lock_guard run_lock(a->mu);
        if (a->scheduler && a->run) a->scheduler->cancel(*a->run, false);
    }
    for (auto& a : runs_)
        if (a->thread.joinable()) a->thread.join();
}

std::string RunbookRunner::start(const std::string& path, const std::vector<std::pair<std::string, std::string>>& params,
                                 bool live) {
    std::string source;
    if (std::string why = read_runbook_source(path, source); !why.empty()) return why;
    std::vector<std::pair<std::string, std::string>> args = params;
    reap();
    std::lock_guard lock(mu_);
    auto a = std::make_unique<Active>();
    Active& ref = *a;
    a->thread = std::thread([this, &ref, path, source = std::move(source), args = std::move(args), live]() mutable {
        execute(ref, std::move(path), std::move(source), std::move(args), live);
    });
    runs_.push_back(std::move(a));
    return "";
}

void RunbookRunner::execute(Active& a, std::string path, std::string source,
                            std::vector<std::pair<std::string, std::string>> args, bool live) {
    try {
        auto db = store::Database::open(db_path_);
        store::RunJournal journal(*db);
        EngineServices inner(snapshot_, service_);
        if (operators_) inner.set_operators(operators_);
        JournalServices services(journal, inner);
        RealClock clock;
        run_on_vm_thread([&] {
            Scheduler scheduler(clock, services);
            Run& run = scheduler.submit(
                {path, std::move(source), live ? RunMode::Live : RunMode::DryRun, Limits{}, std::move(args)});
            {
                std::lock_guard lock(a.mu);
                a.scheduler = &scheduler;
                a.run = &run;
            }
            if (stopping_) scheduler.cancel(run, false);  // the bridge closed before the run got here
            scheduler.run_until_idle();
            std::lock_guard lock(a.mu);
            a.scheduler = nullptr;
            a.run = nullptr;
        });
    } catch (const std::exception&) {
        // The journal could not be opened: nothing ran. The DB thread shows
        // the database error; there is no row to attach it to.
    }
    a.done = true;
}

std::string RunbookRunner::cancel(std::int64_t run_id) {
    try {
        auto db = store::Database::open(db_path_);
        store::RunJournal journal(*db);
        return journal.request_cancel(run_id, false);
    } catch (const std::exception& e) {
        return e.what();
    }
}

int RunbookRunner::active() const {
    std::lock_guard lock(mu_);
    int n = 0;
    for (const auto& a : runs_) n += a->done ? 0 : 1;
    return n;
}

void RunbookRunner::reap() {
    std::lock_guard lock(mu_);
    for (auto it = runs_.begin(); it != runs_.end();) {
        if ((*it)->done) {
            (*it)->thread.join();
            it = runs_.erase(it);
        } else {
            ++it;
        }
    }
}

}  // namespace medic::lua
