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

}  // namespace medic::pd::detail
