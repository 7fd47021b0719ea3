-- expect: error E_GLOBAL
-- loadstring is not in the sandbox
-- message: runbook attempted to read undefined global 'loadstring'
return runbook.define{ name = 'hostile', run = function(p)
local x = loadstring
end }
