-- expect: error E_LIMIT_MEMORY
-- flags: --cpu-limit 3
-- (a generous CPU limit: the memory/other outcome must win even on a loaded machine)
return runbook.define{ name = 'hostile', run = function(p)
local t = {} for i = 1, 1e7 do t[i] = coroutine.create(function() end) end
end }
