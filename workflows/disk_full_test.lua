-- disk_full_test.lua: disk_full moves regions off the nearly full store.

return {
  { name = "moves regions off a nearly full store", run = function()
    test.scenario{ name = "disk-full", stores = 5, regions = 100 }
    test.advance(20)
    local r = test.run("disk_full", { store = 1, max_regions = 5 })
    test.expect(r.status == "ok", "runbook ok: " .. r.error)
    local moved = 0
    for _, a in ipairs(r.actions) do
      if a.name == "transfer_peer" and a.outcome == "succeeded" then moved = moved + 1 end
    end
    test.expect(moved > 0 and moved <= 5, "moved within the budget: " .. moved)
  end },

  { name = "refuses a store that is not full", run = function()
    test.scenario{ name = "balanced", stores = 5, regions = 100 }
    test.advance(20)
    local r = test.run("disk_full", { store = 2 })
    test.expect(r.code == "E_SAFETY_REQUIRE", "refused: " .. r.code .. " " .. r.error)
    test.expect(string.find(r.error, "below the", 1, true), r.error)
    test.expect(#r.actions == 0, "nothing done")
  end },
}
