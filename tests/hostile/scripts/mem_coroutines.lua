-- expect: error E_LIMIT_MEMORY
-- message: memory limit exceeded
return runbook.define{ name = 'hostile', run = function(p)
local t = {} for i = 1, 1e7 do t[i] = coroutine.create(print) end
end }
