// engine/store/proposal_store.hpp: ProposalStore, the durable record of every
// advisor decision — one `proposals` row per envelope (rules or LLM, any
// outcome, the body being the full envelope JSON) and one
// `proposal_exchanges` row per HTTP attempt to an LLM (request and response,
// secrets already redacted by the advisor) — plus an audit row per decision,
// all in one transaction so a crash never leaves half a record.
//
// This unit stores text; it does not know the advisor's types (engine/store
// must not depend on engine/advisor). Throws DbError on SQLite failures.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"

namespace medic::store {

struct ProposalRow {
    int64_t id = 0;
    std::optional<int64_t> incident_id;  ///< null when advising without an incident
    std::string advisor;                 ///< "rules" | "llm:<provider>/<model>"
    std::string outcome;                 ///< proposal | no_proposal | rejected_invalid | ...
    std::string status = "proposed";    ///< proposed, approved, rejected, expired, executed, failed, superseded
    std::string diagnosis;               ///< one line headline
    std::optional<double> confidence;    ///< 0..1 (low .33, medium .66, high 1)
    std::string risk;                    ///< engine-computed
    std::string body;                    ///< the envelope JSON
    std::optional<int64_t> fallback_of;  ///< the failed LLM proposal this rules row replaces
    int64_t created_at_ms = 0;
    int64_t updated_at_ms = 0;
    std::string status_reason;           ///< why the status last changed ("" when proposed)
};

struct ExchangeRow {
    int64_t proposal_id = 0;
    int attempt = 0;
    std::string url, request_headers, request_body;
    int64_t status = 0;
    std::string response_headers, response_body, error;
    int64_t elapsed_ms = 0;
    int64_t waited_before_ms = 0;
};

class ProposalStore {
public:
    /// Applies this store's schema steps (outcome/fallback columns, the
    /// exchanges table) once per database.
    explicit ProposalStore(Database& db);

    /// Inserts the row, its exchanges and an audit event in one transaction.
    /// @param body_for_id renders the body once the row id is known (the
    ///        envelope carries its own id); null keeps row.body.
    /// @return the new row id.
    int64_t insert(const ProposalRow& row, const std::vector<ExchangeRow>& exchanges,
                   const std::function<std::string(int64_t)>& body_for_id = {});
    std::optional<ProposalRow> get(int64_t id);
    /// Newest first; only those of one incident when given.
    std::vector<ProposalRow> list(int64_t limit = 50, std::optional<int64_t> incident_id = std::nullopt);
    std::vector<ExchangeRow> exchanges(int64_t proposal_id);
    /// Sets status (superseded, expired, ...) with the reason, and audits it
    /// as event "proposal_<status>" by `actor`, in one transaction. False
    /// when there is no such proposal.
    bool set_status(int64_t id, const std::string& status, const std::string& actor, const std::string& reason);

private:
    ProposalRow read_row(Statement& q);
    Database& db_;
};

}  // namespace medic::store
