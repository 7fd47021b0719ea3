-- expect: error E_LIMIT_CPU
-- message: cpu time limit exceeded
-- flags: --cpu-limit 0.05
return runbook.define{ name = 'hostile', run = function(p)
while true do end
end }
