-- expect: error E_LIMIT_CPU
-- message: cpu time limit exceeded
return runbook.define{ name = 'hostile', run = function(p)
local s = ('a'):rep(30) local x = s:match(('a?'):rep(30) .. ('a'):rep(30) .. 'b')
end }
