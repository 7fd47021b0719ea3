-- expect: error E_SCRIPT
-- the undo loops: the compensation budget stops it, the run reports its own failure
-- message: boom
return runbook.define{ name = 'hostile', run = function(p)
runbook.step('a', function() end, function() while true do end end) error('boom')
end }
