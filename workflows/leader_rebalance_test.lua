-- leader_rebalance_test.lua: leader_rebalance on the leader-imbalance scenario.

local function spread()
  local lo, hi
  for _, s in ipairs(cluster.stores()) do
    if s.state == "up" then
      lo = (lo == nil or s.leader_count < lo) and s.leader_count or lo
      hi = (hi == nil or s.leader_count > hi) and s.leader_count or hi
    end
  end
  return hi - lo
end

return {
  { name = "narrows the leader spread and resumes balance-leader", run = function()
    -- The scenario piles leaders on stores 1 and 2; PD's own balance-leader
    -- evens them out within ~20 s, so run while the imbalance shows (5 s).
    test.scenario{ name = "leader-imbalance", stores = 4, regions = 80 }
    test.advance(5)
    local before = spread()
    test.expect(before >= 10, "the scenario is imbalanced, spread " .. before)
    local r = test.run("leader_rebalance", { max_moves = 20, max_per_store = 20 })
    test.expect(r.status == "ok", "runbook ok: " .. r.error)
    test.expect(spread() < before, "spread " .. before .. " -> " .. spread())
    local paused, resumed, moves = false, false, 0
    for _, a in ipairs(r.actions) do
      if a.name == "pause_scheduler" then paused = true end
      if a.name == "resume_scheduler" and a.outcome == "succeeded" then resumed = true end
      if a.name == "transfer_leader" then moves = moves + 1 end
    end
    test.expect(paused and resumed, "balance-leader paused and resumed")
    test.expect(moves <= 20, "within the move budget")
  end },

  { name = "resumes balance-leader when cancelled while moving", run = function()
    test.scenario{ name = "leader-imbalance", stores = 4, regions = 80 }
    test.advance(5)
    -- cancel while moving: compensation must resume the scheduler
    local r = test.run("leader_rebalance", { max_moves = 20 }, { cancel_after_s = 2 })
    test.expect(r.status == "cancelled", "cancelled: " .. r.status .. " " .. r.error)
    local resumed, moved = false, 0
    for _, a in ipairs(r.actions) do
      if a.name == "resume_scheduler" and a.outcome == "succeeded" then resumed = true end
      if a.name == "transfer_leader" and a.outcome == "succeeded" then moved = moved + 1 end
    end
    test.expect(moved >= 1, "cancelled while moving (after " .. moved .. " moves)")
    test.expect(resumed, "resume_scheduler ran as compensation")
  end },

  { name = "does nothing on a balanced cluster", run = function()
    -- "balanced" places regions evenly; PD's balance-leader evens out the
    -- leaders within a few minutes.
    test.scenario{ name = "balanced", stores = 4, regions = 80 }
    test.advance(300)
    local r = test.run("leader_rebalance", {})
    test.expect(r.status == "ok", r.error)
    test.expect(#r.actions == 0, "no action on a balanced cluster")
  end },
}
