-- hot_region.lua: relieve a hot region. Move its leader to the coolest
-- eligible store (one that already holds a voter of the region, is Up and
-- carries the least hot flow), split the region so PD can spread the halves,
-- and verify that the flow spread: the store that carried the hot spot
-- carries less of it afterwards.
--
-- Without a `region` parameter the hottest region of `kind` is chosen. The
-- leader move is undone (leader moved back) if a later step or the
-- verification fails; a split has no exact inverse, so it has no undo.

local function await(what, fn, opts)
  if safety.dry_run() then
    log.info("dry-run: would wait until " .. what, { timeout_s = opts.timeout_s })
    return true
  end
  log.info("waiting until " .. what, { timeout_s = opts.timeout_s })
  return runbook.wait_until(fn, opts)
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

    local moved = false
    if target ~= nil and target_flow < source_flow then
      runbook.step("move leader", function()
        return actions.transfer_leader{ region = r.id, to_store = target }
      end, function()
        actions.transfer_leader{ region = r.id, to_store = source }
      end)
      moved = true
    else
      log.warn("no cooler store holds a voter of the region; not moving its leader", { region = r.id })
    end
    if p.split then
      runbook.step("split", function()
        return actions.split_region{ region = r.id, policy = "approximate" }
      end)
    end
    safety.require(moved or p.split, "nothing to do for region " .. r.id .. ": no cooler voter store and split=false")

    await("the flow on store " .. source .. " drops below " .. math.floor(source_flow), function()
      local now = flow_by_store(p.kind)
      return (now[source] or 0) < source_flow
    end, { timeout_s = p.timeout_s, interval_s = 10 })
    if safety.dry_run() then return { region = r.id, planned = true } end

    local after = flow_by_store(p.kind)
    runbook.step("verify", function()
      safety.require((after[source] or 0) < source_flow,
        "the hot flow on store " .. source .. " did not drop")
      if moved then
        local now = cluster.region(r.id)
        safety.require(now ~= nil and now.leader_store ~= source, "region " .. r.id .. " is led by store " .. source .. " again")
      end
    end)
    log.info("hot spot spread", { region = r.id, store = source, flow_before = source_flow,
      flow_after = after[source] or 0 })
    return { region = r.id, from_store = source, to_store = target or 0 }
  end,
}
