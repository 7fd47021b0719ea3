// engine/actions/kind.hpp: the behaviour behind each ActionSpec (spec.hpp):
// which facts it needs, how it validates and plans against them (the PD
// request, the one-line expected change, its influence and locks), and the
// post-condition that proves it happened. One KindImpl per spec name,
// registered in kinds_*.cpp. Pure functions over Facts: no I/O here, so
// every rule is unit-testable with hand-built facts.
#pragma once

#include "actions/facts.hpp"
#include "actions/params.hpp"
#include "safety/checks.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace medic::actions {

/// One PD request. `path` is relative to /pd/api/v1.
struct PdCall {
    std::string method;  ///< "POST" | "DELETE"
    std::string path;
    std::string body;    ///< JSON ("" for none)
    std::string text() const { return method + " " + path + (body.empty() ? "" : " " + body); }
};

struct Plan {
    std::string error_code;  ///< "" = valid; else "region_not_found", "store_not_up", ...
    std::string error;       ///< one line, subject first
    bool satisfied = false;  ///< already done: skipped, not an error
    std::string description; ///< "transfer leader of region 12 from store 1 to store 4; store 4 leaders 310 -> 311"
    std::vector<PdCall> calls;
    std::string facts_json;  ///< the facts it was built on (bound into the approval hash)
    safety::Influence influence;
    std::vector<uint64_t> lock_regions, lock_stores;
    std::vector<std::string> lock_keys;  ///< other shared targets ("config:<item>")
    double timeout_s = 30;                  ///< for the post-condition
    std::optional<uint64_t> operator_region;  ///< PD operator started on this region (kill switch cancels it)
    std::map<std::string, int64_t> baseline;  ///< numbers verify compares against (epoch version, ...)

    bool valid() const { return error_code.empty(); }
};

enum class CheckState { Done, Pending, Failed };

struct Check {
    CheckState state = CheckState::Pending;
    std::string detail;  ///< what was observed
};

struct KindImpl {
    std::string_view name;
    /// Facts to fetch for planning (for_verify = false) or verifying (true).
    FactNeeds (*needs)(const ParamMap& p, bool for_verify);
    Plan (*plan)(const ParamMap& p, const Facts& f);
    Check (*verify)(const ParamMap& p, const Plan& planned, const Facts& observed);
};

/// The behaviour for `name`, or nullptr (wait, log and notify have none:
/// the service runs them itself). Kinds whose spec effect is not PdWrite
/// (approval) are planned without reading PD and never send a request.
const KindImpl* find_kind(std::string_view name);

// Registration tables, one per kinds_*.cpp.
std::vector<KindImpl> region_kinds();
std::vector<KindImpl> store_kinds();
std::vector<KindImpl> config_kinds();
std::vector<KindImpl> gate_kinds();  ///< approval (kinds_gate.cpp): no PD, no facts

// Helpers shared by the kinds_*.cpp files.
Plan invalid(std::string code, std::string message);
std::string store_state_text(const pd::Store& s);
/// The canonical facts of a region: id, epoch, leader store, peer stores by role.
std::string region_facts_json(const pd::Region& r);
std::string store_facts_json(const pd::Store& s);
/// The operator running on a region blocks any new one.
bool region_busy(const Facts& f, uint64_t region, Plan& out);

}  // namespace medic::actions
