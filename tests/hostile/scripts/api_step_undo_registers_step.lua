-- expect: error E_SCRIPT
-- message: boom
return runbook.define{ name = 'hostile', run = function(p)
runbook.step('a', function() end, function() runbook.step('inner', function() end, function() while true do end end) end) error('boom')
end }
