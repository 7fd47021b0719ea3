-- hot_region_test.lua: hot_region on pdsim's hot-region scenario.

return {
  { name = "moves the hot leader to a cooler store and splits it", run = function()
    test.scenario{ name = "hot-region", stores = 5, regions = 100 }
    test.advance(120)  -- let heartbeats report the flow
    local hot = cluster.hot_regions{ kind = "write", limit = 1 }[1]
    test.expect(hot ~= nil, "pdsim reports a write hot spot")
    local before = 0
    for _, h in ipairs(cluster.hot_regions{ kind = "write", limit = 1000 }) do
      if h.store == hot.store then before = before + h.flow_bytes end
    end
    local r = test.run("hot_region", { region = hot.region })
    test.expect(r.status == "ok", "runbook ok: " .. r.error)
    local moved, split = false, false
    for _, a in ipairs(r.actions) do
      if a.name == "transfer_leader" and a.outcome == "succeeded" then moved = true end
      if a.name == "split_region" and a.outcome == "succeeded" then split = true end
    end
    test.expect(moved, "leader moved")
    test.expect(split, "region split")
    local flow = 0
    for _, h in ipairs(cluster.hot_regions{ kind = "write", limit = 1000 }) do
      if h.store == hot.store then flow = flow + h.flow_bytes end
    end
    test.expect(flow < before, "the hot store carries less write flow: " .. before .. " -> " .. flow)
  end },

  { name = "refuses a region that is not hot", run = function()
    test.scenario{ name = "balanced", stores = 5, regions = 100 }
    test.advance(60)
    local r = test.run("hot_region", { region = 999999 })
    test.expect(r.code == "E_SAFETY_REQUIRE", "refused: " .. r.code .. " " .. r.error)
    test.expect(#r.actions == 0, "nothing done")
  end },
}
