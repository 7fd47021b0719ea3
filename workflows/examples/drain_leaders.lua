-- workflows/examples/drain_leaders.lua: move the leaders of up to `limit`
-- regions off one store, each as a journaled step that moves the leader back
-- if a later step fails. Dry-run by default: `medic run drain_leaders.lua
-- --arg store=4` plans; add --execute to act (through the safety gate).
return runbook.define{
  name = "drain_leaders",
  description = "Transfer region leaders away from one store.",
  risk = "medium",
  deadline_s = 900,
  params = {
    store = { type = "integer", required = true, doc = "the store to take leaders from" },
    limit = { type = "integer", default = 10, doc = "at most this many regions" },
  },
  run = function(p)
    local store = cluster.store(p.store)
    safety.require(store ~= nil, "store " .. p.store .. " does not exist")
    safety.require(store.state == "up", "store " .. p.store .. " is " .. tostring(store.state))
    local led = cluster.regions{ leader_store = p.store, limit = p.limit }
    if #led == 0 then
      log.info("nothing to do", { store = p.store })
      return 0
    end
    safety.approve{ summary = "move " .. #led .. " leaders off store " .. p.store }
    local moved = 0
    for _, r in ipairs(led) do
      local target
      for _, peer in ipairs(r.peers) do
        if peer.store ~= p.store and peer.role == "voter" then target = peer.store break end
      end
      if target then
        runbook.step("region " .. r.id, function()
          actions.transfer_leader{ region = r.id, to_store = target }
        end, function()
          actions.transfer_leader{ region = r.id, to_store = p.store }
        end)
        moved = moved + 1
      else
        log.warn("no other voter to lead", { region = r.id })
      end
    end
    log.info("leaders moved", { store = p.store, count = moved })
    return moved
  end,
}
