-- expect: error E_SYNTAX
local big = 0x7fffffffffffffffLL
return runbook.define{ name = 'x', run = function() end }
