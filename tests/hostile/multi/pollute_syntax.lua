-- expect: error E_SYNTAX
return runbook.define{ name = 'p', run = function() end
