-- expect: error E_GLOBAL
-- message: 'getfenv'
return runbook.define{ name = 'hostile', run = function(p)
local env = getfenv(print)
end }
