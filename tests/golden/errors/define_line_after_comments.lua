-- a header after comments and a helper: errors point at runbook.define
local function helper() return 1 end

return runbook.define{
  name = "golden",
  risk = "extreme",
  run = function() return helper() end,
}
