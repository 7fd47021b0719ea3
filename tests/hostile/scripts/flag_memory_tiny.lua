-- expect: error E_HOST|E_LIMIT_MEMORY
-- flags: --memory-limit 0.001

return runbook.define{ name = 'x', run = function(p) log.info('ran') end }
