return runbook.define{ name = "golden", run = function(p)
local function check(x) if not x then error("x must be set", 2) end end
check(nil)
end }
