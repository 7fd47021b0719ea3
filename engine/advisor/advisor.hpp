// engine/advisor/advisor.hpp: the Advisor interface and its input.
//
// An advisor turns an incident and a snapshot into a ProposalEnvelope. It
// never executes anything and cannot approve: the envelope's plan goes
// through the same validation, safety gate, approval and audit as an action a
// person typed. Implementations: RuleAdvisor (default, offline, deterministic)
// and LlmAdvisor (untrusted; falls back to the rules).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "model/cluster_snapshot.hpp"
#include "proposal/proposal.hpp"

namespace medic::advisor {

/// The incident being advised on, as the Monitor stored it (incidents table).
struct IncidentInput {
    int64_t id = 0;            ///< 0 = none (advise on whatever the snapshot shows)
    std::string kind;          ///< store_down, hot_region, leader_imbalance, ...
    std::string subject;       ///< "store:4", "region:12", "pd"
    std::string severity = "warning";
    std::string summary;
    std::string evidence_json = "{}";  ///< the Monitor's observations (untrusted text inside)
};

struct AdviceRequest {
    IncidentInput incident;
    model::SnapshotPtr snapshot;  ///< never null
    /// Stores whose leaders medic's own evict-leader scheduler keeps away
    /// (store -> the action that added it, not yet removed). PD's snapshot
    /// does not say why a store leads nothing; medic's record does.
    std::map<uint64_t, int64_t> leaders_evicted_by_medic;
};

class Advisor {
public:
    virtual ~Advisor() = default;
    /// Produces an envelope with an explicit outcome. Never throws for bad
    /// model output or an unreachable endpoint; those are outcomes too.
    virtual ProposalEnvelope advise(const AdviceRequest& req) = 0;
    virtual std::string name() const = 0;  ///< "rules", "openai/gpt-4o", ...
};

/// Subject parsing: "store:4" -> 4 (0 when the subject is not a store).
uint64_t subject_store(const std::string& subject);
uint64_t subject_region(const std::string& subject);

}  // namespace medic::advisor
