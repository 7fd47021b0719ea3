-- expect: ok
-- message: n=7
return runbook.define{ name = 'x', params = { n = { type = 'integer', default = 7 } }, run = function(p) log.info('n=' .. p.n) end }
