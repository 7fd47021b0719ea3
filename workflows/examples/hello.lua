-- workflows/examples/hello.lua: the smallest useful runbook: list the stores
-- and say which are not Up. Read-only; safe in any mode.
return runbook.define{
  name = "hello",
  description = "List the stores and warn about any that are not up.",
  risk = "low",
  deadline_s = 60,
  run = function(p)
    local stores = cluster.stores()
    log.info("stores", { count = #stores })
    for _, s in ipairs(stores) do
      if s.state ~= "up" then
        log.warn("store is not up", { store = s.id, state = s.state })
      end
    end
    return #stores
  end,
}
