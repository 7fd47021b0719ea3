-- expect: error E_SCRIPT
-- message: invalid replacement value
return runbook.define{ name = 'hostile', run = function(p)
local s = ('x'):gsub('x', function() return {} end)
end }
