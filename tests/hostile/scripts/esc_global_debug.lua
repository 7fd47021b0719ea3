-- expect: error E_GLOBAL
-- debug is not in the sandbox
-- message: runbook attempted to read undefined global 'debug'
return runbook.define{ name = 'hostile', run = function(p)
local x = debug
end }
