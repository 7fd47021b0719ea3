-- expect: error E_LIMIT_CPU
-- message: cpu time limit exceeded
return runbook.define{ name = 'hostile', run = function(p)
local t = {} table.move(t, -2^31 + 2, 2^31 - 2, 1)
end }
