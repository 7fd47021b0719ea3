// Operator text and timeouts, following PD's pkg/schedule/operator:
// Operator.String(), OpStep.String() texts, OpKind names and step timeouts
// (fast steps 1m, slow steps 10m, or 0.6 s / 6 s per MiB when larger;
// joint-consensus steps count once per change).
#include "sim/operator.hpp"

#include <algorithm>

#include "sim/format.hpp"

namespace pdsim {

namespace {
constexpr int64_t kSec = 1000000000LL;

std::string peers_text(const std::vector<std::pair<uint64_t, uint64_t>>& v, const char* what) {
  std::string s;
  for (auto& [peer, store] : v)
    s += std::string(", ") + what + " peer " + std::to_string(peer) + " on store " + std::to_string(store) +
         (std::string(what) == "promote learner" ? " to voter" : " to learner");
  return s;
}
}  // namespace

std::string op_kind_string(uint32_t kind) {
  static const std::pair<uint32_t, const char*> names[] = {
      {kOpAdmin, "admin"},   {kOpAffinity, "affinity"},     {kOpMerge, "merge"},   {kOpRange, "range"},
      {kOpReplica, "replica"}, {kOpSplit, "split"},        {kOpHotRegion, "hot-region"}, {kOpRegion, "region"},
      {kOpLeader, "leader"}};
  std::string s;
  for (auto& [bit, name] : names)
    if (kind & bit) s += (s.empty() ? "" : ",") + std::string(name);
  return s.empty() ? "unknown" : s;
}

std::string Step::text() const {
  switch (kind) {
    case StepKind::TransferLeader:
      return "transfer leader from store " + std::to_string(from) + " to store " + std::to_string(to);
    case StepKind::AddLearner:
      return "add learner peer " + std::to_string(peer_id) + " on store " + std::to_string(to);
    case StepKind::PromoteLearner:
      return "promote learner peer " + std::to_string(peer_id) + " on store " + std::to_string(to) + " to voter";
    case StepKind::RemovePeer:
      return "remove peer on store " + std::to_string(from);
    case StepKind::EnterJoint:
      return "use joint consensus" + peers_text(promote, "promote learner") + peers_text(demote, "demote voter");
    case StepKind::LeaveJoint:
      return "leave joint state" + peers_text(promote, "promote learner") + peers_text(demote, "demote voter");
    case StepKind::Merge:
      return passive ? "merge region " + std::to_string(merge_from) + " into region " + std::to_string(merge_to) +
                           " (passive)"
                     : "merge region " + std::to_string(merge_from) + " into region " + std::to_string(merge_to);
    case StepKind::Split:
      return "split region with policy " + policy;
  }
  return "";
}

int64_t Operator::compute_timeout() const {
  int64_t fast = std::max<int64_t>(60 * kSec, int64_t(0.6 * double(size_mib)) * kSec);
  int64_t slow = std::max<int64_t>(600 * kSec, int64_t(6.0 * double(size_mib)) * kSec);
  int64_t total = 0;
  for (const Step& s : steps) {
    if (s.slow()) total += slow;
    else if (s.kind == StepKind::EnterJoint || s.kind == StepKind::LeaveJoint)
      total += fast * int64_t(std::max<size_t>(1, s.promote.size() + s.demote.size()));
    else total += fast;
  }
  return total;
}

std::string Operator::str(int64_t mono_base_ns) const {
  auto t = [&](int64_t ns) {
    return ns == 0 ? std::string("0001-01-01 00:00:00 +0000 UTC")
                   : go_time_string(ns, double(ns - mono_base_ns) / 1e9);
  };
  std::string steps_s;
  for (size_t i = 0; i < steps.size(); ++i)
    steps_s += (i ? ", " : "") + std::to_string(i) + ":{" + steps[i].text() + "}";
  std::string s = desc + " {" + brief + "} (kind:" + op_kind_string(kind) + ", region:" + std::to_string(region_id) +
                  "(" + std::to_string(version) + ", " + std::to_string(conf_ver) + "), createAt:" + t(create_ns) +
                  ", startAt:" + t(start_ns) + ", currentStep:" + std::to_string(current) +
                  ", size:" + std::to_string(size_mib) + ", steps:[" + steps_s + "], timeout:[" +
                  go_duration(timeout_ns) + "])";
  if (status == kSuccess) s += " finished";
  if (status == kTimeout) s += " timeout";
  return s;
}

}  // namespace pdsim
