// engine/store/incident_store.hpp: Incident, one violated cluster invariant,
// and IncidentStore, its rows in the `incidents` table. At most one incident
// per dedup_key is open at a time (a partial unique index enforces it across
// processes); re-observing an open incident updates it instead of opening a
// second one. Evidence is JSON text built by the caller.
// Throws DbError on SQLite failures (see database.hpp).
#pragma once

#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"

namespace medic::store {

enum class Severity : uint8_t { Info, Warning, Critical, Count };
inline constexpr const char* kSeverityNames[] = {"info", "warning", "critical"};
static_assert(std::size(kSeverityNames) == size_t(Severity::Count));
inline const char* severity_name(Severity s) { return kSeverityNames[size_t(s)]; }
std::optional<Severity> parse_severity(std::string_view s);

/// What a check observed (the input to open_or_update).
struct Finding {
    std::string dedup_key;  ///< stable: "<kind>:<subject id>", e.g. "store_down:4"
    std::string kind;       ///< "store_down"
    std::string subject;    ///< "store:4", "region:12", "pd", "cluster"
    Severity severity = Severity::Warning;
    std::string summary;    ///< one line for people
    std::string evidence;   ///< JSON object text: the observations behind it
};

struct Incident {
    int64_t id = 0;
    std::string dedup_key, kind, subject;
    Severity severity = Severity::Warning;
    bool open = true;
    std::string summary;
    std::string evidence;  ///< JSON (the latest observation)
    int64_t opened_at_ms = 0;
    int64_t updated_at_ms = 0;
    std::optional<int64_t> closed_at_ms;
    std::string close_reason;
    int64_t observations = 1;
};

class IncidentStore {
public:
    explicit IncidentStore(Database& db) : db_(db) {}

    struct Upsert {
        Incident incident;
        bool opened;  ///< true when this call created the incident
    };
    /// Open an incident for f.dedup_key, or refresh the open one (summary,
    /// evidence, severity, observation count). One short transaction.
    Upsert open_or_update(const Finding& f, int64_t now_ms);
    /// Close the open incident with this key; nullopt when none is open.
    std::optional<Incident> close(std::string_view dedup_key, std::string_view reason, int64_t now_ms);
    std::optional<Incident> get(int64_t id);
    std::optional<Incident> find_open(std::string_view dedup_key);
    std::vector<Incident> list_open();
    /// Newest first; include closed ones when all is true.
    std::vector<Incident> list(bool all, int64_t limit = 100);

private:
    std::vector<Incident> query(std::string_view sql, std::string_view arg, int64_t limit);
    Database& db_;
};

}  // namespace medic::store
