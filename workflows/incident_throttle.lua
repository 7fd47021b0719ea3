-- incident_throttle.lua: lower PD's schedule limits while an incident is
-- being handled (fewer concurrent operators: less background data movement
-- competing with the recovery and with clients), hold them until the
-- cluster is healthy again (no open incident, every store Up, no unhealthy
-- region) or `hold_s` passes, then restore exactly the previous values.
--
-- The previous value of each limit is taken from what the engine observed
-- when it lowered it (the action's result), so the restore puts back what
-- was there, not a default. Each lowering step's undo restores its value, so
-- a failure or a cancel with compensation also restores them.

local kKinds = { "leader", "region", "replica", "hot-region" }

--- The value a set_schedule_limit result says was there before.
local function previous_of(res, kind)
  if type(res) ~= "table" then return nil end
  if type(res.previous) == "number" then return res.previous end
  local text = tostring(res.description or "")
  local key = string.gsub(kind, "%-", "%%-")  -- "hot-region": '-' is magic in patterns
  local before = string.match(text, key .. "%-schedule%-limit (%d+) %-> %d+")
  if before then return tonumber(before) end
  local same = string.match(text, key .. "%-schedule%-limit is already (%d+)")
  if same then return tonumber(same) end
  return nil
end

local function cluster_healthy()
  if #cluster.incidents() > 0 then return false end
  for _, s in ipairs(cluster.stores()) do
    if s.state ~= "up" and s.state ~= "tombstone" then return false end
  end
  return #cluster.regions{ unhealthy = true, limit = 1 } == 0
end

return runbook.define{
  name = "incident_throttle",
  description = "Lower PD's schedule limits during an incident and restore the previous values once healthy.",
  risk = "medium",
  deadline_s = 7200,
  params = {
    leader = { type = "integer", default = 1, doc = "leader-schedule-limit while throttled" },
    region = { type = "integer", default = 1, doc = "region-schedule-limit while throttled" },
    replica = { type = "integer", default = 2, doc = "replica-schedule-limit while throttled (keep > 0: repairs must go on)" },
    hot_region = { type = "integer", default = 1, doc = "hot-region-schedule-limit while throttled" },
    hold_s = { type = "number", default = 1800, doc = "restore after this long even if not healthy yet" },
  },
  run = function(p)
    local want = { leader = p.leader, region = p.region, replica = p.replica, ["hot-region"] = p.hot_region }
    for kind, v in pairs(want) do
      safety.require(v >= 0 and v <= 64, kind .. " limit must be within 0..64, got " .. v)
    end
    safety.require(p.replica >= 1, "replica limit 0 would stop PD from repairing replicas during an incident")

    local previous = {}
    for _, kind in ipairs(kKinds) do
      runbook.step("lower " .. kind .. "-schedule-limit", function()
        local res = actions.set_schedule_limit{ kind = kind, limit = want[kind] }
        previous[kind] = previous_of(res, kind)
        safety.require(previous[kind] ~= nil,
          "cannot tell the previous " .. kind .. "-schedule-limit, so it could not be restored")
        log.info("throttled", { kind = kind, limit = want[kind], previous = previous[kind] })
        return res
      end, function()
        if previous[kind] then actions.set_schedule_limit{ kind = kind, limit = previous[kind] } end
      end)
    end

    local ok = pcall(runbook.wait_until, cluster_healthy, { timeout_s = p.hold_s, interval_s = 10,
      description = "the cluster is healthy (no open incident, every store Up, no unhealthy region)" })
    -- A dry-run's wait_until returns true after one check: not a sign of health.
    if not safety.dry_run() then
      log.info(ok and "cluster healthy again" or "hold time over; restoring anyway", { held_s = runbook.elapsed() })
    end

    for _, kind in ipairs(kKinds) do
      runbook.step("restore " .. kind .. "-schedule-limit", function()
        return actions.set_schedule_limit{ kind = kind, limit = previous[kind] }
      end)
    end
    log.info("schedule limits restored", { leader = previous.leader, region = previous.region,
      replica = previous.replica, hot_region = previous["hot-region"] })
    return { restored = true }
  end,
}
