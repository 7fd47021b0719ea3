-- expect: exit 2
-- flags: --memory-limit 1e12

return runbook.define{ name = 'x', run = function(p) log.info('ran') end }
