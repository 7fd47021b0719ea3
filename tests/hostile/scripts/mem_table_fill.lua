-- expect: error E_LIMIT_MEMORY
-- message: memory limit exceeded
return runbook.define{ name = 'hostile', run = function(p)
local t = {} local i = 0 while true do i = i + 1 t[i] = {i} end
end }
