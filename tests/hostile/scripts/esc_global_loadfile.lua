-- expect: error E_GLOBAL
-- loadfile is not in the sandbox
-- message: runbook attempted to read undefined global 'loadfile'
return runbook.define{ name = 'hostile', run = function(p)
local x = loadfile
end }
