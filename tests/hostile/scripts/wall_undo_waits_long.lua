-- expect: error E_SCRIPT
-- an undo that waits: the compensation may not outlive the --wall-limit the operator gave
-- message: boom
-- flags: --wall-limit 1
return runbook.define{ name = 'hostile', run = function(p)
runbook.step('a', function() end, function() runbook.wait(250) end) error('boom')
end }
