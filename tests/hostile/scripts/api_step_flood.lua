-- expect: error E_LIMIT_STEPS
-- message: step count limit exceeded
return runbook.define{ name = 'hostile', run = function(p)
while true do pcall(runbook.step, 's', function() end) end
end }
