-- expect: error E_LIMIT_CPU
-- message: cpu time limit exceeded
return runbook.define{ name = 'hostile', run = function(p)
local s = ('a'):rep(40) local x = s:find(('a*'):rep(12) .. 'b')
end }
