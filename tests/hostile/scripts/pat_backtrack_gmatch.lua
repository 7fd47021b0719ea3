-- expect: error E_LIMIT_CPU
-- message: cpu time limit exceeded
return runbook.define{ name = 'hostile', run = function(p)
for x in ('a'):rep(5000):gmatch(('a*'):rep(6) .. 'b') do end
end }
