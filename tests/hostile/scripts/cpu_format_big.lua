-- expect: error E_LIMIT_CPU
-- message: cpu time limit exceeded
return runbook.define{ name = 'hostile', run = function(p)
local s = ('a'):rep(4 * 2^20) while true do local x = string.format('%s%s', s, s) end
end }
