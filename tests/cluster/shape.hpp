// JSON shape comparison for pdsim conformance tests: an example body from
// shared/pd-api/examples defines, per path, which keys may appear, in which
// order, with which JSON types, and which keys are always present. Values
// are never compared (the examples' values are invented).
#pragma once
#include <string>

namespace pdsim_test {

/// "" when `actual` has the shape of `example`, else a description of the
/// first difference. Objects whose keys are all numeric (store-id maps) are
/// compared as maps. `optional_keys` lists keys that PD omits when empty.
std::string shape_diff(const std::string& example, const std::string& actual);

/// Reads a file from shared/pd-api/examples.
std::string example(const std::string& name);

}  // namespace pdsim_test
