-- expect: ok
-- message: ran
return coroutine.wrap(function() return runbook.define{ name = 'x', run = function() log.info('ran') end } end)()
