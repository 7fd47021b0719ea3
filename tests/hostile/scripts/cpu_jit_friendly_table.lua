-- expect: error E_LIMIT_CPU
-- message: cpu time limit exceeded
return runbook.define{ name = 'hostile', run = function(p)
local t = {} local i = 0 while true do i = (i + 1) % 256 t[i] = i * 2 end
end }
