// Store filters and target selection shared by PD's checkers and
// schedulers in pdsim: which stores may receive a peer or a leader, scored
// like PD (location-labels isolation first, then region score).
#pragma once
#include <optional>

#include "sim/sim.hpp"

namespace pdsim {

/// A store PD would place a new peer on (Up, heartbeating, not TiFlash,
/// not low on space, store limit tokens available).
bool can_receive_peer(const Sim& sim, const Store& s);
/// A store PD would move a leader to (Up, heartbeating, no evict-leader).
bool can_receive_leader(const Sim& sim, const Store& s);
/// Best store for a new peer of r that replaces the peer on `replacing`
/// (UINT32_MAX = none); nullopt when no store qualifies.
std::optional<uint32_t> pick_peer_target(const Sim& sim, const Region& r, uint32_t replacing);
/// Consumes one add-peer token on `to` and one remove-peer token on `from`
/// (UINT32_MAX = none); false when a limit is exhausted.
bool take_store_limit(Sim& sim, uint32_t to, uint32_t from);

}  // namespace pdsim
