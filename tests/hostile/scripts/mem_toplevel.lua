-- expect: error E_LIMIT_MEMORY
-- message: memory limit exceeded
-- flags: --cpu-limit 3
-- (a generous CPU limit: the memory/other outcome must win even on a loaded machine)
local t = {} for i = 1, 1e9 do t[i] = {i} end
return runbook.define{ name = 'x', run = function() end }
