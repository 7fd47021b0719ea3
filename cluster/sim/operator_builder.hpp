// Operator builder: turns "this region should end with these peers and this
// leader" into PD's step sequence (add learners, transfer leader, joint
// consensus enter/leave, promote, remove) and PD's brief text. Like PD's
// operator.Builder it keeps the first error and builds nothing then.
#pragma once
#include <string>
#include <vector>

#include "sim/operator.hpp"
#include "sim/sim.hpp"

namespace pdsim {

struct PeerChange {
  std::vector<uint64_t> add;           // store ids gaining a voter
  std::vector<uint64_t> add_learners;  // store ids gaining a learner
  std::vector<uint64_t> remove;        // store ids losing their peer
  uint64_t target_leader = 0;          // store id that must end as leader (0 = any)
};

struct BuiltOperator {
  std::vector<Step> steps;
  std::string brief;
  uint32_t kind = 0;  // kOpRegion and/or kOpLeader
  std::string err;
};

BuiltOperator build_change(Sim& sim, const Region& r, const PeerChange& ch);
/// Formats store ids like PD's peer maps in briefs: "[4]", "[1 4]".
std::string store_list(std::vector<uint64_t> ids);
/// Creates an operator for region slot from a build (desc, extra kind bits).
Operator make_operator(const Sim& sim, const Region& r, const std::string& desc, uint32_t kind, BuiltOperator b);

}  // namespace pdsim
