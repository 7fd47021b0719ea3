-- store_down.lua: handle a store that stopped heartbeating.
--
-- A store that is only Disconnected may come back (a restart, a network
-- blip): re-creating its replicas elsewhere would copy data for nothing. So
-- the runbook first waits, on observed state, up to `grace_s` for the store to
-- return. If it does, nothing is changed. If it stays Down (or Disconnected
-- past the grace), its replicas are re-created now instead of after PD's
-- max-store-down-time (30 min by default), in one of two ways, chosen by the
-- blast-radius budget `max_regions`:
--  * every region on the store fits the budget: lower max-store-down-time
--    (to `down_after_s`) so PD marks the store Down and its own replica
--    checker replaces the dead replicas (replace-rule-down-peer: add one on
--    a healthy store, remove the dead one), wait on observed state until the
--    store holds no region, then restore the previous max-store-down-time.
--    The lowering step's undo restores it too, so a failure, a timeout or a
--    cancel never leaves PD with the short setting. PD also needs TiKV to
--    report the dead peers down (raftstore.max-peer-down-duration, 10 min
--    after the store died), so this repairs ~10 min after the failure
--    instead of 30 min; the second way is immediate.
--  * more regions than the budget: add a replica to the `max_regions` most
--    endangered regions only (fewest healthy replicas first), each on the Up
--    store with the most free space that does not hold the region yet; PD's
--    replica checker then removes the dead replica as the extra one; the
--    rest is left to PD's own max-store-down-time.
-- A region PD's replica checker is already repairing (an operator on it) is
-- left to PD.
-- Verification: every region touched has max-replicas voters on Up stores
-- (and, on the first way, the store holds no region any more).
-- The new replicas have no undo on purpose: removing a fresh replica while a
-- store is down would lower redundancy again.

local function healthy(s) return s ~= nil and s.state == "up" end

local function free_ratio(s)
  if s.capacity_bytes <= 0 then return 0 end
  return s.available_bytes / s.capacity_bytes
end

--- Regions with a replica on `dead`, most endangered first (fewest healthy replicas).
local function endangered(dead, up)
  local out = {}
  for _, r in ipairs(cluster.regions{ store = dead, limit = 10000 }) do
    local ok = 0
    for _, peer in ipairs(r.peers) do
      if up[peer.store] and peer.role == "voter" then ok = ok + 1 end
    end
    out[#out + 1] = { region = r, healthy = ok }
  end
  table.sort(out, function(a, b)
    if a.healthy ~= b.healthy then return a.healthy < b.healthy end
    return a.region.id < b.region.id
  end)
  return out
end

local function pick_target(r, up_stores, planned)
  local has = {}
  for _, peer in ipairs(r.peers) do has[peer.store] = true end
  local best, best_free
  for _, s in ipairs(up_stores) do
    if not has[s.id] then
      local f = free_ratio(s) - (planned[s.id] or 0) * 0.0001
      if best == nil or f > best_free then best, best_free = s, f end
    end
  end
  return best
end

--- Every region in `ids` has max-replicas voters on Up stores.
local function fully_replicated(ids)
  local want = cluster.config().max_replicas
  local ups = {}
  for _, o in ipairs(cluster.stores()) do ups[o.id] = o.state == "up" end
  for _, id in ipairs(ids) do
    local r = cluster.region(id)
    local voters = 0
    if r then
      for _, peer in ipairs(r.peers) do
        if ups[peer.store] and peer.role == "voter" then voters = voters + 1 end
      end
    end
    if voters < want then return false end
  end
  return true
end

--- The first way (see the header): PD replaces every replica of the store
--- once it calls the store Down; max-store-down-time is lowered for that and
--- restored afterwards (and by the undo on failure or cancel).
local function via_pd(p, regions)
  local previous = math.floor(cluster.config().max_store_down_time_s + 0.5)
  local down_after = math.max(60, math.floor(p.down_after_s))
  safety.require(down_after < previous, string.format(
    "max-store-down-time is already %d s (<= down_after_s %d): PD replaces the store's replicas by itself",
    previous, down_after))
  local ids = {}
  for _, r in ipairs(cluster.regions{ store = p.store, limit = 10000 }) do ids[#ids + 1] = r.id end
  log.info("letting PD re-create the replicas now", { store = p.store, regions = regions,
    max_store_down_time_s = previous, lowered_to_s = down_after })
  safety.approve{ summary = string.format(
    "let PD re-create the %d replica(s) of down store %d now (max-store-down-time %d s -> %d s, restored afterwards)",
    regions, p.store, previous, down_after), timeout_s = 600 }
  runbook.step("lower max-store-down-time", function()
    return actions.set_store_down_time{ seconds = down_after }
  end, function()
    actions.set_store_down_time{ seconds = previous }
  end)
  runbook.step("wait for PD to replace the replicas", function()
    runbook.wait_until(function()
      local now = cluster.store(p.store)
      return (now == nil or now.region_count == 0) and fully_replicated(ids)
    end, { timeout_s = p.timeout_s, interval_s = 5, description = string.format(
      "store %d holds no region and its %d region(s) are fully replicated on Up stores", p.store, #ids) })
  end)
  runbook.step("restore max-store-down-time", function()
    return actions.set_store_down_time{ seconds = previous }
  end)
  if safety.dry_run() then return { store = p.store, decision = "pd_replaces", planned = regions } end
  log.info("PD re-created the replicas", { store = p.store, regions = regions })
  return { store = p.store, decision = "pd_replaces", regions = regions }
end

return runbook.define{
  name = "store_down",
  description = "Handle a down store: wait for it within a grace period, else re-create its replicas on healthy stores now.",
  risk = "high",
  deadline_s = 3600,
  params = {
    store = { type = "integer", required = true, doc = "the store that stopped heartbeating" },
    grace_s = { type = "number", default = 120, doc = "how long a disconnected store may take to come back" },
    max_regions = { type = "integer", default = 50, doc = "at most this many regions get a new replica in one run" },
    timeout_s = { type = "number", default = 1800, doc = "how long the new replicas may take (PD's way: ~10 min after the store died, then the copies)" },
    down_after_s = { type = "integer", default = 60, doc = "max-store-down-time while PD replaces the replicas (60 s at least; the previous value is restored)" },
  },
  run = function(p)
    local s = cluster.store(p.store)
    safety.require(s ~= nil, "store " .. p.store .. " does not exist")
    safety.require(s.state ~= "offline" and s.state ~= "tombstone",
      "store " .. p.store .. " is " .. s.state .. ": it is being removed already")
    safety.require(s.state ~= "up", "store " .. p.store .. " is up: nothing to do")

    if s.state == "disconnected" then
      log.info("store disconnected; waiting for it to come back", { store = p.store, grace_s = p.grace_s })
      local ok = pcall(runbook.wait_until, function()
        local now = cluster.store(p.store)
        return now ~= nil and now.state ~= "disconnected"
      end, { timeout_s = p.grace_s, interval_s = 5,
             description = "store " .. p.store .. " is no longer disconnected" })
      if ok and healthy(cluster.store(p.store)) then
        log.info("store came back; nothing to re-create", { store = p.store })
        return { store = p.store, decision = "waited", recovered = true }
      end
    end

    local up, up_stores = {}, {}
    for _, o in ipairs(cluster.stores{ state = "up", troubled = false }) do
      if o.id ~= p.store then
        up[o.id] = true
        up_stores[#up_stores + 1] = o
      end
    end
    local todo = endangered(p.store, up)
    safety.require(#up_stores >= 3, "only " .. #up_stores .. " healthy stores: cannot place 3 replicas without store " .. p.store)
    if #todo == 0 then
      log.info("no region has a replica on the store", { store = p.store })
      return { store = p.store, decision = "nothing_to_do" }
    end
    if #todo <= p.max_regions then return via_pd(p, #todo) end
    local batch = p.max_regions
    log.info("re-creating replicas now", { store = p.store, regions = #todo, this_run = batch,
      most_endangered_healthy = todo[1].healthy })
    log.warn("blast-radius budget: the rest is left to PD's replica checker", { left = #todo - batch })
    safety.approve{ summary = string.format("re-create %d replica(s) of down store %d now", batch, p.store),
      timeout_s = 600 }

    local busy = {}
    for _, op in ipairs(cluster.operators()) do busy[op.region] = true end
    local planned, placed, left_to_pd = {}, {}, 0
    for i = 1, batch do
      local r = todo[i].region
      local target = pick_target(r, up_stores, planned)
      if busy[r.id] then
        left_to_pd = left_to_pd + 1  -- PD's replica checker is already repairing it
      elseif target == nil then
        log.warn("no store can take a new replica", { region = r.id })
      else
        planned[target.id] = (planned[target.id] or 0) + 1
        runbook.step("add peer region " .. r.id, function()
          local ok, res = pcall(actions.add_peer, { region = r.id, store = target.id })
          if ok then
            placed[#placed + 1] = { region = r.id, store = target.id }
            return res
          end
          if not actions.is_stale(res) then error(res, 0) end
          left_to_pd = left_to_pd + 1
          log.info("PD started repairing the region meanwhile; leaving it to PD", { region = r.id })
        end)
      end
    end
    if left_to_pd > 0 then log.info("regions PD is repairing itself", { regions = left_to_pd }) end

    -- Verified on the goal, not on our own peers: every region we touched has
    -- max-replicas voters on Up stores again (PD's replica checker may have
    -- finished one first and removed ours as extra; that is fine).
    local ids = {}
    for _, x in ipairs(placed) do ids[#ids + 1] = x.region end
    runbook.step("verify", function()
      runbook.wait_until(function() return fully_replicated(ids) end, { timeout_s = p.timeout_s, interval_s = 5,
        description = "the " .. #ids .. " region(s) given a new replica are fully replicated on Up stores" })
    end)
    if safety.dry_run() then return { store = p.store, decision = "recreate", planned = #placed } end
    log.info("replicas re-created", { store = p.store, regions = #placed, left_to_pd = left_to_pd })
    return { store = p.store, decision = "recreate", regions = #placed, left_to_pd = left_to_pd }
  end,
}
