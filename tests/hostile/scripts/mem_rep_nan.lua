-- expect: error E_SCRIPT
return runbook.define{ name = 'hostile', run = function(p)
local s = string.rep('x', 0/0) error('nan count: ' .. #s)
end }
