-- expect: ok
-- message: ran
local ok, h = pcall(runbook.define, { name = 'x', run = function() log.info('ran') end })
return h
