-- expect: ok
-- message: a
return runbook.define{ name = 'x', run = function() log.info('a‮b⁦c') end }
