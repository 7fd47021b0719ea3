-- expect: ok
-- message: cr ok
local a = 1return runbook.define{ name = 'x', run = function() log.info('cr ok') end }