-- expect: error E_HEADER
runbook.define{ name = 'first', run = function() end }
return runbook.define{ name = 'second', run = function() end }
