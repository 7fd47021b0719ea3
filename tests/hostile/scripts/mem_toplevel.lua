-- expect: error E_LIMIT_MEMORY
-- message: memory limit exceeded
local t = {} for i = 1, 1e9 do t[i] = {i} end
return runbook.define{ name = 'x', run = function() end }
