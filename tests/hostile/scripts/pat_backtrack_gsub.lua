-- expect: error E_LIMIT_CPU
-- message: cpu time limit exceeded
return runbook.define{ name = 'hostile', run = function(p)
local s = ('a'):rep(3000):gsub(('a-'):rep(6) .. 'b', 'x')
end }
