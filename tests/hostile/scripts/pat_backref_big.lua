-- expect: error E_LIMIT_CPU
-- message: cpu time limit exceeded
return runbook.define{ name = 'hostile', run = function(p)
local s = ('a'):rep(1e5) local x = s:match('(a+)%1b')
end }
