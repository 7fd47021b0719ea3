-- expect: error E_HEADER
-- message: only once
return runbook.define{ name = 'x', run = function() runbook.define{ name = 'y', run = function() end } end }
