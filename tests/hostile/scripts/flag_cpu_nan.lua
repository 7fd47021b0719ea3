-- expect: exit 2
-- flags: --cpu-limit nan

return runbook.define{ name = 'x', run = function(p) log.info('ran') end }
