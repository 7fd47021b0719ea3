-- expect: error E_LIMIT_CPU
-- message: cpu time limit exceeded
return runbook.define{ name = 'hostile', run = function(p)
local t = {} for i = 1, 2e5 do t[i] = (i * 7919) % 2e5 end while true do table.sort(t) end
end }
