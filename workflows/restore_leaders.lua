-- restore_leaders.lua: end a maintenance started by evacuate_leaders: remove
-- the evict-leader scheduler so PD's balance-leader scheduler can bring
-- leaders back, then watch that they do.
--
-- The scheduler is removed first and unconditionally (even when the store is
-- not yet Up): leaving it in place is the failure this runbook exists to
-- prevent. Leaders only return to an Up store, so the verification waits for
-- the store to be Up and to lead at least `min_leaders` regions; if that does
-- not happen in time the run fails with the reason (the scheduler stays removed).

return runbook.define{
  name = "restore_leaders",
  description = "Let leaders return to a store after evacuate_leaders (removes the evict-leader scheduler).",
  risk = "low",
  deadline_s = 1800,
  params = {
    store = { type = "integer", required = true, doc = "the store leaders may return to" },
    timeout_s = { type = "number", default = 900, doc = "how long to wait for leaders to come back" },
    min_leaders = { type = "integer", default = 1, doc = "leaders the store must lead again to count as restored" },
  },
  run = function(p)
    local s = cluster.store(p.store)
    safety.require(s ~= nil, "store " .. p.store .. " does not exist")
    safety.require(s.state ~= "offline" and s.state ~= "tombstone",
      "store " .. p.store .. " is " .. s.state .. ": it is being removed, leaders must not return")

    runbook.step("remove evict-leader scheduler", function()
      return actions.remove_evict_leader{ store = p.store }
    end)

    runbook.wait_until(function()
      local now = cluster.store(p.store)
      return now ~= nil and now.state == "up" and now.leader_count >= p.min_leaders
    end, { timeout_s = p.timeout_s, interval_s = 10,
           description = "store " .. p.store .. " is up and leads " .. p.min_leaders .. " region(s)" })

    if safety.dry_run() then return { store = p.store, planned = true } end
    local now = cluster.store(p.store)
    log.info("leaders returned", { store = p.store, leaders = now.leader_count })
    return { store = p.store, leaders = now.leader_count }
  end,
}
