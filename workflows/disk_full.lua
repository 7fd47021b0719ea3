-- disk_full.lua: move regions off a store that is nearly out of disk, before
-- TiKV stops accepting writes there.
--
-- Pre-checks: the store is Up and really above `threshold`; at least one
-- other Up store (without an open store incident) is below `target_ratio`. The largest
-- regions go first (fewest moves for the most bytes), each to the emptiest
-- eligible store that does not hold the region yet, until the planned moves
-- would bring the store under `target_ratio` or `max_regions` is reached (the
-- blast-radius budget). Regions PD is already changing are left to PD, and a
-- move PD refuses because the region changed meanwhile is skipped. The moves
-- have no undo on purpose: moving a replica
-- back onto a full disk is the harm this runbook prevents. Verification:
-- every moved region has left the store.

local MiB = 1024 * 1024

local function used_ratio(s)
  if s.capacity_bytes <= 0 then return 1 end
  return 1 - s.available_bytes / s.capacity_bytes
end

return runbook.define{
  name = "disk_full",
  description = "Move regions off a store that is nearly out of disk space to emptier stores.",
  risk = "high",
  deadline_s = 3600,
  params = {
    store = { type = "integer", required = true, doc = "the store that is filling up" },
    threshold = { type = "number", default = 0.8, doc = "act only when the store is at least this full" },
    target_ratio = { type = "number", default = 0.75, doc = "plan moves until the store would be this full" },
    max_regions = { type = "integer", default = 20, doc = "at most this many regions moved in one run" },
    timeout_s = { type = "number", default = 900, doc = "how long the moves may take" },
  },
  run = function(p)
    local s = cluster.store(p.store)
    safety.require(s ~= nil, "store " .. p.store .. " does not exist")
    safety.require(s.state == "up", "store " .. p.store .. " is " .. s.state .. ", not up")
    local ratio = used_ratio(s)
    safety.require(ratio >= p.threshold, string.format("store %d is %.0f%% full, below the %.0f%% threshold: nothing to do",
      p.store, ratio * 100, p.threshold * 100))
    local targets, troubled = {}, cluster.troubled_stores()
    for _, o in ipairs(cluster.stores{ state = "up", troubled = false }) do
      if o.id ~= p.store and used_ratio(o) < p.target_ratio then
        targets[#targets + 1] = o
      end
    end
    safety.require(#targets > 0, "no other Up store is below " .. math.floor(p.target_ratio * 100) .. "% full: add capacity")

    local excess = (ratio - p.target_ratio) * s.capacity_bytes
    local regions = cluster.regions{ store = p.store, limit = 10000 }
    table.sort(regions, function(a, b)
      if a.size_mib ~= b.size_mib then return a.size_mib > b.size_mib end
      return a.id < b.id
    end)
    local plan, moved_bytes, gained = {}, 0, {}
    local busy = {}
    for _, op in ipairs(cluster.operators()) do busy[op.region] = true end
    for _, r in ipairs(regions) do
      if #plan >= p.max_regions or moved_bytes >= excess then break end
      if busy[r.id] then goto next_region end  -- PD is changing it already (maybe moving it off)
      -- A conf change needs a live leader: one on a dead store moves nothing
      -- until raft elects another.
      if troubled[r.leader_store] then goto next_region end
      local has = {}
      for _, peer in ipairs(r.peers) do has[peer.store] = true end
      local best, best_ratio
      for _, t in ipairs(targets) do
        local tr = 1 - (t.available_bytes - (gained[t.id] or 0)) / t.capacity_bytes
        if not has[t.id] and tr < p.target_ratio and (best == nil or tr < best_ratio) then best, best_ratio = t, tr end
      end
      if best then
        local bytes = math.max(r.size_mib, 1) * MiB
        gained[best.id] = (gained[best.id] or 0) + bytes
        moved_bytes = moved_bytes + bytes
        plan[#plan + 1] = { region = r.id, to = best.id }
      end
      ::next_region::
    end
    safety.require(#plan > 0, "no region on store " .. p.store .. " can move: every eligible store already holds them")
    log.info("moving regions off a full store", { store = p.store, used_pct = math.floor(ratio * 100),
      regions = #plan, planned_mib = math.floor(moved_bytes / MiB) })

    local moved = {}
    for i, m in ipairs(plan) do
      runbook.step(string.format("move %d/%d: region %d to store %d", i, #plan, m.region, m.to), function()
        local ok, res = pcall(actions.transfer_peer, { region = m.region, from_store = p.store, to_store = m.to })
        if ok then
          moved[#moved + 1] = m
          return res
        end
        if not actions.is_stale(res) then error(res, 0) end
        log.info("the region changed since the plan; skipping", { region = m.region })
      end)
    end
    safety.require(#moved > 0, "every planned region was changed by PD meanwhile; nothing moved (run again)")

    runbook.step("verify", function()
      runbook.wait_until(function()
        for _, m in ipairs(moved) do
          local r = cluster.region(m.region)
          if r == nil then return false end
          for _, peer in ipairs(r.peers) do
            if peer.store == p.store then return false end
          end
        end
        return true
      end, { timeout_s = p.timeout_s, interval_s = 10,
             description = "store " .. p.store .. " holds none of the " .. #moved .. " moved region(s)" })
    end)
    if safety.dry_run() then return { store = p.store, planned = #moved } end
    local now = cluster.store(p.store)
    log.info("regions moved", { store = p.store, regions = #moved, skipped = #plan - #moved,
      used_pct_before = math.floor(ratio * 100), used_pct_now = now and math.floor(used_ratio(now) * 100) or -1 })
    return { store = p.store, moved = #moved, skipped = #plan - #moved }
  end,
}
