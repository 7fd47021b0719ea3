-- expect: error E_LIMIT_CPU
-- message: cpu time limit exceeded
return runbook.define{ name = 'hostile', run = function(p)
local s = ('a'):rep(8 * 2^20) while true do local x = s:find('aaaaaaaaab', 1, true) end
end }
