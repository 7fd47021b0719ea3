-- expect: error E_ARG_DOMAIN
-- message: params keys must be parameter names
return runbook.define{ name = 'x', params = { ['a\27b'] = { type = 'string', default = 'v' } }, run = function(p) log.info('ran') end }
