// engine/advisor/prompt/observations.hpp: the numbered observations (obs-1,
// obs-2, ...) an advisor reasons over and cites as evidence — a bounded
// summary of the snapshot and the incident.
//
// Everything in an observation is untrusted data (PD output, labels,
// addresses, region keys, the Monitor's evidence text): free text is
// sanitized (text_sanitize) and capped, region keys are hex-encoded, stores
// and regions are referred to by id. `raw_text` keeps the decoded free text
// (including raw key bytes) so injection_detect can look at what a model
// would effectively read. The set is bounded so a prompt stays small at a
// million regions.
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <vector>

#include "../advisor.hpp"
#include "../json/json_value.hpp"

namespace medic::advisor {

struct Observation {
    std::string id;    ///< "obs-7"
    std::string kind;  ///< pd_store, pd_region, hot_region, incident, pd_health, cluster
    json::Value data;
    std::string raw_text;  ///< untrusted free text it carries, decoded, for injection checks
    std::string line() const;  ///< {"id":..,"kind":..,"data":..} on one line
};

struct ObservationLimits {
    size_t max_stores = 48;
    size_t max_hot_regions = 16;
    size_t max_unhealthy_regions = 24;
    size_t max_text = 200;          ///< any free-text value
    size_t max_incident_text = 1500;
};

class ObservationSet {
public:
    /// Adds one observation and returns its id.
    const Observation& add(std::string kind, json::Value data, std::string raw_text = {});
    const std::vector<Observation>& all() const { return obs_; }
    const Observation* find(std::string_view id) const;
    std::set<std::string> ids() const;
    /// First observation of `kind` whose data has `key` == `id` (e.g. the store's).
    const Observation* find_subject(std::string_view kind, std::string_view key, uint64_t id) const;
    /// The observations between fence lines <<<marker ... marker>>>.
    std::string fenced(const std::string& marker) const;

private:
    std::vector<Observation> obs_;
};

/// Collects the incident, PD health, cluster totals, stores, hot regions and
/// unhealthy regions (bounded by `lim`).
ObservationSet collect_observations(const AdviceRequest& req, const ObservationLimits& lim = {});

/// Lower-case hex of raw bytes (region keys).
std::string hex_encode(std::string_view raw);

}  // namespace medic::advisor
