-- expect: error E_LIMIT_STEPS
-- message: step count limit exceeded
-- flags: --cpu-limit 3
-- (a generous CPU limit: the memory/other outcome must win even on a loaded machine)
return runbook.define{ name = 'hostile', run = function(p)
while true do pcall(runbook.step, 's', function() end) end
end }
