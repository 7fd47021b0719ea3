-- expect: error E_SCRIPT
-- message: boom
-- flags: --wall-limit 1
return runbook.define{ name = 'hostile', run = function(p)
runbook.step('a', function() end, function() while true do runbook.wait(0.5) end end) error('boom')
end }
