-- expect: error E_LIMIT_CPU
-- message: cpu time limit exceeded
return runbook.define{ name = 'hostile', run = function(p)
local function f(x) return x + 1 end local y = 0 while true do y = f(y) end
end }
