-- expect: ok
-- message: bom ok
return runbook.define{ name = 'x', run = function() log.info('bom ok') end }
