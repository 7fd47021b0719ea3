-- expect: exit 2
-- flags: --memory-limit 0

return runbook.define{ name = 'x', run = function(p) log.info('ran') end }
