-- expect: error E_LIMIT_MEMORY
-- message: memory limit exceeded
return runbook.define{ name = 'hostile', run = function(p)
local t = {} for i = 1, 1e9 do t[i] = i end
end }
