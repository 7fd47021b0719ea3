-- hot_region.lua: relieve a hot region. Move its leader to the coolest
-- eligible store (one that already holds a voter of the region, is Up and
-- carries the least hot flow), split the region so PD can spread the halves,
-- and verify that the flow spread: the store that carried the hot spot
-- carries less of it afterwards (a leader PD moves back later only warns).
--
-- PD's hot-region and balance-leader schedulers are paused meanwhile (they
-- would fight over the same region) and resumed at the end, also on failure.
-- Without a `region` parameter the hottest region of `kind` is chosen. The
-- leader move is undone (leader moved back) if a later step or the
-- verification fails; a split has no exact inverse, so it has no undo.

local kPaused = { "balance-hot-region-scheduler", "balance-leader-scheduler" }

--- PD refused because it runs another operator on the region.
local function busy(err)
  if type(err) ~= "table" then return false end
  if type(err.details) == "table" and err.details.reason == "operator_running" then return true end
  return type(err.message) == "string" and string.find(err.message, "maybe already have one", 1, true) ~= nil
end

--- Submit until PD takes it: a hot region draws PD's balancers too, so a
--- refusal because another operator runs on the region waits for that
--- operator to end and tries again (at most `tries` times).
local function when_idle(region, tries, submit)
  for i = 1, tries do
    local ok, res = pcall(submit)
    if ok then return res end
    if not busy(res) or i == tries then error(res, 0) end
    log.info("PD runs another operator on the region; waiting for it", { region = region, attempt = i })
    runbook.wait_until(function() return not cluster.has_operator(region) end,
      { timeout_s = 120, interval_s = 1, description = "PD has no operator on region " .. region })
  end
end

--- Hot flow (bytes/s, leader side) per store.
local function flow_by_store(kind)
  local flow = {}
  for _, h in ipairs(cluster.hot_regions{ kind = kind, limit = 1000 }) do
    flow[h.store] = (flow[h.store] or 0) + h.flow_bytes
  end
  return flow
end

local function find_hot(p)
  local hot = cluster.hot_regions{ kind = p.kind, limit = 1000 }
  if p.region ~= 0 then
    for _, h in ipairs(hot) do
      if h.region == p.region then return h end
    end
    return nil
  end
  return hot[1]
end

--- The coolest Up store holding a voter of r (other than the leader's).
local function coolest_voter_store(r, flow)
  local best, best_flow, best_leaders = nil, nil, nil
  for _, peer in ipairs(r.peers) do
    local s = cluster.store(peer.store)
    if peer.store ~= r.leader_store and peer.role == "voter" and s and s.state == "up" then
      local f = flow[s.id] or 0
      if best == nil or f < best_flow or (f == best_flow and s.leader_count < best_leaders) then
        best, best_flow, best_leaders = s.id, f, s.leader_count
      end
    end
  end
  return best, best_flow
end

return runbook.define{
  name = "hot_region",
  description = "Relieve a hot region: move its leader to the coolest eligible store and split it, then verify the flow spread.",
  risk = "medium",
  deadline_s = 900,
  params = {
    region = { type = "integer", default = 0, doc = "the hot region (0: the hottest one)" },
    kind = { type = "string", default = "write", doc = "write or read hot spot" },
    split = { type = "boolean", default = true, doc = "also split the region" },
    timeout_s = { type = "number", default = 300, doc = "how long the flow may take to spread" },
  },
  run = function(p)
    safety.require(p.kind == "write" or p.kind == "read", "kind must be write or read, got " .. p.kind)
    local h = find_hot(p)
    safety.require(h ~= nil, p.region ~= 0 and ("region " .. p.region .. " is not hot (" .. p.kind .. ")")
      or ("no " .. p.kind .. " hot region"))
    local r = cluster.region(h.region)
    safety.require(r ~= nil, "region " .. h.region .. " does not exist")
    safety.require(r.leader_store ~= 0, "region " .. r.id .. " has no leader")
    local before = flow_by_store(p.kind)
    local source = r.leader_store
    local source_flow = before[source] or 0
    local target, target_flow = coolest_voter_store(r, before)
    log.info("hot region", { region = r.id, store = source, flow_bytes = h.flow_bytes,
      store_flow = source_flow, target = target or 0 })

    -- PD's hot-region and balance-leader schedulers react to the same hot
    -- spot; two movers on one region fight (PD refuses the second operator,
    -- or moves the leader straight back). Pause them while this runbook
    -- works; resumed at the end and by each step's undo on failure (PD also
    -- resumes them by itself after delay_s).
    for _, sched in ipairs(kPaused) do
      runbook.step("pause " .. sched, function()
        return actions.pause_scheduler{ scheduler = sched, delay_s = 900 }
      end, function()
        actions.resume_scheduler{ scheduler = sched }
      end)
    end
    runbook.wait_until(function()
      return not cluster.has_operator(r.id)
    end, { timeout_s = 120, interval_s = 1,
           description = "PD has no operator on region " .. r.id })

    local moved = false
    if target ~= nil and target_flow < source_flow then
      runbook.step("move leader", function()
        return when_idle(r.id, 5, function() return actions.transfer_leader{ region = r.id, to_store = target } end)
      end, function()
        actions.transfer_leader{ region = r.id, to_store = source }
      end)
      moved = true
    else
      log.warn("no cooler store holds a voter of the region; not moving its leader", { region = r.id })
    end
    if p.split then
      runbook.step("split", function()
        return when_idle(r.id, 5, function() return actions.split_region{ region = r.id, policy = "approximate" } end)
      end)
    end
    safety.require(moved or p.split, "nothing to do for region " .. r.id .. ": no cooler voter store and split=false")

    runbook.wait_until(function()
      local now = flow_by_store(p.kind)
      return (now[source] or 0) < source_flow
    end, { timeout_s = p.timeout_s, interval_s = 10,
           description = "the flow on store " .. source .. " drops below " .. math.floor(source_flow) })
    if safety.dry_run() then return { region = r.id, planned = true } end

    local after = flow_by_store(p.kind)
    runbook.step("verify", function()
      safety.require((after[source] or 0) < source_flow,
        "the hot flow on store " .. source .. " did not drop")
      if moved then
        -- PD's own schedulers may move a leader back later; the goal is the
        -- flow, so that is worth a warning, not a failure.
        local now = cluster.region(r.id)
        if now ~= nil and now.leader_store == source then
          log.warn("PD moved the leader back to the hot store", { region = r.id, store = source })
        end
      end
    end)
    for _, sched in ipairs(kPaused) do
      runbook.step("resume " .. sched, function()
        return actions.resume_scheduler{ scheduler = sched }
      end)
    end
    log.info("hot spot spread", { region = r.id, store = source, flow_before = source_flow,
      flow_after = after[source] or 0 })
    return { region = r.id, from_store = source, to_store = target or 0 }
  end,
}
