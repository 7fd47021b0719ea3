-- expect: error E_SCRIPT
-- message: boom
return runbook.define{ name = 'hostile', run = function(p)
runbook.step('a', function() end, function() local s = 'x' while true do s = s .. s end end) error('boom')
end }
