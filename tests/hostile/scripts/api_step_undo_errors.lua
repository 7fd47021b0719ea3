-- expect: error E_SCRIPT
-- message: boom
return runbook.define{ name = 'hostile', run = function(p)
runbook.step('a', function() end, function() error('undo failed') end) error('boom')
end }
