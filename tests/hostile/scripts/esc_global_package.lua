-- expect: error E_GLOBAL
-- package is not in the sandbox
-- message: runbook attempted to read undefined global 'package'
return runbook.define{ name = 'hostile', run = function(p)
local x = package
end }
