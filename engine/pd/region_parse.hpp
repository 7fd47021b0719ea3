// engine/pd/region_parse.hpp: internal to engine/pd. The RegionInfo field
// parser shared by the whole-body parsers (pd_json_region.cpp) and the
// streaming /regions parser (region_stream.cpp).
#pragma once

#include <functional>

#include "pd/json_ctx.hpp"
#include "pd/types.hpp"

namespace medic::pd::detail {

/// Parse one RegionInfo object into `r` (cleared first, capacity kept).
/// r.id == 0 is PD's empty placeholder: no other field is required then.
bool parse_region_fields(JsonCtx& c, od::value& v, Region& r);

/// A whole RegionsInfo document: {"count":N,"regions":[...]}; each region
/// (id 0 skipped) goes to `sink` via `scratch`, `seen` counts them.
bool parse_regions_info(JsonCtx& c, od::document& doc, Region& scratch,
                        const std::function<void(const Region&)>& sink, uint64_t& seen);

// -- the strict fast path (region_fast.cpp). It accepts a subset of what
// the On Demand parser above accepts and yields the same Region for it;
// false means "not sure": hand the same bytes to the On Demand parser,
// which accepts them or reports the typed error. Reads never pass `end`.

/// One RegionInfo object at p (blanks before it allowed); on success p is
/// just after its closing brace. Regions with id 0 succeed (placeholders).
bool fast_parse_region(const char*& p, const char* end, Region& r);
/// A whole RegionsInfo body: each region with id != 0 goes to `sink`
/// (counted in `seen`) as it is parsed. On false, `seen` regions were
/// already delivered: the caller's fallback must not deliver them again.
bool fast_regions_body(std::string_view body, Region& scratch, const std::function<void(const Region&)>& sink,
                       uint64_t& seen);
/// Tests compare both parsers on the same bodies: off = On Demand only.
void set_fast_region_parser(bool on);
bool fast_region_parser();

}  // namespace medic::pd::detail
