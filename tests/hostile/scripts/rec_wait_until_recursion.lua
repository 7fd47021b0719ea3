-- expect: error E_SCRIPT|E_LIMIT_CPU
return runbook.define{ name = 'hostile', run = function(p)
local function f() return runbook.wait_until(f, {timeout_s = 1}) end f()
end }
