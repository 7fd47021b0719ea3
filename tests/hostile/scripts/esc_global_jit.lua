-- expect: error E_GLOBAL
-- jit is not in the sandbox
-- message: runbook attempted to read undefined global 'jit'
return runbook.define{ name = 'hostile', run = function(p)
local x = jit
end }
