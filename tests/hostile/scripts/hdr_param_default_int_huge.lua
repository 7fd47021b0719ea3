-- expect: error E_ARG_DOMAIN
return runbook.define{ name = 'x', params = { n = { type = 'integer', default = 1e300 } }, run = function(p) log.info('n=' .. p.n) end }
