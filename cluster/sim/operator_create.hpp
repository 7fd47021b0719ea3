// POST /pd/api/v1/operators: PD's HandleOperatorCreation. Input values are
// read the way Go's map[string]interface{} sees them (numbers as float64,
// a wrong type is a "missing ..." 400). Caller holds sim.mu exclusively.
#pragma once
#include <string>

#include <simdjson.h>

#include "sim/sim.hpp"

namespace pdsim {

struct CreateResult {
  int status = 200;
  std::string message = "The operator is created.";  // rendered as a JSON string
  std::string json_body;                              // when set, rendered as-is (indented)
};

CreateResult create_operator(Sim& sim, const simdjson::dom::element& input);

/// Merge operator pair (source active, target passive) with PD's checks.
CreateResult merge_regions(Sim& sim, uint64_t src, uint64_t dst, const std::string& desc, uint32_t kind);

/// Builds and adds a scatter operator for a region (admin scatter); returns
/// "" on success or PD's error text.
std::string scatter_region(Sim& sim, uint64_t region_id, const std::string& group);

}  // namespace pdsim
