-- expect: error E_LIMIT_STEPS
-- message: step count limit exceeded
return runbook.define{ name = 'hostile', run = function(p)
local function f() runbook.step('s', f) end f()
end }
