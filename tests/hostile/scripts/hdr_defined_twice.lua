-- expect: error E_HEADER
-- message: only once
runbook.define{ name = 'a', run = function() end }
return runbook.define{ name = 'b', run = function() end }
