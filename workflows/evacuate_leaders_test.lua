-- evacuate_leaders_test.lua: evacuate_leaders and restore_leaders together,
-- as a restart would use them.

return {
  { name = "evacuates every leader and restore brings them back", run = function()
    test.scenario{ name = "balanced", stores = 5, regions = 100 }
    local r = test.run("evacuate_leaders", { store = 2 })
    test.expect(r.status == "ok", "evacuate ok: " .. r.error)
    test.expect(cluster.store(2).leader_count == 0, "store 2 leads nothing")
    test.expect(#cluster.regions{ leader_store = 2, limit = 1 } == 0, "no region led by store 2")
    test.advance(120)
    test.expect(cluster.store(2).leader_count == 0, "the scheduler keeps leaders off during maintenance")
    local back = test.run("restore_leaders", { store = 2, timeout_s = 1800 })
    test.expect(back.status == "ok", "restore ok: " .. back.error)
    test.expect(cluster.store(2).leader_count >= 1, "leaders returned")
  end },

  { name = "a failed evacuation removes the evict-leader scheduler", run = function()
    test.scenario{ name = "balanced", stores = 5, regions = 100 }
    -- a deadline far too short: the wait fails and the step's undo runs
    local r = test.run("evacuate_leaders", { store = 2, timeout_s = 1 })
    test.expect(r.status == "error", "the run fails: " .. r.status)
    test.expect(r.code == "E_WAIT_TIMEOUT", "the wait timed out, got " .. r.code .. " " .. r.error)
    local undone = false
    for _, a in ipairs(r.actions) do
      if a.name == "remove_evict_leader" and a.outcome == "succeeded" then undone = true end
    end
    test.expect(undone, "remove_evict_leader ran as compensation")
    test.advance(600)
    test.expect(cluster.store(2).leader_count > 0, "leaders may return to store 2")
  end },

  { name = "refuses a store that is not up", run = function()
    test.scenario{ name = "store-down", stores = 5, regions = 100 }
    test.advance(60)
    local r = test.run("evacuate_leaders", { store = 5 })
    test.expect(r.code == "E_SAFETY_REQUIRE", "refused: " .. r.code .. " " .. r.error)
    test.expect(#r.actions == 0, "nothing done")
  end },
}
