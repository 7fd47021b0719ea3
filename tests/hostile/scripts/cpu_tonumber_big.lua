-- expect: error E_LIMIT_CPU
-- message: cpu time limit exceeded
return runbook.define{ name = 'hostile', run = function(p)
local s = (' '):rep(4 * 2^20) .. '1' while true do local x = tonumber(s) end
end }
