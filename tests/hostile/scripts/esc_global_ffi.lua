-- expect: error E_GLOBAL
-- ffi is not in the sandbox
-- message: runbook attempted to read undefined global 'ffi'
return runbook.define{ name = 'hostile', run = function(p)
local x = ffi
end }
