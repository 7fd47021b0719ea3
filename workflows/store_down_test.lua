-- store_down_test.lua: store_down waits for a store that comes back and
-- re-creates replicas of one that does not.

local function step_names(r)
  local out = {}
  for _, st in ipairs(r.steps) do out[#out + 1] = st.name end
  return table.concat(out, ",")
end

local function logged(r, pattern)
  for _, l in ipairs(r.logs) do
    if string.find(l.message, pattern) then return true end
  end
  return false
end

local function log_text(r)
  local out = {}
  for _, l in ipairs(r.logs) do out[#out + 1] = l.message end
  return table.concat(out, " | ")
end

return {
  { name = "re-creates the replicas of a dead store within the budget", run = function()
    -- Every region of the dead store fits the budget: PD re-creates them
    -- once the runbook lowers max-store-down-time, which it then restores.
    test.scenario{ name = "balanced", stores = 5, regions = 60 }
    test.chaos("store/5/kill")
    test.advance(60)
    local before = cluster.config().max_store_down_time_s
    local r = test.run("store_down", { store = 5, grace_s = 30, max_regions = 100 })
    test.expect(r.status == "ok", "runbook ok: " .. r.error)
    local set = {}
    for _, a in ipairs(r.actions) do
      if a.name == "set_store_down_time" and a.outcome == "succeeded" then set[#set + 1] = a.params end
    end
    test.expect(#set == 2, "max-store-down-time lowered and restored, got " .. #set .. " changes")
    test.expect(string.find(set[1] or "", "[^%d]60[^%d]") ~= nil, "lowered to 60 s: " .. tostring(set[1]))
    test.advance(1)
    test.expect(cluster.config().max_store_down_time_s == before, "restored to " .. before .. " s, got " ..
      cluster.config().max_store_down_time_s)
    test.expect(#cluster.regions{ store = 5, limit = 1000 } == 0, "no region keeps a replica on the dead store")
    local up = {}
    for _, s in ipairs(cluster.stores()) do up[s.id] = s.state == "up" end
    for _, reg in ipairs(cluster.regions{ limit = 1000 }) do
      local voters = 0
      for _, p in ipairs(reg.peers) do if up[p.store] and p.role == "voter" then voters = voters + 1 end end
      test.expect(voters >= 3, "region " .. reg.id .. " has 3 voters on Up stores, got " .. voters)
    end
  end },

  { name = "restores max-store-down-time when cancelled", run = function()
    test.scenario{ name = "balanced", stores = 5, regions = 60 }
    test.chaos("store/5/kill")
    test.advance(60)
    local before = cluster.config().max_store_down_time_s
    local r = test.run("store_down", { store = 5, grace_s = 30, max_regions = 100 }, { cancel_after_s = 40 })
    test.expect(r.status == "cancelled", "cancelled: " .. r.status .. " " .. r.error)
    local lowered, restored = false, false
    for _, a in ipairs(r.actions) do
      if a.name == "set_store_down_time" and a.outcome == "succeeded" then
        if string.find(a.params, "[^%d]60[^%d]") then lowered = true else restored = true end
      end
    end
    test.expect(lowered and restored, "lowered, then restored by the undo")
    test.advance(1)
    test.expect(cluster.config().max_store_down_time_s == before, "restored to " .. before .. " s")
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

  { name = "dry run plans every wait, each with its description, and writes nothing to PD", run = function()
    test.scenario{ name = "balanced", stores = 5, regions = 60 }
    test.chaos("store/5/kill")
    test.advance(60)  -- disconnected, not yet down
    local writes = test.pd_writes()
    local r = test.run("store_down", { store = 5, grace_s = 30, max_regions = 100 }, { mode = "dry_run" })
    test.expect(r.status == "ok", "dry run ok: " .. r.error)
    test.expect(test.pd_writes() == writes, "no PD writes in a dry run")
    test.expect(step_names(r) == "lower max-store-down-time,wait for PD to replace the replicas,restore max-store-down-time",
      "the plan shows the wait for PD: " .. step_names(r))
    test.expect(logged(r, "^dry%-run: would wait until store 5 is no longer disconnected, at most 30 s$"),
      "the grace wait is planned: " .. log_text(r))
    test.expect(logged(r, "^dry%-run: would wait until store 5 holds no region and its %d+ region%(s%) are fully " ..
      "replicated on Up stores, at most 1800 s$"), "the wait for PD is planned: " .. log_text(r))

    r = test.run("store_down", { store = 5, grace_s = 30, max_regions = 3 }, { mode = "dry_run" })
    test.expect(r.status == "ok", "dry run ok: " .. r.error)
    test.expect(string.find(step_names(r), ",verify$") ~= nil, "the plan ends with the verification: " .. step_names(r))
    test.expect(logged(r, "^dry%-run: would wait until the %d+ region%(s%) given a new replica are fully replicated " ..
      "on Up stores, at most 1800 s$"), "the verification wait is planned: " .. log_text(r))
    test.expect(test.pd_writes() == writes, "no PD writes in a dry run")
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
