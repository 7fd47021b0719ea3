-- expect: exit 2
-- flags: --wall-limit inf

return runbook.define{ name = 'x', run = function(p) log.info('ran') end }
