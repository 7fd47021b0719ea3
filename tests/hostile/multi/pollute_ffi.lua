-- expect: error E_SYNTAX
local x = 1LL
return runbook.define{ name = 'p', run = function() end }
