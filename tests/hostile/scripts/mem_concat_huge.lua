-- expect: error E_LIMIT_MEMORY
-- message: memory limit exceeded
-- flags: --cpu-limit 3
-- (a generous CPU limit: the memory/other outcome must win even on a loaded machine)
return runbook.define{ name = 'hostile', run = function(p)
local t = {} for i = 1, 100 do t[i] = ('x'):rep(1e6) .. i end local s = table.concat(t)
end }
