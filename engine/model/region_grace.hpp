// engine/model/region_grace.hpp: RegionGrace, the grace period in front of
// the per-region checks (/regions/check/pending-peer, extra-peer, ...).
//
// Why: PD's normal balancing moves a peer by adding a learner (pending while
// it catches up), promoting it (one voter too many for a moment) and then
// removing the old peer, so at any time a healthy cluster lists a few
// regions with pending or extra peers. Reporting them at once opened
// incidents that closed by themselves a few seconds later. A region counts
// only once it has been listed in `checks` consecutive check rounds and for
// at least `ms`, and not while PD runs an operator on it (PD is working on
// that region; GET /operators says so). Once a region has counted, it stays
// counted until PD stops listing it, operator or not. Pure state, no I/O:
// the Monitor passes the lists, the operator regions and its clock.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "pd/types.hpp"

namespace medic::model {

struct RegionGraceOptions {
    int checks = 2;                 ///< consecutive check rounds a region must be listed in
    int64_t ms = 30000;             ///< ... and for at least this long
    bool skip_operators = true;     ///< a region with a running PD operator does not count
    /// Check kinds (as in /regions/check/<kind>) under the grace period. Not
    /// miss-peer by default: a missing replica is lost redundancy even while
    /// PD re-creates it, and PD's balancing never removes a voter before its
    /// replacement is promoted. Not down-peer: a down peer is never routine.
    std::set<std::string> kinds = {"pending-peer", "extra-peer"};
};

/// One check round of one kind after the grace period.
struct GraceResult {
    std::vector<pd::Region> counted;  ///< listed regions past the grace, in PD's order
    std::vector<int64_t> held_ms;     ///< per counted region: how long it has been listed
    size_t in_grace = 0;              ///< listed, not counted yet
    size_t with_operator = 0;         ///< listed, skipped: a PD operator runs on it
};

class RegionGrace {
public:
    explicit RegionGrace(RegionGraceOptions o = {}) : o_(std::move(o)) {}
    const RegionGraceOptions& options() const { return o_; }
    bool applies(std::string_view kind) const { return o_.kinds.count(std::string(kind)) != 0; }
    /// One round of `kind`: the regions PD lists now and the regions that
    /// have a running operator. A region missing from `listed` starts over.
    GraceResult observe(std::string_view kind, const std::vector<pd::Region>& listed,
                        const std::set<uint64_t>& operator_regions, int64_t now_ms);

private:
    struct Track {
        int64_t first_ms = 0;
        int rounds = 0;
        bool counted = false;
    };
    RegionGraceOptions o_;
    std::map<std::string, std::unordered_map<uint64_t, Track>, std::less<>> tracks_;
};

}  // namespace medic::model
