-- expect: exit 2
-- flags: --cpu-limit -1

return runbook.define{ name = 'x', run = function(p) log.info('ran') end }
