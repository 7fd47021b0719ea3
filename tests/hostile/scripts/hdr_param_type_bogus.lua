-- expect: error E_ARG_DOMAIN
return runbook.define{ name = 'x', params = { n = { type = 'function' } }, run = function() end }
