// bindings/lua/engine_services.hpp: EngineServices, the RunServices that
// connects runs to the engine: snapshots from a provider (the Monitor),
// incidents, and actions through engine/actions' ActionService (the safety
// gate). Dry-run actions are planned synchronously; live actions are
// submitted asynchronously and the run waits (suspended, no thread blocked)
// until the engine reports the verified outcome. Approvals are `approval`
// actions awaiting a person's decision, polled from the run's suspension.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "bindings/api/cluster_api.hpp"
#include "bindings/lua/services.hpp"

namespace medic::actions {
class ActionService;
}

namespace medic::lua {

class EngineServices : public RunServices, public api::ClusterLiveReads {
public:
    using OperatorsFn = std::function<std::vector<pd::OperatorInfo>()>;
    using SnapshotFn = std::function<std::shared_ptr<const model::ClusterSnapshot>()>;
    using IncidentsFn = std::function<api::Value()>;
    EngineServices(SnapshotFn snapshot, actions::ActionService* service, IncidentsFn incidents = nullptr)
        : snapshot_(std::move(snapshot)), service_(service), incidents_(std::move(incidents)) {}

    std::shared_ptr<const model::ClusterSnapshot> snapshot() override { return snapshot_ ? snapshot_() : nullptr; }
    api::Value incidents() override { return incidents_ ? incidents_() : api::Value::array(); }
    ActionOutcome submit_action(Run& r, std::string_view name, const ActionArgs& args) override;
    /// safety.approve in a live run: an `approval` action through the gate
    /// (critical risk: a person decides, with `medic actions approve|reject
    /// ID` or the GUI). The poll reads the decision (one indexed read) and
    /// completes the action once decided; nothing blocks meanwhile.
    std::function<Suspension::Poll()> request_approval(Run& r, const ApprovalRequest& req) override;
    /// cluster.operators(): PD's operators now, when the host gave a way to
    /// ask (set_operators); otherwise E_MODE, never a wrong empty list.
    void set_operators(OperatorsFn fn) { operators_ = std::move(fn); }
    std::vector<pd::OperatorInfo> pd_operators() override;

private:
    OperatorsFn operators_;
    SnapshotFn snapshot_;
    actions::ActionService* service_;
    IncidentsFn incidents_;
};

}  // namespace medic::lua
