-- expect: error E_GLOBAL
-- gcinfo is not in the sandbox
-- message: runbook attempted to read undefined global 'gcinfo'
return runbook.define{ name = 'hostile', run = function(p)
local x = gcinfo
end }
