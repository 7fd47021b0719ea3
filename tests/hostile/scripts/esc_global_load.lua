-- expect: error E_GLOBAL
-- load is not in the sandbox
-- message: runbook attempted to read undefined global 'load'
return runbook.define{ name = 'hostile', run = function(p)
local x = load
end }
