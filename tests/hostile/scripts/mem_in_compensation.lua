-- expect: error E_SCRIPT
-- message: boom
-- flags: --cpu-limit 3
-- (a generous CPU limit: the memory/other outcome must win even on a loaded machine)
return runbook.define{ name = 'hostile', run = function(p)
runbook.step('a', function() end, function() local s = 'x' while true do s = s .. s end end) error('boom')
end }
