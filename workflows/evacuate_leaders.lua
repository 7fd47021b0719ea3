-- evacuate_leaders.lua: move every leader off a store before a restart or
-- maintenance, and keep them off (PD's evict-leader scheduler) until
-- restore_leaders runs.
--
-- Pre-checks: the store is Up, and enough other Up stores exist to take its
-- leaders. If the leaders do not leave within the timeout the step's undo
-- removes the evict-leader scheduler again, so a failed evacuation never
-- leaves a store silently fenced off from leadership.

return runbook.define{
  name = "evacuate_leaders",
  description = "Move all leaders off a store (before a restart or maintenance) and keep them off.",
  risk = "medium",
  deadline_s = 1800,
  params = {
    store = { type = "integer", required = true, doc = "the store to evacuate" },
    timeout_s = { type = "number", default = 600, doc = "how long the leaders may take to leave" },
  },
  run = function(p)
    local s = cluster.store(p.store)
    safety.require(s ~= nil, "store " .. p.store .. " does not exist")
    safety.require(s.state == "up", "store " .. p.store .. " is " .. s.state .. ", not up: its leaders are already gone or moving")
    local others = 0
    for _, o in ipairs(cluster.stores()) do
      if o.id ~= p.store and o.state == "up" then others = others + 1 end
    end
    safety.require(others >= 2, "only " .. others .. " other Up store(s): evacuating store " .. p.store ..
      " would concentrate every leader on them")
    log.info("evacuating leaders", { store = p.store, leaders = s.leader_count, other_up_stores = others })

    runbook.step("evict leaders", function()
      return actions.evict_leader{ store = p.store }
    end, function()
      actions.remove_evict_leader{ store = p.store }
    end)
    runbook.wait_until(function()
      local now = cluster.store(p.store)
      return now ~= nil and now.leader_count == 0
    end, { timeout_s = p.timeout_s, interval_s = 5,
           description = "store " .. p.store .. " has no leaders" })

    if safety.dry_run() then return { store = p.store, planned = true } end
    runbook.step("verify", function()
      local now = cluster.store(p.store)
      safety.require(now ~= nil and now.leader_count == 0, "store " .. p.store .. " still leads regions")
      local led = cluster.regions{ leader_store = p.store, limit = 1 }
      safety.require(#led == 0, "region " .. (led[1] and led[1].id or 0) .. " is still led by store " .. p.store)
    end)
    log.info("store evacuated; run restore_leaders after the maintenance", { store = p.store })
    return { store = p.store, leaders = 0 }
  end,
}
