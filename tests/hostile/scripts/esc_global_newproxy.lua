-- expect: error E_GLOBAL
-- newproxy is not in the sandbox
-- message: runbook attempted to read undefined global 'newproxy'
return runbook.define{ name = 'hostile', run = function(p)
local x = newproxy
end }
