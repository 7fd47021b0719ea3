-- expect: error E_SYNTAX
--[[ never closed
return runbook.define{ name = 'x', run = function() end }
