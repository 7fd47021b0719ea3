-- store_down_test.lua: store_down waits for a store that comes back and
-- re-creates replicas of one that does not.

return {
  { name = "re-creates the replicas of a dead store within the budget", pending = "while the store is only Disconnected (max-store-down-time 30 min) PD's replica checker removes the extra replica it sees, and pdsim removes a healthy one, not the dead store's: the added replicas disappear and the regions never get 3 Up voters; the runbook should lower max-store-down-time so PD marks the store Down and replaces its replicas itself, which needs an engine action for it (none in engine/actions yet)", run = function()
    test.scenario{ name = "balanced", stores = 5, regions = 60 }
    test.chaos("store/5/kill")
    test.advance(60)
    local r = test.run("store_down", { store = 5, grace_s = 30, max_regions = 100 })
    test.expect(r.status == "ok", "runbook ok: " .. r.error)
    local added = 0
    for _, a in ipairs(r.actions) do
      if a.name == "add_peer" and a.outcome == "succeeded" then added = added + 1 end
    end
    test.expect(added > 0, "replicas were added")
    for _, reg in ipairs(cluster.regions{ store = 5, limit = 1000 }) do
      local healthy = 0
      for _, p in ipairs(reg.peers) do if p.store ~= 5 then healthy = healthy + 1 end end
      test.expect(healthy >= 3, "region " .. reg.id .. " has 3 replicas off the dead store")
    end
  end },

  { name = "waits for a store that comes back and changes nothing", run = function()
    test.scenario{ name = "balanced", stores = 5, regions = 60 }
    test.chaos("store/4/kill")
    test.advance(25)  -- disconnected, not yet down
    local s = cluster.store(4)
    test.expect(s.state == "disconnected", "store 4 disconnected, got " .. s.state)
    test.chaos("store/4/restart")
    local r = test.run("store_down", { store = 4, grace_s = 120 })
    test.expect(r.status == "ok", "runbook ok: " .. r.error)
    test.expect(#r.actions == 0, "no action taken")
  end },

  { name = "respects the blast-radius budget", run = function()
    test.scenario{ name = "balanced", stores = 5, regions = 60 }
    test.chaos("store/5/kill")
    test.advance(60)
    local r = test.run("store_down", { store = 5, grace_s = 30, max_regions = 3 })
    test.expect(r.status == "ok", "runbook ok: " .. r.error)
    test.expect(#r.actions <= 3, "at most 3 regions touched, got " .. #r.actions)
  end },
}
