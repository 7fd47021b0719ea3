-- expect: error E_LIMIT_CPU
-- message: cpu time limit exceeded
return runbook.define{ name = 'hostile', run = function(p)
local a = ('a'):rep(4 * 2^20) local b = ('a'):rep(4 * 2^20 - 1) .. 'b' while true do local x = a < b end
end }
