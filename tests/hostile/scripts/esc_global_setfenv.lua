-- expect: error E_GLOBAL
-- setfenv is not in the sandbox
-- message: runbook attempted to read undefined global 'setfenv'
return runbook.define{ name = 'hostile', run = function(p)
local x = setfenv
end }
