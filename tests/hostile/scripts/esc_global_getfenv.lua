-- expect: error E_GLOBAL
-- getfenv is not in the sandbox
-- message: runbook attempted to read undefined global 'getfenv'
return runbook.define{ name = 'hostile', run = function(p)
local x = getfenv
end }
