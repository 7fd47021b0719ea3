-- expect: error E_LIMIT_CPU
-- message: cpu time limit exceeded
return runbook.define{ name = 'hostile', run = function(p)
local s = ('1'):rep(8 * 2^20) while true do local x = tonumber(s, 16) end
end }
