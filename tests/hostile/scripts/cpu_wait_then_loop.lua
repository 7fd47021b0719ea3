-- expect: error E_LIMIT_CPU
-- message: cpu time limit exceeded
return runbook.define{ name = 'hostile', run = function(p)
runbook.wait(0.05) while true do end
end }
