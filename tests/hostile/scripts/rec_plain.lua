-- expect: error E_SCRIPT
-- message: stack overflow
return runbook.define{ name = 'hostile', run = function(p)
local function f() return 1 + f() end f()
end }
