-- drain_store_test.lua: drain_store against pdsim on the simulated clock.

local function find(list, pred)
  for _, x in ipairs(list) do if pred(x) then return x end end
  return nil
end

local function action_names(r)
  local out = {}
  for _, a in ipairs(r.actions) do out[#out + 1] = a.name .. ":" .. a.outcome end
  return table.concat(out, ",")
end

return {
  { name = "refuses to drain when too few Up stores would remain", run = function()
    test.scenario{ name = "balanced", stores = 3, regions = 60 }
    local r = test.run("drain_store", { store = 3 })
    test.expect(r.status == "error", "the run must fail, got " .. r.status)
    test.expect(r.code == "E_SAFETY_REQUIRE", "a pre-check refusal, got " .. r.code .. " " .. r.error)
    test.expect(string.find(r.error, "would leave 2 Up stores", 1, true), "the reason names the numbers: " .. r.error)
    test.expect(#r.actions == 0, "nothing was done: " .. action_names(r))
  end },

  { name = "refuses a second drain while one is running", run = function()
    test.scenario{ name = "offline-stuck", stores = 5, regions = 100 }
    local r = test.run("drain_store", { store = 1 })
    test.expect(r.code == "E_SAFETY_REQUIRE", "refused, got " .. r.code .. " " .. r.error)
    test.expect(string.find(r.error, "already being drained", 1, true), r.error)
    test.expect(#r.actions == 0, "nothing was done")
  end },

  { name = "dry run plans every step and writes nothing to PD", run = function()
    test.scenario{ name = "balanced", stores = 5, regions = 100 }
    local before = test.pd_writes()
    local r = test.run("drain_store", { store = 5 }, { mode = "dry_run" })
    test.expect(r.status == "ok", "dry run ok: " .. r.error)
    test.expect(test.pd_writes() == before, "no PD writes in a dry run")
    test.expect(find(r.actions, function(a) return a.name == "evict_leader" and a.outcome == "planned" end), "evict planned: " .. action_names(r))
    test.expect(find(r.actions, function(a) return a.name == "drain_store" and a.outcome == "planned" end), "drain planned: " .. action_names(r))
    test.expect(cluster.store(5).state == "up", "store 5 untouched")
  end },

  { name = "drains a store until it is tombstone", run = function()
    test.scenario{ name = "balanced", stores = 5, regions = 100 }
    local r = test.run("drain_store", { store = 5, timeout_s = 3000 })
    test.expect(r.status == "ok", "drain ok: " .. r.error .. " [" .. action_names(r) .. "]")
    local s = cluster.store(5)
    test.expect(s == nil or s.state == "tombstone", "store 5 is tombstone")
    test.expect(#cluster.regions{ store = 5, limit = 1 } == 0, "no replica left on store 5")
    for _, other in ipairs(cluster.stores()) do
      if other.id ~= 5 then test.expect(other.state == "up", "store " .. other.id .. " still up") end
    end
    test.expect(find(r.actions, function(a) return a.name == "drain_store" and a.outcome == "succeeded" end), "drain executed")
    local audit = test.audit{ event = "pd_request" }
    test.expect(#audit.rows >= 2, "PD requests are audited (" .. #audit.rows .. ")")
    test.expect(audit.chain_ok, "audit hash chain verifies")
  end },

  { name = "cancel restores the store", run = function()
    test.scenario{ name = "balanced", stores = 5, regions = 100 }
    local r = test.run("drain_store", { store = 5, timeout_s = 3000 }, { cancel_after_s = 30 })
    test.expect(r.status == "cancelled", "cancelled, got " .. r.status .. " " .. r.error)
    test.expect(find(r.steps, function(s) return s.state == "compensated" end), "compensations ran")
    test.advance(30)
    local s = cluster.store(5)
    test.expect(s ~= nil and s.state == "up", "store 5 is up again, got " .. (s and s.state or "nil"))
  end },
}
