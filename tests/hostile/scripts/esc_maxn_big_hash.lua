-- expect: error E_LIMIT_CPU
-- message: cpu time limit exceeded
return runbook.define{ name = 'hostile', run = function(p)
local t = {} for i = 1, 2e5 do t[i + 0.5] = true end while true do local m = table.maxn(t) end
end }
