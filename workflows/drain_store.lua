-- drain_store.lua: take one TiKV store out of service safely.
--
-- Pre-checks refuse to start when the drain would leave fewer Up stores than
-- the replica count, when the remaining stores lack the disk headroom to
-- absorb the store's data, or when another drain is already running (PD
-- drains one store well; two at once starve each other of snapshot slots).
-- Then: evict the store's leaders and wait until it has none (so clients
-- stop hitting it), drain it (PD marks it Offline and moves every replica
-- away), follow PD's progress until the store is Tombstone or the deadline
-- passes, and verify that no region keeps a replica on it. A failure or a
-- cancel with compensation brings the store back Up and lets leaders return.

local function used_ratio(s)
  if s.capacity_bytes <= 0 then return 1 end
  return 1 - s.available_bytes / s.capacity_bytes
end

--- The replica count: from PD's replication config when the host exposes
--- it, else the runbook parameter (PD's default is 3).
local function max_replicas(p)
  if cluster.config ~= nil then
    local cfg = cluster.config()
    if cfg and cfg.max_replicas then return cfg.max_replicas end
  end
  return p.max_replicas
end

local function pre_checks(p)
  local target = cluster.store(p.store)
  safety.require(target ~= nil, "store " .. p.store .. " does not exist")
  safety.require(target.state == "up",
    "store " .. p.store .. " is " .. target.state .. ", not up: drain only a healthy store " ..
    "(a down store is handled by store_down)")
  local others, free, cap = {}, 0, 0
  for _, s in ipairs(cluster.stores()) do
    if s.id ~= p.store then
      safety.require(s.state ~= "offline",
        "store " .. s.id .. " is already being drained (offline): finish or cancel that drain first")
      if s.state == "up" then
        others[#others + 1] = s
        free = free + s.available_bytes
        cap = cap + s.capacity_bytes
      end
    end
  end
  local need = max_replicas(p)
  safety.require(#others >= need,
    "draining store " .. p.store .. " would leave " .. #others .. " Up stores for " .. need ..
    " replicas: add a store first")
  -- policy: drain_capacity_headroom. After absorbing the store's data the
  -- remaining stores must still keep `headroom` of their capacity free.
  local after = free - target.used_bytes
  local headroom = cap > 0 and after / cap or 0
  safety.require(headroom >= p.headroom,
    string.format("not enough capacity: after the drain the other Up stores would have %.1f%% free, " ..
      "need at least %.1f%%", headroom * 100, p.headroom * 100))
  for _, s in ipairs(others) do
    safety.require(used_ratio(s) < 1 - p.headroom,
      string.format("store %d is already %.0f%% full: it cannot take part of the drain", s.id,
        used_ratio(s) * 100))
  end
  return target, #others
end

--- Is the store gone from service? PD stops listing Tombstone stores by default.
local function tombstoned(id)
  local s = cluster.store(id)
  return s == nil or s.state == "tombstone"
end

return runbook.define{
  name = "drain_store",
  description = "Move every region off a store, then take it out of service (Offline, then Tombstone).",
  risk = "critical",
  deadline_s = 7200,
  params = {
    store = { type = "integer", required = true, doc = "the store to drain" },
    timeout_s = { type = "number", default = 3600, doc = "give up (and restore the store) after this long" },
    leader_timeout_s = { type = "number", default = 600, doc = "how long evicting the leaders may take" },
    headroom = { type = "number", default = 0.2, doc = "free capacity share the other stores must keep" },
    max_replicas = { type = "integer", default = 3, doc = "replica count when PD's config is not readable" },
  },
  run = function(p)
    local target, others = pre_checks(p)
    log.info("pre-checks passed", { store = p.store, regions = target.region_count,
      leaders = target.leader_count, other_up_stores = others })
    safety.approve{ summary = string.format("drain store %d (%d regions, %d leaders)", p.store,
      target.region_count, target.leader_count), timeout_s = 900 }

    runbook.step("evict leaders", function()
      return actions.evict_leader{ store = p.store }
    end, function()
      actions.remove_evict_leader{ store = p.store }
    end)
    runbook.wait_until(function()
      local s = cluster.store(p.store)
      return s ~= nil and s.leader_count == 0
    end, { timeout_s = p.leader_timeout_s, interval_s = 5,
           description = "store " .. p.store .. " has no leaders" })

    runbook.step("drain", function()
      return actions.drain_store{ store = p.store }
    end, function()
      actions.cancel_drain{ store = p.store }
    end)

    local last = -1
    runbook.wait_until(function()
      if tombstoned(p.store) then return true end
      local s = cluster.store(p.store)
      if s.region_count ~= last then
        log.info("drain progress", { store = p.store, regions_left = s.region_count, state = s.state })
        last = s.region_count
      end
      return false
    end, { timeout_s = p.timeout_s, interval_s = 10,
           description = "store " .. p.store .. " is tombstone" })

    if safety.dry_run() then return { store = p.store, planned = true } end
    local ok, err = pcall(actions.remove_evict_leader, { store = p.store })
    if not ok then log.warn("evict-leader scheduler left in place", { store = p.store, error = tostring(err) }) end

    runbook.step("verify", function()
      safety.require(tombstoned(p.store), "store " .. p.store .. " is not tombstone")
      local left = cluster.regions{ store = p.store, limit = 1 }
      safety.require(#left == 0, "region " .. (left[1] and left[1].id or 0) .. " still has a replica on store " .. p.store)
    end)
    log.info("store drained", { store = p.store })
    return { store = p.store, tombstone = true }
  end,
}
