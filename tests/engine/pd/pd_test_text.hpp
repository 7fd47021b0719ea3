// tests/engine/pd/pd_test_text.hpp: what the PD parser tests share: reading
// an example body from fixtures/, and a region as one line of text with
// every parsed field (equal lines = equal parses, for differential tests).
#pragma once

#include <string>

#include "pd/types.hpp"

namespace medic::test {

/// The bytes of fixtures/<name>; throws std::runtime_error when unreadable.
std::string pd_fixture(const std::string& name);

/// One line per region with every field a parser fills, '\n'-terminated.
std::string describe_region(const pd::Region& r);

}  // namespace medic::test
