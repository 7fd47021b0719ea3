-- expect: error E_LIMIT_CPU
-- host calls in a loop: their CPU counts against the run
-- message: cpu time limit exceeded
return runbook.define{ name = 'hostile', run = function(p)
while true do runbook.elapsed() end
end }
