-- expect: ok
-- message: ran
return runbook.define{ name = 'x', run = function() log.info('ran') end }, 1, setmetatable({}, {__gc = print})
