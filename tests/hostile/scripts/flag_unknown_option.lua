-- expect: exit 2
-- flags: --sandbox off

return runbook.define{ name = 'x', run = function(p) log.info('ran') end }
