-- workflows/examples/wait_for_store.lua: wait (suspended, no thread held)
-- until a store reports Up again, checking every 10 s for at most 10 min.
return runbook.define{
  name = "wait_for_store",
  description = "Wait until a store is up again.",
  risk = "low",
  deadline_s = 900,
  params = { store = { type = "integer", required = true, doc = "the store to wait for" } },
  run = function(p)
    local ok, err = pcall(runbook.wait_until, function()
      local s = cluster.store(p.store)
      return s ~= nil and s.state == "up"
    end, { timeout_s = 600, interval_s = 10 })
    if not ok then
      if err.code == runbook.E.WAIT_TIMEOUT then
        log.error("store did not come back", { store = p.store })
      end
      error(err, 0)
    end
    log.info("store is up", { store = p.store, after_s = runbook.elapsed() })
  end,
}
