-- expect: error E_LIMIT_CPU
-- message: cpu time limit exceeded
return runbook.define{ name = 'hostile', run = function(p)
local x = 0 for i = 1, 1e15 do x = (x + i * 3) % 1000003 end
end }
