-- expect: error E_GLOBAL
-- io is not in the sandbox
-- message: runbook attempted to read undefined global 'io'
return runbook.define{ name = 'hostile', run = function(p)
local x = io
end }
