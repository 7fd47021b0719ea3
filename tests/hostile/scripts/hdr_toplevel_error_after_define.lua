-- expect: error E_SCRIPT
-- message: after define
local h = runbook.define{ name = 'x', run = function() end }
error('after define')
return h
