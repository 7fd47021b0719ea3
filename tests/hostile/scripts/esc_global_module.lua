-- expect: error E_GLOBAL
-- module is not in the sandbox
-- message: runbook attempted to read undefined global 'module'
return runbook.define{ name = 'hostile', run = function(p)
local x = module
end }
