-- leader_rebalance.lua: move leaders from the hottest (most leaders) to the
-- coolest Up stores, within a move budget, while PD's own balance-leader
-- scheduler is paused so the two do not fight. The scheduler is resumed at
-- the end, and by the pause step's undo if anything fails, so it is never
-- left paused by this runbook.
--
-- The moves are planned up front from one snapshot (greedy: the next move
-- always goes from the store with the most leaders to the one with the
-- fewest that holds a voter of the region, until the spread max - min is
-- within `tolerance` of the mean), capped by `max_moves` in total
-- and `max_per_store` off any one store (blast radius); the engine's gate
-- adds its rate limits. A planned move whose region PD is already changing
-- (cluster.has_operator) or whose leader already left is skipped.
-- Verification: the spread (max - min leaders over Up stores) is smaller
-- than before.

local kScheduler = "balance-leader-scheduler"

local function spread(counts)
  local lo, hi
  for _, c in pairs(counts) do
    lo = (lo == nil or c < lo) and c or lo
    hi = (hi == nil or c > hi) and c or hi
  end
  return (hi or 0) - (lo or 0)
end

local function plan_moves(p, stores)
  local counts, total = {}, 0
  for _, s in ipairs(stores) do counts[s.id] = s.leader_count; total = total + s.leader_count end
  local allowed = math.max(2, total / #stores * p.tolerance)
  local moves, off, used = {}, {}, {}
  local candidates = {}
  while #moves < p.max_moves do
    local hot
    for id, c in pairs(counts) do
      if hot == nil or c > counts[hot] or (c == counts[hot] and id < hot) then hot = id end
    end
    if spread(counts) <= allowed or (off[hot] or 0) >= p.max_per_store then break end
    candidates[hot] = candidates[hot] or cluster.regions{ leader_store = hot, limit = 2000 }
    local pick, to
    for _, r in ipairs(candidates[hot]) do
      if not used[r.id] then
        for _, peer in ipairs(r.peers) do
          local c = counts[peer.store]
          if peer.store ~= hot and peer.role == "voter" and c ~= nil and counts[hot] - c >= 2 and
             (to == nil or c < counts[to]) then
            pick, to = r, peer.store
          end
        end
        if pick then break end
      end
    end
    if pick == nil then break end
    used[pick.id] = true
    counts[hot], counts[to] = counts[hot] - 1, counts[to] + 1
    off[hot] = (off[hot] or 0) + 1
    moves[#moves + 1] = { region = pick.id, from = hot, to = to }
  end
  return moves, counts
end

return runbook.define{
  name = "leader_rebalance",
  description = "Spread leaders evenly across Up stores within a move budget, with PD's balance-leader scheduler paused meanwhile.",
  risk = "medium",
  deadline_s = 1800,
  params = {
    max_moves = { type = "integer", default = 50, doc = "at most this many leader transfers in one run" },
    max_per_store = { type = "integer", default = 30, doc = "at most this many leaders moved off one store" },
    tolerance = { type = "number", default = 0.35, doc = "stop when max - min leaders is within this share of the mean (PD's balance-leader settles at about 30%)" },
  },
  run = function(p)
    local stores = cluster.stores{ state = "up", troubled = false }
    safety.require(#stores >= 2, "fewer than 2 Up stores: nothing to balance between")
    safety.require(p.max_moves >= 1, "max_moves must be at least 1")
    local before = {}
    for _, s in ipairs(stores) do before[s.id] = s.leader_count end
    local moves, planned = plan_moves(p, stores)
    if #moves == 0 then
      log.info("leaders already balanced", { spread = spread(before) })
      return { moves = 0, spread = spread(before) }
    end
    log.info("planned leader moves", { moves = #moves, spread_before = spread(before), spread_planned = spread(planned) })

    runbook.step("pause balance-leader", function()
      return actions.pause_scheduler{ scheduler = kScheduler, delay_s = 1800 }
    end, function()
      actions.resume_scheduler{ scheduler = kScheduler }
    end)
    local moved, skipped = 0, 0
    for i, m in ipairs(moves) do
      -- The plan is one snapshot old by now: PD may have moved the leader
      -- itself, or be changing the region (PD refuses a second operator).
      local r = cluster.region(m.region)
      if r == nil or r.leader_store ~= m.from then
        skipped = skipped + 1
        log.info("leader no longer on the planned store; skipping", { region = m.region, from = m.from })
      elseif cluster.has_operator(m.region) then
        skipped = skipped + 1
        log.info("PD is already changing the region; skipping", { region = m.region })
      else
        runbook.step(string.format("move %d/%d: region %d %d->%d", i, #moves, m.region, m.from, m.to), function()
          -- PD may still start an operator on the region (or move its peers)
          -- between the check and the request; the engine then refuses.
          local ok, res = pcall(actions.transfer_leader, { region = m.region, to_store = m.to })
          if ok then
            moved = moved + 1
            return res
          end
          if not actions.is_stale(res) then error(res, 0) end
          skipped = skipped + 1
          log.info("the region changed since the plan; skipping", { region = m.region })
        end, function()
          local now = cluster.region(m.region)
          if now ~= nil and now.leader_store == m.to then
            actions.transfer_leader{ region = m.region, to_store = m.from }
          end
        end)
      end
    end

    local after = {}
    if moved > 0 then
      -- PD's leader counts come with store heartbeats; wait for them to show the moves.
      runbook.wait_until(function()
        after = {}
        for _, s in ipairs(cluster.stores{ state = "up", troubled = false }) do after[s.id] = s.leader_count end
        return spread(after) < spread(before)
      end, { timeout_s = 120, interval_s = 5,
             description = "the leader spread (max - min over Up stores) is below " .. spread(before) })
    end
    runbook.step("resume balance-leader", function()
      return actions.resume_scheduler{ scheduler = kScheduler }
    end)
    if safety.dry_run() then return { moves = moved, skipped = skipped, planned = true } end
    if moved == 0 then
      log.info("every planned move was taken care of by PD meanwhile", { skipped = skipped })
      return { moves = 0, skipped = skipped, spread = spread(before) }
    end
    log.info("leaders rebalanced", { moves = moved, skipped = skipped, spread_before = spread(before), spread_after = spread(after) })
    return { moves = moved, skipped = skipped, spread_before = spread(before), spread_after = spread(after) }
  end,
}
