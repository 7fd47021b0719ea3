// engine/model/region_grace.cpp: RegionGrace (see region_grace.hpp).
#include "model/region_grace.hpp"

namespace medic::model {

GraceResult RegionGrace::observe(std::string_view kind, const std::vector<pd::Region>& listed,
                                 const std::set<uint64_t>& operator_regions, int64_t now_ms) {
    GraceResult out;
    auto it = tracks_.find(kind);
    if (it == tracks_.end()) it = tracks_.emplace(std::string(kind), std::unordered_map<uint64_t, Track>{}).first;
    auto& old = it->second;
    std::unordered_map<uint64_t, Track> next;  // only what is listed now survives: "consecutive"
    next.reserve(listed.size());
    for (const auto& r : listed) {
        Track t;
        if (auto o = old.find(r.id); o != old.end()) t = o->second;
        if (!t.counted && o_.skip_operators && operator_regions.count(r.id)) {
            ++out.with_operator;  // PD is on it: its time restarts once the operator is gone
            continue;
        }
        if (t.rounds == 0) t.first_ms = now_ms;
        ++t.rounds;
        int64_t held = now_ms - t.first_ms;
        if (!t.counted && t.rounds >= o_.checks && held >= o_.ms) t.counted = true;
        if (t.counted) {
            out.counted.push_back(r);
            out.held_ms.push_back(held);
        } else {
            ++out.in_grace;
        }
        next[r.id] = t;
    }
    old = std::move(next);
    return out;
}

}  // namespace medic::model
