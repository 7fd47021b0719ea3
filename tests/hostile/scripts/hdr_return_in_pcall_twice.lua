-- expect: error E_HEADER
-- message: only once
pcall(runbook.define, { name = 'x', run = function() end })
return runbook.define{ name = 'x', run = function() end }
