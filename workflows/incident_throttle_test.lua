-- incident_throttle_test.lua: incident_throttle lowers then restores PD's limits.

local function set_limits(r)
  local out = {}
  for _, a in ipairs(r.actions) do
    if a.name == "set_schedule_limit" then out[#out + 1] = a end
  end
  return out
end

return {
  { name = "lowers the limits and restores the previous values", run = function()
    test.scenario{ name = "balanced", stores = 4, regions = 60 }
    local r = test.run("incident_throttle", { hold_s = 60 })
    test.expect(r.status == "ok", "runbook ok: " .. r.error)
    local sets = set_limits(r)
    test.expect(#sets == 8, "4 lowered + 4 restored, got " .. #sets)
    for i = 1, 4 do
      local low, back = sets[i], sets[i + 4]
      test.expect(low.outcome == "succeeded" or low.outcome == "submitted", "lowered: " .. low.outcome)
      test.expect(string.find(back.params, '"kind"', 1, true), "restore names its kind")
    end
    test.expect(string.find(sets[1].params, '"limit":1', 1, true), "leader limit lowered to 1: " .. sets[1].params)
  end },

  { name = "refuses a replica limit of zero", run = function()
    test.scenario{ name = "balanced", stores = 4, regions = 60 }
    local r = test.run("incident_throttle", { replica = 0 })
    test.expect(r.code == "E_SAFETY_REQUIRE", "refused: " .. r.code .. " " .. r.error)
    test.expect(#r.actions == 0, "nothing changed")
  end },
}
