-- expect: error E_GLOBAL
-- dofile is not in the sandbox
-- message: runbook attempted to read undefined global 'dofile'
return runbook.define{ name = 'hostile', run = function(p)
local x = dofile
end }
