-- expect: error E_SCRIPT
-- message: string.rep: result would be
return runbook.define{ name = 'hostile', run = function(p)
local s = string.rep('x', 2^30)
end }
