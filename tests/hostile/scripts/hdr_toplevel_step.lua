-- expect: ok
-- message: ran
runbook.step('early', function() end)
return runbook.define{ name = 'x', run = function() log.info('ran') end }
