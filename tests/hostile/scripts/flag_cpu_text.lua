-- expect: exit 2
-- flags: --cpu-limit fast

return runbook.define{ name = 'x', run = function(p) log.info('ran') end }
