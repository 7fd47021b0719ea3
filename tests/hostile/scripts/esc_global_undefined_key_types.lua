-- expect: error E_GLOBAL
-- message: undefined global
return runbook.define{ name = 'hostile', run = function(p)
local x = _G[1]
end }
