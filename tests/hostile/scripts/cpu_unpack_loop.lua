-- expect: error E_LIMIT_CPU
-- message: cpu time limit exceeded
return runbook.define{ name = 'hostile', run = function(p)
local t = {} for i = 1, 7000 do t[i] = i end while true do local a = {unpack(t)} end
end }
