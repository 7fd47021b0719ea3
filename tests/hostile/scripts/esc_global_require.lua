-- expect: error E_GLOBAL
-- require is not in the sandbox
-- message: runbook attempted to read undefined global 'require'
return runbook.define{ name = 'hostile', run = function(p)
local x = require
end }
