// PD operators as pdsim runs them: an Operator is a list of steps applied to
// one region (pkg/schedule/operator in PD), with PD's descriptions, kinds,
// string format, statuses and timeouts. Execution lives in sim_operators.cpp.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace pdsim {

// OpKind bits as in PD master / v8.5.5.
enum OpKind : uint32_t {
  kOpAdmin = 1, kOpAffinity = 2, kOpMerge = 4, kOpRange = 8, kOpReplica = 16, kOpSplit = 32,
  kOpHotRegion = 64, kOpRegion = 128, kOpLeader = 256,
};
std::string op_kind_string(uint32_t kind);

// OpStatus values of PD's operator package.
enum OpStatus : int { kCreated = 0, kStarted = 1, kSuccess = 2, kCanceled = 3, kReplaced = 4, kExpired = 5, kTimeout = 6 };

enum class StepKind { TransferLeader, AddLearner, PromoteLearner, RemovePeer, EnterJoint, LeaveJoint, Merge, Split };

struct Step {
  StepKind kind;
  uint64_t from = 0, to = 0;  // store ids (leader transfer), or the store of a peer step
  uint64_t peer_id = 0;
  std::vector<std::pair<uint64_t, uint64_t>> promote, demote;  // (peer id, store id) for joint steps
  uint64_t merge_from = 0, merge_to = 0;
  bool passive = false;
  std::string policy;                 // split: SCAN / APPROXIMATE / USEKEY
  std::vector<std::string> split_keys;  // raw keys
  std::string text() const;
  bool slow() const { return kind == StepKind::AddLearner || kind == StepKind::Merge; }
};

struct Operator {
  uint64_t region_id = 0;
  std::string desc, brief;
  uint32_t kind = 0;
  std::vector<Step> steps;
  size_t current = 0;
  uint32_t conf_ver = 0, version = 0;  // epoch at creation
  uint32_t size_mib = 0;
  int64_t create_ns = 0, start_ns = 0, finish_ns = 0;
  int64_t step_start_ns = 0;
  bool step_begun = false;
  int64_t step_done_ns = 0;  // when the current step completes (if its stores cooperate)
  int64_t timeout_ns = 0;
  int status = kCreated;
  uint64_t related_region = 0;  // merge: the other region's operator

  /// Operator.String() of PD; mono_base_ns turns times into "m=+..." values.
  std::string str(int64_t mono_base_ns) const;
  int64_t compute_timeout() const;
};

}  // namespace pdsim
