-- expect: ok
-- message: waited before define
runbook.wait(0.05)
return runbook.define{ name = 'x', run = function() log.info('waited before define') end }
