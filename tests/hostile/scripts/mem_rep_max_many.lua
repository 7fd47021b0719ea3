-- expect: error E_LIMIT_MEMORY
-- message: memory limit exceeded
return runbook.define{ name = 'hostile', run = function(p)
local t = {} for i = 1, 100 do t[i] = string.rep('x', 16 * 2^20 - i) end
end }
